/**
 * Occurrences of a recurring event in a window (pure; unit-tested). The rule (RFC 5545 RRULE, parsed and
 * expanded by the `rrule` library) is applied to wall-clock time in the owner's time zone, so "every Monday
 * at 10:00" stays at 10:00 across a DST change; each occurrence is then turned back into an instant.
 * `recurrence` is the RRULE value (`FREQ=WEEKLY;COUNT=10;BYDAY=MO`), optionally followed by lines
 * `EXDATE:20261215T100000` (wall-clock, comma-separated) for cancelled occurrences.
 */
import rrulePkg from 'rrule';

const { RRule } = rrulePkg as unknown as typeof import('rrule');

export interface Occurrence { start: string; end: string | null }

/** Offset of a time zone from UTC at an instant, in minutes. */
function offsetMinutes(instant: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'), n('second'));
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** Wall-clock fields (held in a Date's UTC fields) of an instant in `tz`. */
export function toWall(instant: Date, tz: string): Date {
  return new Date(instant.getTime() + offsetMinutes(instant, tz) * 60_000);
}

/** The instant whose wall clock in `tz` shows `wall` (a wall time inside a DST gap moves forward). */
export function fromWall(wall: Date, tz: string): Date {
  let guess = new Date(wall.getTime() - offsetMinutes(wall, tz) * 60_000);
  guess = new Date(wall.getTime() - offsetMinutes(guess, tz) * 60_000);
  return guess;
}

function parseExdates(lines: string[]): Set<number> {
  const out = new Set<number>();
  for (const line of lines) {
    for (const v of line.replace(/^EXDATE[^:]*:/i, '').split(',')) {
      const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?/.exec(v.trim());
      if (m) out.add(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
    }
  }
  return out;
}

/** Checks a recurrence value; returns the reason it is not valid, or null. */
export function recurrenceError(recurrence: string): string | null {
  const [rule] = recurrence.split(/\r?\n/);
  try {
    RRule.parseString(rule.replace(/^RRULE:/i, ''));
    if (!/FREQ=/i.test(rule)) return 'needs FREQ (for example FREQ=WEEKLY;BYDAY=MO)';
    return null;
  } catch (e) {
    return `is not an RRULE: ${(e as Error).message}`;
  }
}

export function occurrences(event: { start_at: string; end_at?: string | null; recurrence?: string | null }, tz: string, from: Date, to: Date, max = 1000): Occurrence[] {
  const start = new Date(event.start_at);
  const duration = event.end_at ? new Date(event.end_at).getTime() - start.getTime() : null;
  const one = (s: Date): Occurrence => ({ start: s.toISOString(), end: duration === null ? null : new Date(s.getTime() + duration).toISOString() });
  const overlaps = (s: Date) => s.getTime() < to.getTime() && s.getTime() + Math.max(duration ?? 0, 0) >= from.getTime();
  if (!event.recurrence) return overlaps(start) ? [one(start)] : [];
  const [rule, ...rest] = event.recurrence.split(/\r?\n/).filter(Boolean);
  const options = RRule.parseString(rule.replace(/^RRULE:/i, ''));
  const r = new RRule({ ...options, dtstart: toWall(start, tz) });
  const exdates = parseExdates(rest);
  // Expand in wall time over a window widened by a day on each side (offsets never exceed 14 hours).
  const walls = r.between(new Date(from.getTime() - 86_400_000 - (duration ?? 0)), new Date(to.getTime() + 86_400_000), true);
  const out: Occurrence[] = [];
  for (const w of walls) {
    if (exdates.has(w.getTime())) continue;
    const s = fromWall(w, tz);
    if (overlaps(s)) out.push(one(s));
    if (out.length >= max) break;
  }
  return out;
}
