/** Periods relative to today for the filter language (`{"field":"close_date","op":"in_period","value":"this_month"}`). */
export const PERIODS = [
  'today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'this_quarter', 'last_quarter', 'this_year', 'last_year',
] as const;
export type Period = (typeof PERIODS)[number];
export const MAX_LAST_N_DAYS = 36_600;

const day = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/** [first day, first day after] of a period around `today` (weeks start on Monday). Pure. */
export function periodRange(period: Period, today: Date): [string, string] {
  const y = today.getUTCFullYear(); const m = today.getUTCMonth(); const d = today.getUTCDate();
  const monday = d - ((today.getUTCDay() + 6) % 7);
  const q = Math.floor(m / 3) * 3;
  switch (period) {
    case 'today': return [day(utc(y, m, d)), day(utc(y, m, d + 1))];
    case 'yesterday': return [day(utc(y, m, d - 1)), day(utc(y, m, d))];
    case 'this_week': return [day(utc(y, m, monday)), day(utc(y, m, monday + 7))];
    case 'last_week': return [day(utc(y, m, monday - 7)), day(utc(y, m, monday))];
    case 'this_month': return [day(utc(y, m, 1)), day(utc(y, m + 1, 1))];
    case 'last_month': return [day(utc(y, m - 1, 1)), day(utc(y, m, 1))];
    case 'this_quarter': return [day(utc(y, q, 1)), day(utc(y, q + 3, 1))];
    case 'last_quarter': return [day(utc(y, q - 3, 1)), day(utc(y, q, 1))];
    case 'this_year': return [day(utc(y, 0, 1)), day(utc(y + 1, 0, 1))];
    default: return [day(utc(y - 1, 0, 1)), day(utc(y, 0, 1))];
  }
}

/** The last `n` days up to and including today: [today − n + 1, tomorrow). */
export function lastDaysRange(n: number, today: Date): [string, string] {
  const y = today.getUTCFullYear(); const m = today.getUTCMonth(); const d = today.getUTCDate();
  return [day(utc(y, m, d - n + 1)), day(utc(y, m, d + 1))];
}

/** A day (YYYY-MM-DD) `n` days later (earlier when negative), in UTC. Pure. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  return day(utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n));
}

/** The period just before one (a key figure's comparison): the same length, ending where it starts. */
export function previousPeriod(period: Period): Period | null {
  const prev: Partial<Record<Period, Period>> = { today: 'yesterday', this_week: 'last_week', this_month: 'last_month', this_quarter: 'last_quarter', this_year: 'last_year' };
  return prev[period] ?? null;
}
