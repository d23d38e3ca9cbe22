import { icsRepeating } from './ics-recurrence.js';
import { describe, expect, it } from 'vitest';
import { occurrences, recurrenceError } from './recurrence.js';

const Y = (s: string) => new Date(s);

describe('recurrence', () => {
  it('a single event appears when it overlaps the window', () => {
    const e = { start_at: '2026-03-10T07:00:00Z', end_at: '2026-03-10T08:00:00Z' };
    expect(occurrences(e, 'Europe/Moscow', Y('2026-03-01'), Y('2026-04-01'))).toEqual([{ start: '2026-03-10T07:00:00.000Z', end: '2026-03-10T08:00:00.000Z' }]);
    expect(occurrences(e, 'Europe/Moscow', Y('2026-04-01'), Y('2026-05-01'))).toEqual([]);
  });

  it('weekly with COUNT: Mondays 10:00 Moscow time, five times', () => {
    const e = { start_at: '2026-03-02T07:00:00Z', end_at: '2026-03-02T08:30:00Z', recurrence: 'FREQ=WEEKLY;COUNT=5;BYDAY=MO' };
    const o = occurrences(e, 'Europe/Moscow', Y('2026-01-01'), Y('2027-01-01'));
    expect(o.map((x) => x.start)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30'].map((d) => `${d}T07:00:00.000Z`));
    expect(o[4].end).toBe('2026-03-30T08:30:00.000Z');
  });

  it('monthly by day: the second Tuesday', () => {
    const e = { start_at: '2026-01-13T06:00:00Z', recurrence: 'FREQ=MONTHLY;BYDAY=+2TU;COUNT=4' };
    expect(occurrences(e, 'Europe/Moscow', Y('2026-01-01'), Y('2026-12-31')).map((x) => x.start.slice(0, 10))).toEqual(['2026-01-13', '2026-02-10', '2026-03-10', '2026-04-14']);
  });

  it('exceptions leave out the cancelled occurrences', () => {
    const e = { start_at: '2026-03-02T07:00:00Z', recurrence: 'FREQ=WEEKLY;COUNT=3;BYDAY=MO\nEXDATE:20260309T100000' };
    expect(occurrences(e, 'Europe/Moscow', Y('2026-01-01'), Y('2027-01-01')).map((x) => x.start.slice(0, 10))).toEqual(['2026-03-02', '2026-03-16']);
  });

  it('keeps the wall-clock time across a DST change (Kyiv, 29 March 2026) and Moscow and Shanghai have none', () => {
    // Mondays 10:00 in Kyiv: UTC+2 before 29 March, UTC+3 after.
    const kyiv = occurrences({ start_at: '2026-03-23T08:00:00Z', recurrence: 'FREQ=WEEKLY;COUNT=2' }, 'Europe/Kyiv', Y('2026-03-01'), Y('2026-05-01'));
    expect(kyiv.map((x) => x.start)).toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    const moscow = occurrences({ start_at: '2026-03-23T07:00:00Z', recurrence: 'FREQ=WEEKLY;COUNT=2' }, 'Europe/Moscow', Y('2026-03-01'), Y('2026-05-01'));
    expect(moscow.map((x) => x.start)).toEqual(['2026-03-23T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    const shanghai = occurrences({ start_at: '2026-10-30T01:00:00Z', recurrence: 'FREQ=DAILY;COUNT=3' }, 'Asia/Shanghai', Y('2026-10-01'), Y('2026-12-01'));
    expect(shanghai.map((x) => x.start)).toEqual(['2026-10-30T01:00:00.000Z', '2026-10-31T01:00:00.000Z', '2026-11-01T01:00:00.000Z']);
  });

  it('an open-ended rule is cut at the window', () => {
    const o = occurrences({ start_at: '2026-01-01T09:00:00Z', recurrence: 'FREQ=DAILY' }, 'Europe/Moscow', Y('2026-02-01T00:00:00Z'), Y('2026-02-08T00:00:00Z'));
    expect(o).toHaveLength(7);
  });

  it('says why a rule is not valid', () => {
    expect(recurrenceError('FREQ=WEEKLY;BYDAY=MO')).toBeNull();
    expect(recurrenceError('every monday')).toMatch(/FREQ|RRULE/);
  });

  it('asks whether a rule ever occurs on the clock it runs on: Monday 01:00 in Moscow is still Sunday in UTC', () => {
    const rule = 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260302T020000';
    expect(recurrenceError(rule, 'en', '2026-03-01T22:00:00Z', 'Europe/Moscow')).toBeNull();
    expect(recurrenceError(rule, 'en', '2026-03-01T22:00:00Z', 'UTC')).toMatch(/never/);
  });
});

describe('a series as an invitation states it (pure)', () => {
  it('cancelled days in the terms of the start: zoned wall times, UTC instants, whole days; a date-only UNTIL through that day', () => {
    expect(icsRepeating('FREQ=WEEKLY;UNTIL=20270412\nEXDATE:20270308T090000,20270315,20270322T080000Z', 'Europe/Berlin', false, '090000')).toBe(
      'RRULE:FREQ=WEEKLY;UNTIL=20270412T215959Z\nEXDATE;TZID=Europe/Berlin:20270308T090000,20270315T090000\nEXDATE:20270322T080000Z');
    expect(icsRepeating('FREQ=DAILY;COUNT=5\nEXDATE:20270302T090000', 'UTC', false, '090000')).toBe('RRULE:FREQ=DAILY;COUNT=5\nEXDATE:20270302T090000Z');
    expect(icsRepeating('FREQ=DAILY;COUNT=5\nEXDATE:20270302,20270303T000000', 'Asia/Shanghai', true, '000000')).toBe('RRULE:FREQ=DAILY;COUNT=5\nEXDATE;VALUE=DATE:20270302,20270303');
  });
});
