/**
 * Subtotals from the finest groups. The database groups by every key at once — a plain GROUP BY runs in parallel,
 * grouping sets do not — and the subtotal levels (summary: each prefix of the keys; matrix: rows, columns) and the
 * grand total are added up here from those rows. Pure.
 */
import Decimal from 'decimal.js';

/** One finest group as the database returns it: its keys, record count, and each aggregate's partial value. */
export interface FinestRow { keys: (string | null)[]; n: number; unrated: boolean; parts: unknown[]; counts: unknown[] }
export interface Aggregate { fn: 'count' | 'sum' | 'avg' | 'min' | 'max'; type: string }
/** A combined group in the shape the result builder reads: keys g0…, `lvl` = grouping() bits, `n`, values v0…. */
export type LevelRow = Record<string, unknown> & { lvl: number; n: number; unrated: boolean };

const isNull = (v: unknown) => v === null || v === undefined;
const dec = (v: unknown) => new Decimal(v instanceof Date ? v.getTime() : (v as Decimal.Value));
const iso = (v: unknown, type: string) => (v instanceof Date ? (type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString()) : v);

/** The final value of one aggregate over several finest groups. */
function combine(a: Aggregate, rows: FinestRow[], i: number): string | number | null {
  const parts = rows.map((r) => r.parts[i]).filter((v) => !isNull(v));
  if (a.fn === 'count') return parts.reduce<number>((s, v) => s + Number(v), 0);
  if (!parts.length) return null;
  if (a.fn === 'sum' || a.fn === 'avg') {
    const sum = parts.reduce<Decimal>((s, v) => s.plus(dec(v)), new Decimal(0));
    if (a.fn === 'sum') return a.type === 'money' ? sum.toFixed(2) : a.type === 'integer' ? sum.toNumber() : sum.toString();
    const count = rows.reduce((s, r) => s + Number(r.counts[i] ?? 0), 0);
    return count ? sum.div(count).toFixed(a.type === 'money' ? 2 : 4) : null;
  }
  const values = parts.map((v) => iso(v, a.type));
  const numeric = !['date', 'datetime'].includes(a.type);
  const pick = values.reduce((best, v) => {
    const less = numeric ? dec(v).lessThan(dec(best)) : String(v) < String(best);
    return (a.fn === 'min') === less ? v : best;
  });
  return numeric ? (a.type === 'money' ? dec(pick).toFixed(2) : a.type === 'integer' ? Number(pick) : String(pick)) : (pick as string);
}

function level(rows: FinestRow[], keys: (string | null)[], lvl: number, aggs: Aggregate[]): LevelRow {
  const out: LevelRow = { lvl, n: rows.reduce((s, r) => s + r.n, 0), unrated: rows.some((r) => r.unrated) };
  keys.forEach((k, i) => { out[`g${i}`] = k; });
  aggs.forEach((a, i) => { out[`v${i}`] = combine(a, rows, i); });
  return out;
}

/** Groups rows by their first `depth` keys, in the order the keys first appear (the rows come sorted). */
function byPrefix(rows: FinestRow[], depth: number, keyIndexes: number[] = [...Array(depth).keys()]): Map<string, FinestRow[]> {
  const m = new Map<string, FinestRow[]>();
  for (const r of rows) {
    const k = JSON.stringify(keyIndexes.map((i) => r.keys[i]));
    (m.get(k) ?? m.set(k, []).get(k)!).push(r);
  }
  return m;
}

/**
 * Every level a report shows: for a summary of n keys the rollup (each prefix, bits `(1 << (n - d)) - 1`), for a
 * matrix cells (0), rows (1), columns (2, ordered by `compare`) and the grand total (all bits).
 */
export function levels(type: string, n: number, rows: FinestRow[], aggs: Aggregate[], compare: (a: string | null, b: string | null) => number): LevelRow[] {
  const out: LevelRow[] = [];
  const nulls = (count: number) => Array<string | null>(count).fill(null);
  if (type === 'matrix' && n === 2) {
    for (const r of rows) out.push(level([r], r.keys, 0, aggs));
    for (const [, members] of byPrefix(rows, 1)) out.push(level(members, [members[0].keys[0], null], 1, aggs));
    const columns = [...byPrefix(rows, 1, [1]).values()].sort((a, b) => compare(a[0].keys[1], b[0].keys[1]));
    for (const members of columns) out.push(level(members, [null, members[0].keys[1]], 2, aggs));
  } else {
    for (let depth = n; depth >= 1; depth--) {
      for (const [, members] of byPrefix(rows, depth)) out.push(level(members, [...members[0].keys.slice(0, depth), ...nulls(n - depth)], (1 << (n - depth)) - 1, aggs));
    }
  }
  out.push(level(rows, nulls(n), (1 << n) - 1, aggs));
  return out;
}
