/**
 * ABC by the cumulative share of a measure (the largest first: A while the share before it is under A %, then B under
 * B %, the rest C) and XYZ by the coefficient of variation of monthly values over every month of the period (months
 * without sales count as 0): X under X %, Y under Y %, Z otherwise. Pure; the SQL sums, this classifies.
 */
export interface SubjectTotals { id: string; total: number; /** Σ of squared monthly values (months with sales). */ sumSquares: number }
export interface Thresholds { a: number; b: number; x: number; y: number }
export interface Classified { id: string; amount: number; share: number; abc: 'A' | 'B' | 'C'; xyz: 'X' | 'Y' | 'Z'; cv: number | null }

export const DEFAULT_THRESHOLDS: Thresholds = { a: 80, b: 95, x: 10, y: 25 };

/** Coefficient of variation, in percent, of n monthly values given their total and sum of squares. */
export function variation(total: number, sumSquares: number, months: number): number | null {
  if (months < 1 || total <= 0) return null;
  const mean = total / months;
  const variance = Math.max(0, sumSquares / months - mean * mean);
  return Math.round((Math.sqrt(variance) / mean) * 1000) / 10;
}

export function classify(subjects: SubjectTotals[], months: number, t: Thresholds = DEFAULT_THRESHOLDS): Classified[] {
  const sorted = [...subjects].sort((p, q) => q.total - p.total || p.id.localeCompare(q.id));
  const grand = sorted.reduce((s, x) => s + Math.max(0, x.total), 0);
  let before = 0;
  return sorted.map((s) => {
    const share = grand > 0 ? (Math.max(0, s.total) / grand) * 100 : 0;
    const prior = grand > 0 ? (before / grand) * 100 : 100;
    before += Math.max(0, s.total);
    const abc = s.total > 0 && prior < t.a ? 'A' : s.total > 0 && prior < t.b ? 'B' : 'C';
    const cv = variation(s.total, s.sumSquares, months);
    const xyz = cv === null ? 'Z' : cv < t.x ? 'X' : cv < t.y ? 'Y' : 'Z';
    return { id: s.id, amount: s.total, share: Math.round(share * 100) / 100, abc, xyz, cv };
  });
}

/** The 3×3 matrix: count and amount per combined class (AX … CZ), every cell present. */
export function matrix(items: Classified[]): Record<string, { count: number; amount: number }> {
  const out: Record<string, { count: number; amount: number }> = {};
  for (const a of ['A', 'B', 'C']) for (const x of ['X', 'Y', 'Z']) out[a + x] = { count: 0, amount: 0 };
  for (const i of items) {
    const cell = out[i.abc + i.xyz];
    cell.count++;
    cell.amount = Math.round((cell.amount + i.amount) * 100) / 100;
  }
  return out;
}

/** Months from the first of `from`'s month to `to`'s, both included. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return Math.max(0, (ty - fy) * 12 + (tm - fm) + 1);
}
