/** Latency statistics: percentiles by linear interpolation between closest ranks (R type 7, like numpy's default). */

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  if (p <= 0) return sorted[0];
  if (p >= 100) return sorted[sorted.length - 1];
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export const median = (sorted: ArrayLike<number>) => percentile(sorted, 50);

export interface Summary {
  count: number;
  errors: number;
  median_ms: number;
  p95_ms: number;
  p99_ms: number;
  mean_ms: number;
  min_ms: number;
  max_ms: number;
  /** Completed requests per second of wall time (all clients together). */
  per_s: number;
}

const r2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : NaN);

export function summarize(latenciesMs: number[], wallMs: number, errors = 0): Summary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    count: sorted.length, errors,
    median_ms: r2(median(sorted)), p95_ms: r2(percentile(sorted, 95)), p99_ms: r2(percentile(sorted, 99)),
    mean_ms: r2(sorted.length ? sum / sorted.length : NaN), min_ms: r2(sorted[0] ?? NaN), max_ms: r2(sorted[sorted.length - 1] ?? NaN),
    per_s: r2(wallMs > 0 ? (sorted.length * 1000) / wallMs : NaN),
  };
}

/** How many times slower the request is than its SQL; null when either side is missing. */
export function ratio(requestMs: number | undefined, sqlMs: number | undefined): number | null {
  if (requestMs === undefined || sqlMs === undefined || !Number.isFinite(requestMs) || !Number.isFinite(sqlMs) || sqlMs <= 0) return null;
  return Math.round((requestMs / sqlMs) * 100) / 100;
}
