/**
 * A recurring event as an invitation (.ics) says it: the rule on the owner's wall clock (DTSTART with their TZID, so
 * "every Monday at 10:00" stays at 10:00 across a DST change, as Karta's calendar keeps it), and the cancelled
 * occurrences as EXDATEs in the same terms as the start (RFC 5545), so guests' calendars drop them too. Pure.
 */
import { formatRecurrence, parseRecurrence, type RecurrenceRule } from '@karta/shared';
import { fromWall } from '../../platform/time-zone.js';

/** `startWall`: the series' first start on the owner's clock, `HHMMSS` (a cancelled day names its occurrence by it). */
export function icsRepeating(recurrence: string, zone: string, allDay: boolean, startWall: string): string {
  const { exdates = [], ...rule } = parseRecurrence(recurrence);
  // With a zoned start, UNTIL is an instant (UTC); a date alone runs through that day on the owner's clock.
  if (!allDay && rule.until?.length === 10) rule.until = fromWall(new Date(`${rule.until}T23:59:59Z`), zone).toISOString();
  const lines = [`RRULE:${formatRecurrence(rule as RecurrenceRule)}`];
  if (allDay) {
    if (exdates.length) lines.push(`EXDATE;VALUE=DATE:${[...new Set(exdates.map((d) => d.slice(0, 8)))].join(',')}`);
    return lines.join('\n');
  }
  const wall = exdates.filter((d) => !d.endsWith('Z')).map((d) => (d.length === 8 ? `${d}T${startWall}` : d));
  const utc = exdates.filter((d) => d.endsWith('Z'));
  // On UTC's clock the start is written as an instant (no zone to name): its wall times are instants too.
  if (zone === 'UTC') utc.push(...wall.map((d) => `${d}Z`));
  else if (wall.length) lines.push(`EXDATE;TZID=${zone}:${wall.join(',')}`);
  if (utc.length) lines.push(`EXDATE:${utc.join(',')}`);
  return lines.join('\n');
}
