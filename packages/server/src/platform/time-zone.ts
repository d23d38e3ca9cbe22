import { sql } from 'kysely';
import type { Tx } from './db.js';

/**
 * The name a zone is stored by ("asia/shanghai" → "Asia/Shanghai", "CTT" → "Asia/Shanghai"), or null when the runtime
 * knows none. Names are stored canonical: three-letter IDs mean other zones to PostgreSQL ("IST" is +05:30 here and
 * +02 there), and the database puts moments on days by the stored name.
 */
export function canonicalTimeZone(zone: string): string | null {
  const name = zone.trim();
  let canonical: string;
  try { canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone; } catch { return null; }
  // An area/city name is the same to both (and kept as chosen: Kyiv, which this runtime calls Kiev); only its case is set.
  return name.includes('/') && canonical.toLowerCase() !== name.toLowerCase() ? name : canonical;
}

/** Whether the runtime knows a zone by this name. */
export function isTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

/**
 * The zone a user reads days in: their own setting, else the company's, else the first of `fallback` (by default
 * `KARTA_TIME_ZONE`, else UTC). One statement; a name the runtime does not know is passed over. A group (or `null`)
 * reads the company's.
 */
export async function userTimeZone(db: Tx, userId: string | null, fallback: (string | undefined)[] = [process.env.KARTA_TIME_ZONE, 'UTC']): Promise<string> {
  const r = await sql<{ own: string | null; company: string | null }>`
    select (select time_zone from users where id = ${userId}) as own,
      (select value ->> 'time_zone' from settings where key = 'company') as company`.execute(db);
  const row = r.rows[0];
  return firstTimeZone([row?.own, row?.company, ...fallback]);
}

/**
 * The clock of a record's owner (`assigned_to`): the user's zone, else (a group, nobody) the company's. A writer who
 * owns the record has theirs loaded already (`writer`: the caller's id and zone), which spares the statement.
 */
export function ownerTimeZone(db: Tx, record: Record<string, unknown>, writer?: { id: string; timeZone?: string }): Promise<string> {
  if (writer?.timeZone && record.assigned_to === writer.id) return Promise.resolve(writer.timeZone);
  return userTimeZone(db, typeof record.assigned_to === 'string' ? record.assigned_to : null);
}

/** The first name of `zones` the runtime knows (canonical), else UTC. */
export function firstTimeZone(zones: (string | null | undefined)[]): string {
  for (const z of zones) {
    const known = z ? canonicalTimeZone(z) : null;
    if (known) return known;
  }
  return 'UTC';
}

/** Today in a zone, as the UTC midnight of its date (what the period arithmetic takes). */
export function todayIn(zone: string, now = Date.now()): Date {
  return new Date(localDay(now, zone));
}

/** Today's date (YYYY-MM-DD) on a zone's clocks (no zone: UTC). */
export function todayOf(zone: string | undefined, now = Date.now()): string {
  return todayIn(zone ?? 'UTC', now).toISOString().slice(0, 10);
}

/** Raised after a user's zone (`userId`) or the company's (`userId: null`) changed: what runs on their clock is rebooked. */
export const TIME_ZONE_CHANGED = 'time_zone.changed';

const formats = new Map<string, Intl.DateTimeFormat>();

/** The day (as UTC midnight, ms) a moment falls on in a zone. */
function localDay(ms: number, zone: string): number {
  let f = formats.get(zone);
  if (!f) formats.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' })));
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day);
}

const MINUTE = 60_000;

/**
 * The first moment of a day (YYYY-MM-DD) in a zone — its midnight, or where the clocks skip midnight (Santiago,
 * Havana in spring) the moment they jump to. Found by halving the span of a day's possible starts to the minute.
 */
export function dayStart(day: string, zone: string): Date {
  const target = Date.parse(`${day}T00:00:00Z`);
  // Offsets run from -12 h to +14 h: the day begins between 14 h before and 12 h after its UTC midnight.
  let lo = (target - 15 * 3_600_000) / MINUTE;
  let hi = (target + 13 * 3_600_000) / MINUTE;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid * MINUTE, zone) >= target) hi = mid;
    else lo = mid;
  }
  return new Date(hi * MINUTE);
}

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
  const first = new Date(wall.getTime() - offsetMinutes(wall, tz) * 60_000);
  const second = new Date(wall.getTime() - offsetMinutes(first, tz) * 60_000);
  if (toWall(second, tz).getTime() === wall.getTime()) return second;
  // No instant shows this wall time (the clocks jumped over it): the two guesses straddle the jump; the later one is
  // the same time on the new offset, east or west of UTC.
  return first > second ? first : second;
}

/** A moment as a zone's clocks show it, `YYYY-MM-DD HH:MM:SS`: what a spreadsheet cell holds. */
export function wallClock(moment: string | Date, zone: string, withOffset = false): string {
  const instant = new Date(moment);
  const text = toWall(instant, zone).toISOString().replace('T', ' ').slice(0, 19);
  if (!withOffset) return text;
  // The offset tells apart the two moments of an hour the clocks repeat in autumn.
  const m = offsetMinutes(instant, zone);
  const abs = Math.abs(m);
  return `${text}${m < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** How a file writes a date in numbers only: 31.12.2026 (Russia, Ukraine, 1C, Britain) or 12/31/2026 (the US). */
export type DateOrder = 'day_first' | 'month_first';
export const DATE_ORDERS: readonly DateOrder[] = ['day_first', 'month_first'];

/**
 * A two-digit year as Excel and 1C read it: 00–29 are this century, 30–99 the last (`01.05.26` is 2026,
 * `01.05.85` is 1985). Four digits stay as they are.
 */
export function fullYear(y: string): number {
  const n = Number(y);
  return y.length > 2 ? n : n < 30 ? 2000 + n : 1900 + n;
}

// A time after the date: `10:30`, `10:30:15`, `2:30 PM`, `2:30 a.m.`, or as Excel writes it in Chinese, `下午2:30`
// (上午 morning, 下午 afternoon; 凌晨/早上 before noon, 中午/晚上 from noon). Groups: Chinese half, hour, minute,
// second, AM/PM letter.
const CHINESE_HALVES = '上午|早上|凌晨|下午|中午|晚上';
const TIME = `(?:(?:[ T,]+|(?=${CHINESE_HALVES}))(?:(${CHINESE_HALVES})\\s*)?(\\d{1,2})[:：](\\d{2})(?:[:：](\\d{2}))?(?:\\s*([AaPp])\\.?[Mm]\\.?)?)?$`;
const CHINESE_AM = new Set(['上午', '早上', '凌晨']);

/**
 * The moment a date and time written without a zone means on a zone's clocks: ISO (`2026-05-01 10:30`),
 * day-first (`01.05.2026 10:30`, `01.05.26`) or month-first as `order` says (`05/01/2026 10:30 AM`), year first
 * with slashes (`2026/5/1`), or Chinese (`2026年5月1日 下午2:30`); a date alone is its midnight. Null when the text
 * is none of these (a moment with a zone or offset is left to the caller as it is).
 */
export function wallTimeMoment(text: string, zone: string, order: DateOrder = 'day_first'): string | null {
  const s = text.trim();
  let date: [string, string, string] | null = null; // year, month, day
  let rest: string[] = [];
  let m = s.match(new RegExp(`^(\\d{4})-(\\d{1,2})-(\\d{1,2})${TIME}`)) ?? s.match(new RegExp(`^(\\d{4})(?:年|[/.])(\\d{1,2})(?:月|[/.])(\\d{1,2})日?${TIME}`));
  if (m) { date = [m[1], m[2], m[3]]; rest = m.slice(4); }
  else if ((m = s.match(new RegExp(`^(\\d{1,2})([./-])(\\d{1,2})[./-](\\d{4})${TIME}`)) ?? s.match(new RegExp(`^(\\d{1,2})([./])(\\d{1,2})\\2(\\d{2})${TIME}`)))) {
    // A two-digit year only after dots or slashes: 26-05-01 is more likely a year first than a day.
    // Dots are never month first (31.12.2026 is European and 1C's whatever the file's other dates are).
    const monthFirst = order === 'month_first' && m[2] !== '.';
    date = [m[4], monthFirst ? m[1] : m[3], monthFirst ? m[3] : m[1]];
    rest = m.slice(5);
  }
  if (!date) return null;
  const [chineseHalf, hourText, minuteText, secondText, letter] = rest;
  const y = fullYear(date[0]);
  const [mo, d] = [Number(date[1]), Number(date[2])];
  const [hour, mi, sec] = [hourText, minuteText, secondText].map((x) => Number(x ?? 0));
  // 12-hour clock: 12 AM is midnight, 12 PM noon; "13:00 PM" is no time at all. 下午3:00 is 15:00, and so is
  // 下午15:00 (a 24-hour time with its half named); 上午15:00 is nothing.
  const half = letter ? letter.toLowerCase() : chineseHalf ? (CHINESE_AM.has(chineseHalf) ? 'a' : 'p') : undefined;
  if (letter && chineseHalf) return null;
  if (letter && (hour < 1 || hour > 12)) return null;
  if (half === 'a' && hour > 12) return null;
  if (chineseHalf === '晚上' && hour === 12) return null; // midnight, but of which day: not guessed
  // 中午 is the hours about noon: 11:30 stays, 1:00 is 13:00.
  const h = half === 'p' && !(chineseHalf === '中午' && hour >= 11) ? (hour < 12 ? hour + 12 : hour) : half === 'a' ? hour % 12 : hour;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return null;
  if (y < 1000) return null; // 01.05.0026 is a typing slip, not a moment to book
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  if (wall.getUTCDate() !== d) return null; // 31 April
  return fromWall(wall, zone).toISOString();
}

/** The moment a day (YYYY-MM-DD) shows `time` (HH:MM) on a zone's clocks, `days` later: a task due in the morning of its date. */
export function atLocalTime(day: string, time: string, zone: string, days = 0): Date {
  return fromWall(new Date(Date.parse(`${day}T${time}:00Z`) + days * 86_400_000), zone);
}

/** The last minute of a day (YYYY-MM-DD) on a zone's clocks: a deadline met that day is met. */
export function dayEnd(day: string, zone: string): Date {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return new Date(dayStart(next, zone).getTime() - MINUTE);
}
