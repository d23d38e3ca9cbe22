import { addDays, pickText, type Where } from '@karta/shared';
import type { ReportColumn, ReportGroup, ReportResult } from '@karta/shared/reports';
import { sql, type RawBuilder } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { ownerRefs, recordRefs, type Refs } from '../../engine/records/refs.js';
import { companyCurrency } from '../../admin/company-routes.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, say } from '../../platform/messages/say.js';
import { resolveReport, type DateBucket, type ReportDefinition, type ResolvedPath, type ResolvedReport } from './report-definition.js';
import { MoneyConversion, reportFrom } from './report-sql.js';
import { fullRegistry } from '../../engine/access/field-view.js';
import { levels, type FinestRow, type LevelRow } from './report-rollup.js';
import { bucketLabel, bucketRange } from './buckets.js';
import { LINE_ALIAS } from './report-lines.js';
import { RELATED_ALIAS } from './report-related.js';
import { dayStart, userTimeZone } from '../../platform/time-zone.js';

export type { ReportColumn, ReportGroup, ReportResult };

function columnOf(ctx: RequestContext, p: ResolvedPath): ReportColumn {
  const c: ReportColumn = { key: p.path, label: p.label, type: p.field.type, module: p.module.name, field: p.field.name };
  if (p.field.options?.length) c.options = Object.fromEntries(p.field.options.map((o) => [o.value, pickText(o.label, ctx.lang)]));
  return c;
}

const CURRENCY = /^[A-Z]{3}$/;
/** At most this many finest groups are shown (their subtotals with them); the grand total counts everything. */
export const MAX_FINEST_GROUPS = 20_000;

/** Runs a report (saved or previewed) as the caller: only rows the caller may see count. */
export async function runReport(ctx: RequestContext, def: ReportDefinition, opts: { totalsOnly?: boolean } = {}): Promise<ReportResult> {
  const r = resolveReport(ctx, def, { ...opts, timeZone: ctx.user.timeZone ?? await userTimeZone(ctx.db, ctx.user.id) });
  const company = await companyCurrency(ctx.db);
  if (def.currency != null && (typeof def.currency !== 'string' || !CURRENCY.test(def.currency))) {
    throw new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key: 'currency', problem: nested('must be a currency code such as EUR') }), { currency: 'must be a currency code such as EUR' });
  }
  const money = new MoneyConversion(def.currency || company, company, fullRegistry(ctx.registry));
  // Lines' gross profit needs the documents' rate into the company's currency (joined before the lines).
  if (r.lines?.profit) money.docToCompany(r.module);
  const aggInputs = r.aggregates.map((a) => (a.fn === 'count' ? a.expr : money.value(a)));
  const base: ReportResult = {
    type: r.type, module: r.module.name, columns: r.columns.map((c) => columnOf(ctx, c)), rows: [], groups: [], totals: {}, refs: {},
    aggregates: r.aggregates.map((a) => ({ key: a.key, label: aggregateLabel(ctx, a.fn, a.label), fn: a.fn, type: a.fn === 'count' ? 'integer' : a.field.type })),
    grouping: r.groups.map((g) => ({ key: g.path, label: g.label, bucket: g.bucket })),
    currency: money.target, missing_rates: [], truncated: false, chart: def.chart ?? null, time_zone: r.timeZone,
  };
  if (r.type === 'tabular') await tabular(ctx, r, money, base);
  const unrated = { any: false };
  await grouped(ctx, r, money, aggInputs, base, unrated);
  if (unrated.any) base.missing_rates = await missingRates(ctx, r, money);
  return base;
}

function aggregateLabel(ctx: RequestContext, fn: string, label: string): string {
  const names: Record<string, [string, string, string, string]> = {
    count: ['Count', 'Количество', 'Кількість', '数量'], sum: ['Sum', 'Сумма', 'Сума', '合计'], avg: ['Average', 'Среднее', 'Середнє', '平均'],
    min: ['Minimum', 'Минимум', 'Мінімум', '最小'], max: ['Maximum', 'Максимум', 'Максимум', '最大'],
  };
  const [en, ru, uk, zh] = names[fn];
  const name = { en, ru, uk, zh }[ctx.lang];
  return fn === 'count' ? name : `${name}: ${label}`;
}

async function tabular(ctx: RequestContext, r: ResolvedReport, money: MoneyConversion, out: ReportResult): Promise<void> {
  const cols = r.columns.map((c, i) => sql`${c.expr} as ${sql.ref(`c${i}`)}`);
  const order = r.sort.map((s) => {
    const c = r.columns.find((x) => x.path === s.field)!;
    const text = ['text', 'email', 'phone', 'url', 'picklist'].includes(c.field.type);
    return sql`${text ? sql`lower(${c.expr})` : c.expr} ${sql.raw(s.desc ? 'desc nulls last' : 'asc nulls last')}`;
  });
  order.push(sql`t.id`);
  if (r.lines) order.push(sql.ref(`${LINE_ALIAS}.line_no`));
  if (r.related) order.push(sql.ref(`${RELATED_ALIAS}.id`));
  // The money conversion's joins are needed only by aggregates, so the FROM is built after them.
  const from = reportFrom(ctx, r, money);
  const res = await sql<Record<string, unknown>>`${money.with()}select ${sql.join(cols)} ${from} order by ${sql.join(order)} limit ${r.limit + 1}`.execute(ctx.db);
  out.truncated = res.rows.length > r.limit;
  out.rows = res.rows.slice(0, r.limit).map((row) => Object.fromEntries(r.columns.map((c, i) => [c.path, plain(row[`c${i}`], c.field.type)])));
  out.refs = await labelsOf(ctx, r.columns, out.rows.map((row) => r.columns.map((c) => row[c.path])));
}

function plain(v: unknown, type: string): unknown {
  if (v instanceof Date) return type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
  if (typeof v === 'bigint') return Number(v);
  return v ?? null;
}

/** Groups with subtotals (grouping sets: every level in one statement) and the grand total. */
async function grouped(ctx: RequestContext, r: ResolvedReport, money: MoneyConversion, aggInputs: RawBuilder<unknown>[], out: ReportResult, unrated: { any: boolean }): Promise<void> {
  const n = r.groups.length;
  const inner = [
    ...r.groups.map((g, i) => sql`${g.expr} as ${sql.ref(`g${i}`)}`),
    ...aggInputs.map((e, i) => sql`${e} as ${sql.ref(`a${i}`)}`),
    sql`1 as one`,
    // Whether some record's money had no rate: only then is a second pass made to name them.
    sql`${money.converted().length ? sql`(${sql.join(money.converted().map((a) => sql`${sql.ref(`${a}.f`)} is null`), sql` or `)})` : sql`false`} as unrated`,
  ];
  const from = reportFrom(ctx, r, money);
  const keys = r.groups.map((_, i) => sql.ref(`s.g${i}`));
  // Partial values per finest group (avg as its sum and count); the levels above are added up in report-rollup.ts.
  const parts = r.aggregates.flatMap((a, i) => {
    const input = sql.ref(`s.a${i}`);
    const part = a.fn === 'count' ? sql`count(${input})` : a.fn === 'min' ? sql`min(${input})` : a.fn === 'max' ? sql`max(${input})` : sql`sum(${input})`;
    return [sql`${part} as ${sql.ref(`p${i}`)}`, sql`${a.fn === 'avg' ? sql`count(${input})` : sql`null`} as ${sql.ref(`c${i}`)}`];
  });
  const select = [...keys.map((k, i) => sql`${k} as ${sql.ref(`g${i}`)}`), sql`count(s.one)::int as n`, sql`bool_or(s.unrated) as unrated`, ...parts];
  const cap = MAX_FINEST_GROUPS;
  const finest = await sql<Record<string, unknown>>`${money.with()}select ${sql.join(select)} from (select ${sql.join(inner)} ${from}) s
    ${keys.length ? sql`group by ${sql.join(keys)} order by ${sql.join(keys.map((k) => sql`${k} nulls last`))}` : sql``}
    limit ${cap + 1}`.execute(ctx.db);
  const toFinest = (row: Record<string, unknown>): FinestRow => ({
    keys: r.groups.map((_, i) => groupKey(row[`g${i}`])), n: Number(row.n), unrated: Boolean(row.unrated),
    parts: r.aggregates.map((_, i) => row[`p${i}`]), counts: r.aggregates.map((_, i) => row[`c${i}`]),
  });
  let finestRows = finest.rows.map(toFinest);
  const aggs = r.aggregates.map((a) => ({ fn: a.fn, type: a.fn === 'count' ? 'integer' : a.field.type }));
  const collator = new Intl.Collator(ctx.lang, { numeric: true });
  const compare = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : collator.compare(a, b));
  let grandTotal: LevelRow | null = null;
  if (finestRows.length > cap) {
    // Too many groups to show: the first ones are shown, the grand total still counts every record.
    out.truncated = true;
    finestRows = finestRows.slice(0, cap);
    const all = await sql<Record<string, unknown>>`${money.with()}select count(s.one)::int as n, bool_or(s.unrated) as unrated, ${sql.join(parts)} from (select ${sql.join(inner)} ${from}) s`.execute(ctx.db);
    grandTotal = levels('summary', 0, all.rows.map(toFinest).map((x) => ({ ...x, keys: [] })), aggs, compare)[0];
  }
  const computed = levels(r.type, n, finestRows, aggs, compare);
  const res = { rows: grandTotal ? [...computed.filter((x) => x.lvl !== (1 << n) - 1), { ...grandTotal, lvl: (1 << n) - 1 }] : computed };
  const values = (row: Record<string, unknown>) => Object.fromEntries(r.aggregates.map((a, i) => [a.key, aggValue(row[`v${i}`], a.fn, a.field.type)]));
  const labels = await labelsOf(ctx, r.groups, res.rows.map((row) => r.groups.map((_, i) => row[`g${i}`])));
  const node = (row: Record<string, unknown>, depth: number, parentWhere: Where[]): ReportGroup => {
    const g = r.groups[depth];
    const key = groupKey(row[`g${depth}`]);
    const own = drillCondition(r, depth, key);
    const conds = own && parentWhere ? [...parentWhere, own] : null;
    return { key, label: groupLabel(ctx, g, key, g.bucket, labels), aggregates: values(row), ...(conds ? { where: { and: conds } } : {}) };
  };
  const rootWhere: Where[] = r.def.where ? [r.def.where] : [];
  // Rows indexed by level once: up to 20,000 groups are put in place by lookups, never by a scan per parent.
  const byLevel = new Map<unknown, Record<string, unknown>[]>();
  for (const row of res.rows) (byLevel.get(row.lvl) ?? byLevel.set(row.lvl, []).get(row.lvl)!).push(row);
  const all = (bits: number) => byLevel.get(bits) ?? [];
  const full = (1 << n) - 1;
  out.totals = { count: 0, ...Object.fromEntries(r.aggregates.map((a) => [a.key, null])) };
  const total = all(full)[0];
  if (total) out.totals = values(total);
  unrated.any = Boolean(total?.unrated);
  if (n === 0) return;
  if (r.type === 'matrix') {
    // grouping() bits: 1 = the column key rolled up, 2 = the row key; a cell has both keys (0).
    const rows = all(1).map((row) => node(row, 0, rootWhere));
    const rowByKey = new Map(rows.map((p) => [p.key, p]));
    for (const cell of all(0)) {
      const parent = rowByKey.get(groupKey(cell.g0));
      if (parent) (parent.groups ??= []).push(node(cell, 1, parent.where ? (parent.where as { and: Where[] }).and : (null as never)));
    }
    out.groups = rows;
    out.column_groups = all(2).map((row) => node(row, 1, rootWhere));
    return;
  }
  // rollup: a level-d subtotal has the keys 0..d-1 and the rest rolled up (bits (1 << (n-d)) - 1).
  const prefix = (row: Record<string, unknown>, depth: number) => JSON.stringify(r.groups.slice(0, depth).map((_, i) => groupKey(row[`g${i}`])));
  const children = new Map<string, Record<string, unknown>[]>(); // "depth|keys of the levels above" → rows
  for (let depth = 1; depth < n; depth++) {
    for (const row of all((1 << (n - depth - 1)) - 1)) {
      const k = `${depth}|${prefix(row, depth)}`;
      (children.get(k) ?? children.set(k, []).get(k)!).push(row);
    }
  }
  const build = (depth: number, parent: Record<string, unknown> | null, parentWhere: Where[] | null): ReportGroup[] => {
    const bits = (1 << (n - depth - 1)) - 1;
    return (parent ? children.get(`${depth}|${prefix(parent, depth)}`) ?? [] : all(bits))
      .map((row) => {
        const g = node(row, depth, parentWhere ?? (null as never));
        if (depth + 1 < n) g.groups = build(depth + 1, row, g.where ? (g.where as { and: Where[] }).and : null);
        return g;
      });
  };
  out.groups = build(0, null, rootWhere);
}

function groupKey(v: unknown): string | null {
  if (v == null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

function aggValue(v: unknown, fn: string, type: string): string | number | null {
  if (v == null) return fn === 'count' ? 0 : null;
  if (fn === 'count') return Number(v);
  if (v instanceof Date) return type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
  if (type === 'integer' && fn !== 'avg') return Number(v);
  return String(v);
}

/** The list filter equal to one group (only fields of the primary module can be said in it). */
function drillCondition(r: ResolvedReport, depth: number, key: string | null): Where | null {
  const g = r.groups[depth];
  // A line filter cannot be said in the documents' list: such groups link nowhere.
  if (g.alias !== 't' || r.def.line_where) return null;
  if (key === null) return { field: g.field.name, op: 'empty' };
  if (g.bucket) {
    const [from, to] = bucketRange(key, g.bucket);
    return g.field.type === 'datetime'
      ? { and: [{ field: g.field.name, op: 'gte', value: midnight(from, r.timeZone) }, { field: g.field.name, op: 'lt', value: midnight(to, r.timeZone) }] }
      : { field: g.field.name, op: 'between', value: [from, addDays(to, -1)] };
  }
  return { field: g.field.name, op: 'eq', value: g.field.type === 'boolean' ? key === 'true' : g.field.type === 'integer' ? Number(key) : key };
}

/** The moment a day (YYYY-MM-DD) begins in a zone, as the list filter takes it. */
function midnight(day: string, zone: string): string {
  return dayStart(day, zone).toISOString();
}

function groupLabel(ctx: RequestContext, g: ResolvedPath, key: string | null, bucket: DateBucket | null, refs: Refs): string {
  if (key === null) return say('(empty)', ctx.lang);
  if (bucket) return bucketLabel(key, bucket, ctx.lang);
  if (g.field.type === 'boolean') return say(key === 'true' ? 'Yes' : 'No', ctx.lang);
  const option = g.field.options?.find((o) => o.value === key);
  if (option) return pickText(option.label, ctx.lang);
  if (g.field.type === 'reference' || g.field.type === 'owner') return refs[key]?.label ?? say('(hidden)', ctx.lang);
  return key;
}

/** Labels of the references and owners among the values (visible records only). */
async function labelsOf(ctx: RequestContext, paths: ResolvedPath[], rows: unknown[][]): Promise<Refs> {
  const byModule = new Map<string, Set<string>>();
  const owners = new Set<string>();
  paths.forEach((p, i) => {
    const target = p.field.type === 'reference' && p.field.reference?.length === 1 ? p.field.reference[0] : null;
    for (const row of rows) {
      const v = row[i];
      if (typeof v !== 'string') continue;
      if (p.field.type === 'owner') owners.add(v);
      else if (target && ctx.registry.has(target)) (byModule.get(target) ?? byModule.set(target, new Set()).get(target)!).add(v);
    }
  });
  const refs: Refs = {};
  await Promise.all([...byModule].map(async ([mod, ids]) => Object.assign(refs, await recordRefs(ctx, mod, [...ids]))));
  if (owners.size) Object.assign(refs, await ownerRefs(ctx, [...owners]));
  return refs;
}

/** Which currencies had no rate for some records' dates (their money is left out of the sums). */
async function missingRates(ctx: RequestContext, r: ResolvedReport, money: MoneyConversion): Promise<ReportResult['missing_rates']> {
  const from = reportFrom(ctx, r, money);
  const found = new Map<string, ReportResult['missing_rates'][number]>();
  for (const a of money.converted()) {
    const res = await sql<{ currency: string; count: number; from: Date | string; to: Date | string }>`${money.with()}
      select ${sql.ref(`${a}.c`)} as currency, count(*)::int as count, min(${sql.ref(`${a}.d`)}) as from, max(${sql.ref(`${a}.d`)}) as to
      ${from} and ${sql.ref(`${a}.f`)} is null group by 1 order by 1`.execute(ctx.db);
    for (const row of res.rows) {
      const seen = found.get(row.currency);
      const entry = { currency: row.currency, count: row.count, from: day(row.from), to: day(row.to) };
      found.set(row.currency, seen ? { ...entry, count: seen.count + entry.count, from: seen.from < entry.from ? seen.from : entry.from, to: seen.to > entry.to ? seen.to : entry.to } : entry);
    }
  }
  return [...found.values()];
}

const day = (v: Date | string) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
