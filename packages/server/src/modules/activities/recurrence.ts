/**
 * Occurrences of a recurring event in a window (pure; unit-tested). The rule (RFC 5545 RRULE, parsed and
 * expanded by `@karta/shared`'s bounded expander) is applied to wall-clock time in the owner's time zone, so "every Monday
 * at 10:00" stays at 10:00 across a DST change; each occurrence is then turned back into an instant.
 * `recurrence` is the RRULE value (`FREQ=WEEKLY;COUNT=10;BYDAY=MO`), optionally followed by lines
 * `EXDATE:20261215T100000` (wall-clock, comma-separated) for cancelled occurrences.
 */
import { RecurrenceError, expandWall, occursAtAll, parseRecurrence, recurrenceMessage, type Lang, type RecurrenceRule } from '@karta/shared';
import { fromWall, toWall } from '../../platform/time-zone.js';

const DAY = 86_400_000;

export interface Occurrence { start: string; end: string | null }

/**
 * Checks a recurrence value for an event starting at `startAt` (on the wall clock of `tz`, where the rule runs);
 * returns the reason it is not valid, or null.
 */
export function recurrenceError(recurrence: string, lang: Lang = 'en', startAt?: string, tz = 'UTC'): string | null {
  try {
    const rule = parseRecurrence(recurrence);
    if (startAt && !occursAtAll(rule, toWall(new Date(startAt), tz))) return recurrenceMessage('never', lang);
    return null;
  } catch (e) {
    if (e instanceof RecurrenceError) return recurrenceMessage(e.problem, lang);
    throw e;
  }
}

/**
 * Occurrences overlapping [from, to), at most `max`. The rule runs on wall-clock time in `tz`; a rule that no
 * longer parses (stored before the rules were checked) shows the event once, at its start.
 */
export function occurrences(event: { start_at: string; end_at?: string | null; recurrence?: string | null }, tz: string, from: Date, to: Date, max = 1000,
  budget?: { periods: number }): Occurrence[] {
  const start = new Date(event.start_at);
  const duration = event.end_at ? new Date(event.end_at).getTime() - start.getTime() : null;
  const one = (s: Date): Occurrence => ({ start: s.toISOString(), end: duration === null ? null : new Date(s.getTime() + duration).toISOString() });
  const overlaps = (s: Date) => s.getTime() < to.getTime() && s.getTime() + Math.max(duration ?? 0, 0) >= from.getTime();
  let rule: RecurrenceRule | null = null;
  try { rule = event.recurrence ? parseRecurrence(event.recurrence) : null; } catch { rule = null; }
  if (!rule) return overlaps(start) ? [one(start)] : [];
  // Expand in wall time over a window widened by a day on each side (offsets never exceed 14 hours).
  const walls = expandWall(rule, toWall(start, tz), new Date(from.getTime() - DAY - Math.max(duration ?? 0, 0)), new Date(to.getTime() + DAY), max + 2, (w) => fromWall(w, tz), budget);
  const out: Occurrence[] = [];
  for (const w of walls) {
    const s = fromWall(w, tz);
    if (overlaps(s)) out.push(one(s));
    if (out.length >= max) break;
  }
  return out;
}
