import { describe, expect, it } from 'vitest';
import { atLocalTime, canonicalTimeZone, dayEnd, dayStart, wallTimeMoment } from './time-zone.js';

describe('time zones', () => {
  it('names zones canonically and knows no made-up one', () => {
    expect(canonicalTimeZone(' asia/shanghai ')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('CTT')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
  });

  it('finds the first moment of a day, also where the clocks skip midnight', () => {
    expect(dayStart('2026-05-01', 'Europe/Moscow').toISOString()).toBe('2026-04-30T21:00:00.000Z');
    expect(dayStart('2026-05-01', 'Asia/Shanghai').toISOString()).toBe('2026-04-30T16:00:00.000Z');
    expect(dayStart('2026-05-01', 'UTC').toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(dayStart('2026-03-29', 'Europe/Kiev').toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(dayStart('2026-10-25', 'Europe/Kiev').toISOString()).toBe('2026-10-24T21:00:00.000Z');
    // São Paulo jumped from 00:00 to 01:00 on 4 November 2018: the day began at 01:00 (-02), 03:00 UTC.
    expect(dayStart('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(dayStart('2023-09-03', 'America/Santiago').toISOString()).toBe('2023-09-03T04:00:00.000Z');
    expect(dayStart('2026-05-01', 'Pacific/Kiritimati').toISOString()).toBe('2026-04-30T10:00:00.000Z');
    expect(dayStart('2026-05-01', 'Etc/GMT+12').toISOString()).toBe('2026-05-01T12:00:00.000Z');
  });

  it('finds a time of day on a zone\'s clocks (moving forward out of a skipped hour) and the last minute of a day', () => {
    expect(atLocalTime('2026-03-02', '06:00', 'Asia/Shanghai').toISOString()).toBe('2026-03-01T22:00:00.000Z');
    expect(atLocalTime('2026-03-02', '06:00', 'Asia/Shanghai', 1).toISOString()).toBe('2026-03-02T22:00:00.000Z');
    // Berlin skips 02:00–03:00 on 29 March 2026: 02:30 does not exist and becomes 03:30 summer time.
    expect(atLocalTime('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(atLocalTime('2026-10-25', '06:00', 'Europe/Berlin').toISOString()).toBe('2026-10-25T05:00:00.000Z');
    // West of UTC too: New York skips 02:00–03:00 on 8 March 2026 (02:30 → 03:30 EDT), Santiago midnight on 6 September.
    expect(atLocalTime('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(atLocalTime('2026-09-06', '00:30', 'America/Santiago').toISOString()).toBe('2026-09-06T04:30:00.000Z');
    expect(dayEnd('2026-03-02', 'UTC').toISOString()).toBe('2026-03-02T23:59:00.000Z');
    expect(dayEnd('2026-03-02', 'America/New_York').toISOString()).toBe('2026-03-03T04:59:00.000Z');
    expect(dayEnd('2023-09-02', 'America/Santiago').toISOString()).toBe('2023-09-03T03:59:00.000Z');
  });

  it('reads a written date and time in the order the file uses, on a 24- or 12-hour clock', () => {
    expect(wallTimeMoment('01.05.2026 10:30', 'UTC')).toBe('2026-05-01T10:30:00.000Z');
    expect(wallTimeMoment('05/01/2026 10:30', 'UTC', 'month_first')).toBe('2026-05-01T10:30:00.000Z');
    expect(wallTimeMoment('5/1/2026 2:30 PM', 'UTC', 'month_first')).toBe('2026-05-01T14:30:00.000Z');
    expect(wallTimeMoment('5/1/2026 12:05 a.m.', 'UTC', 'month_first')).toBe('2026-05-01T00:05:00.000Z');
    expect(wallTimeMoment('5/1/2026 12:05 PM', 'UTC', 'month_first')).toBe('2026-05-01T12:05:00.000Z');
    expect(wallTimeMoment('31-12-2026', 'UTC')).toBe('2026-12-31T00:00:00.000Z');
    expect(wallTimeMoment('5/1/2026 13:00 PM', 'UTC', 'month_first')).toBeNull();
    expect(wallTimeMoment('12/31/2026', 'UTC')).toBeNull(); // day first: no 31st month
    expect(wallTimeMoment('01.05.2026 2:30 PM', 'UTC', 'month_first')).toBe('2026-05-01T14:30:00.000Z'); // dots are day first
  });

  it('reads two-digit years as Excel and 1C do, and Chinese halves of the day', () => {
    expect(wallTimeMoment('01.05.26 10:30', 'UTC')).toBe('2026-05-01T10:30:00.000Z');
    expect(wallTimeMoment('5/1/26', 'UTC', 'month_first')).toBe('2026-05-01T00:00:00.000Z');
    expect(wallTimeMoment('31.12.29', 'UTC')).toBe('2029-12-31T00:00:00.000Z');
    expect(wallTimeMoment('01.01.30', 'UTC')).toBe('1930-01-01T00:00:00.000Z');
    expect(wallTimeMoment('15.03.85', 'UTC')).toBe('1985-03-15T00:00:00.000Z');
    expect(wallTimeMoment('2026/5/1 14:30', 'UTC')).toBe('2026-05-01T14:30:00.000Z');
    expect(wallTimeMoment('2026年5月1日 下午2:30', 'Asia/Shanghai')).toBe('2026-05-01T06:30:00.000Z');
    expect(wallTimeMoment('2026年5月1日下午2:30', 'UTC')).toBe('2026-05-01T14:30:00.000Z');
    expect(wallTimeMoment('2026/5/1 上午12:05', 'UTC')).toBe('2026-05-01T00:05:00.000Z');
    expect(wallTimeMoment('2026/5/1 中午12:30', 'UTC')).toBe('2026-05-01T12:30:00.000Z');
    expect(wallTimeMoment('2026/5/1 中午11:30', 'UTC')).toBe('2026-05-01T11:30:00.000Z');
    expect(wallTimeMoment('2026/5/1 中午1:15', 'UTC')).toBe('2026-05-01T13:15:00.000Z');
    expect(wallTimeMoment('2026/5/1 晚上9:15', 'UTC')).toBe('2026-05-01T21:15:00.000Z');
    expect(wallTimeMoment('2026/5/1 下午15:00', 'UTC')).toBe('2026-05-01T15:00:00.000Z');
    expect(wallTimeMoment('2026/5/1 上午15:00', 'UTC')).toBeNull();
    expect(wallTimeMoment('2026/5/1 下午2:30 PM', 'UTC')).toBeNull();
    expect(wallTimeMoment('01.05.2026年', 'UTC')).toBeNull();
    expect(wallTimeMoment('01.05.202', 'UTC')).toBeNull();
    expect(wallTimeMoment('26-05-01', 'UTC')).toBeNull(); // a year first, or a day: not guessed
    expect(wallTimeMoment('01/05.26', 'UTC')).toBeNull();
    expect(wallTimeMoment('2026/5/1 晚上12:00', 'UTC')).toBeNull(); // midnight, of which day?
    expect(wallTimeMoment('01.05.0026', 'UTC')).toBeNull(); // not 1926
  });
});
