/**
 * vTiger keeps an event's start and end as a date and a time apart (`date_start` `time_start`, `due_date`
 * `time_end`, in UTC); Karta keeps two moments. The webservice shows both shapes and takes either; the migration
 * reads vTiger's.
 */
export const EVENT_TIME_FIELDS = [
  { name: 'date_start', type: 'date', label: 'Start Date' },
  { name: 'time_start', type: 'time', label: 'Start Time' },
  { name: 'due_date', type: 'date', label: 'End Date' },
  { name: 'time_end', type: 'time', label: 'End Time' },
] as const;

/** The moments of vTiger's dates and times (`YYYY-MM-DD HH:MM:SS`, UTC); nothing when no start date is given. */
export function eventMoments(rec: Record<string, unknown>): { start_at?: string; end_at?: string } {
  const day = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const start = day(rec.date_start);
  if (!start) return {};
  const startTime = day(rec.time_start) ?? '00:00:00';
  return { start_at: `${start} ${startTime}`, end_at: `${day(rec.due_date) ?? start} ${day(rec.time_end) ?? startTime}` };
}

/** vTiger's dates and times of two moments (UTC). */
export function eventDatesAndTimes(startAt: unknown, endAt: unknown): Record<string, string> {
  const split = (v: unknown) => (v ? new Date(v as string).toISOString() : '');
  const s = split(startAt);
  const e = split(endAt);
  return { date_start: s.slice(0, 10), time_start: s.slice(11, 19), due_date: e.slice(0, 10), time_end: e.slice(11, 19) };
}

/**
 * A revise names some of an event's dates and times: the rest are the stored ones, and an event whose start moves
 * without a new end keeps its length.
 */
export function reviseEventTimes(given: Record<string, unknown>, startAt: unknown, endAt: unknown): Record<string, unknown> {
  const stored = eventDatesAndTimes(startAt, endAt);
  const pick = (name: keyof typeof stored) => (typeof given[name] === 'string' && (given[name] as string).trim() ? (given[name] as string).trim() : stored[name]);
  const out: Record<string, unknown> = { ...given, date_start: pick('date_start'), time_start: pick('time_start') };
  if ('due_date' in given || 'time_end' in given) return { ...out, due_date: pick('due_date'), time_end: pick('time_end') };
  if (!startAt || !endAt) return out;
  const start = Date.parse(`${String(out.date_start)}T${String(out.time_start)}Z`);
  const length = new Date(endAt as string).getTime() - new Date(startAt as string).getTime();
  if (!Number.isFinite(start) || !Number.isFinite(length)) return out;
  const end = eventDatesAndTimes(null, new Date(start + length).toISOString());
  return { ...out, due_date: end.due_date, time_end: end.time_end };
}
