/**
 * When a scheduled report is sent: daily, weekly (on a weekday) or monthly (on a day of the month) at a time
 * in the owner's time zone. Pure functions; the job queue does the waiting.
 */
import { isEmail } from '@karta/shared';
import type { FieldErrors } from '../../platform/errors.js';
import { isTimeZone } from '../../platform/time-zone.js';

export interface ReportSchedule {
  frequency: 'daily' | 'weekly' | 'monthly';
  /** "HH:MM" in the owner's zone. */
  time: string;
  /** 1 = Monday … 7 = Sunday (weekly). */
  weekday?: number;
  /** 1…31; a shorter month sends on its last day (monthly). */
  day?: number;
  format?: 'xlsx' | 'pdf';
  users?: string[];
  emails?: string[];
  active?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_RECIPIENTS = 50;

export function scheduleErrors(raw: unknown): FieldErrors {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { schedule: 'must be an object' };
  const s = raw as Record<string, unknown>;
  const errors: FieldErrors = {};
  if (!['daily', 'weekly', 'monthly'].includes(s.frequency as string)) errors['schedule.frequency'] = 'must be daily, weekly or monthly';
  if (typeof s.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(s.time)) errors['schedule.time'] = 'must be a time HH:MM';
  if (s.frequency === 'weekly' && !(Number.isInteger(s.weekday) && (s.weekday as number) >= 1 && (s.weekday as number) <= 7)) errors['schedule.weekday'] = 'must be 1 (Monday) to 7 (Sunday)';
  if (s.frequency === 'monthly' && !(Number.isInteger(s.day) && (s.day as number) >= 1 && (s.day as number) <= 31)) errors['schedule.day'] = 'must be 1 to 31';
  if (s.format !== undefined && !['xlsx', 'pdf'].includes(s.format as string)) errors['schedule.format'] = 'must be xlsx or pdf';
  const users = s.users ?? [];
  const emails = s.emails ?? [];
  if (!Array.isArray(users) || users.some((u) => typeof u !== 'string' || !UUID.test(u))) errors['schedule.users'] = 'must be a list of record ids';
  if (!Array.isArray(emails) || emails.some((e) => typeof e !== 'string' || !isEmail(e))) errors['schedule.emails'] = 'must be a list of e-mail addresses';
  if (Array.isArray(users) && Array.isArray(emails)) {
    if (users.length + emails.length === 0) errors['schedule.users'] = 'needs at least one recipient';
    if (users.length + emails.length > MAX_RECIPIENTS) errors['schedule.emails'] = 'has too many recipients';
  }
  if (s.active !== undefined && typeof s.active !== 'boolean') errors['schedule.active'] = 'must be true or false';
  return errors;
}

/** The wall-clock parts of an instant in a zone. */
function partsIn(at: Date, zone: string): { y: number; m: number; d: number; hh: number; mm: number; wd: number } {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const wd = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday) + 1;
  return { y: +p.year, m: +p.month, d: +p.day, hh: +p.hour, mm: +p.minute, wd };
}

/** The instant a wall-clock time in a zone names (the zone's offset found by two corrections, enough across DST). */
export function zonedInstant(y: number, m: number, d: number, hh: number, mm: number, zone: string): Date {
  let guess = Date.UTC(y, m - 1, d, hh, mm);
  for (let i = 0; i < 2; i++) {
    const p = partsIn(new Date(guess), zone);
    const shown = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm);
    guess += Date.UTC(y, m - 1, d, hh, mm) - shown;
  }
  return new Date(guess);
}

/** An unknown zone falls back to UTC. */
function validZone(zone: string | null | undefined): string {
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

/** The first time after `after` the schedule sends (looks at most 400 days ahead). */
export function nextRun(s: ReportSchedule, zoneName: string | null | undefined, after: Date): Date {
  const zone = validZone(zoneName);
  const [hh, mm] = s.time.split(':').map(Number);
  const start = partsIn(after, zone);
  for (let i = 0; i <= 400; i++) {
    const day = new Date(Date.UTC(start.y, start.m - 1, start.d + i));
    const y = day.getUTCFullYear(); const m = day.getUTCMonth() + 1; const d = day.getUTCDate();
    const wd = ((day.getUTCDay() + 6) % 7) + 1;
    const lastOfMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const fits = s.frequency === 'daily' || (s.frequency === 'weekly' && wd === s.weekday)
      || (s.frequency === 'monthly' && d === Math.min(s.day ?? 1, lastOfMonth));
    if (!fits) continue;
    const at = zonedInstant(y, m, d, hh, mm, zone);
    if (at > after) return at;
  }
  throw new Error('no run within 400 days');
}
