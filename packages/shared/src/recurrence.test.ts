import rrulePkg from 'rrule';
import { describe, expect, it } from 'vitest';
import { MAX_PERIODS, describeRecurrence, expandWall, formatRecurrence, occursAtAll, parseRecurrence, recurrenceMessage, RecurrenceError } from './recurrence.js';

// rrule (the library Karta used before) is the oracle for the rules both understand.
const { RRule } = rrulePkg as unknown as typeof import('rrule');
const D = (s: string) => new Date(s);

function both(rule: string, start: string, from: string, to: string) {
  const ours = expandWall(parseRecurrence(rule), D(start), D(from), D(to), 5000).map((d) => d.toISOString());
  const theirs = new RRule({ ...RRule.parseString(rule), dtstart: D(start) }).between(D(from), D(to), true)
    .filter((d) => d < D(to)).map((d) => d.toISOString());
  return { ours, theirs };
}

describe('recurrence rules: expansion agrees with RFC 5545 as rrule reads it', () => {
  const cases: [string, string][] = [
    ['FREQ=DAILY;INTERVAL=3', '2025-01-07T09:00:00Z'],
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', '2026-01-01T08:30:00Z'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR', '2025-11-05T10:00:00Z'],
    ['FREQ=WEEKLY;BYDAY=SU;WKST=SU;INTERVAL=3', '2026-02-01T10:00:00Z'],
    ['FREQ=MONTHLY;BYMONTHDAY=31', '2025-01-31T12:00:00Z'],
    ['FREQ=MONTHLY', '2025-01-31T12:00:00Z'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', '2025-01-31T12:00:00Z'],
    ['FREQ=MONTHLY;BYDAY=-1FR', '2025-03-28T15:00:00Z'],
    ['FREQ=MONTHLY;BYDAY=+2TU;INTERVAL=2', '2025-01-14T06:00:00Z'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '2025-01-31T17:00:00Z'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', '2024-02-29T09:00:00Z'],
    ['FREQ=YEARLY;BYMONTH=3,9;BYDAY=1MO', '2025-03-03T09:00:00Z'],
    ['FREQ=YEARLY', '2020-12-25T00:00:00Z'],
    ['FREQ=WEEKLY;COUNT=7;BYDAY=TU,TH', '2026-01-06T09:00:00Z'],
    ['FREQ=DAILY;UNTIL=20260315T090000Z', '2026-03-01T09:00:00Z'],
  ];
  for (const [rule, start] of cases) {
    it(rule, () => {
      const { ours, theirs } = both(rule, start, '2026-01-01T00:00:00Z', '2028-06-01T00:00:00Z');
      expect(ours).toEqual(theirs);
      expect(ours.length).toBeGreaterThan(0);
    });
  }

  it('counts COUNT from the first occurrence even when the window is later', () => {
    const { ours, theirs } = both('FREQ=DAILY;COUNT=40', '2025-12-10T09:00:00Z', '2026-01-10T00:00:00Z', '2026-03-01T00:00:00Z');
    expect(ours).toEqual(theirs);
    expect(ours).toHaveLength(9);
  });

  it('a date-only UNTIL includes that whole day (rrule stops at its midnight)', () => {
    const got = expandWall(parseRecurrence('FREQ=DAILY;UNTIL=20260315'), D('2026-03-01T09:00:00Z'), D('2026-01-01'), D('2027-01-01'));
    expect(got.at(-1)!.toISOString()).toBe('2026-03-15T09:00:00.000Z');
    expect(got).toHaveLength(15);
  });

  it('leaves out the cancelled occurrences (EXDATE)', () => {
    const r = parseRecurrence('FREQ=WEEKLY;BYDAY=MO\nEXDATE:20260309T100000,20260323');
    const got = expandWall(r, D('2026-03-02T10:00:00Z'), D('2026-03-01'), D('2026-04-01')).map((d) => d.toISOString().slice(0, 10));
    expect(got).toEqual(['2026-03-02', '2026-03-16', '2026-03-30']);
  });
});

describe('recurrence rules: bounded whatever is stored', () => {
  it('a daily rule from the year 1 answers a week in 2026 with seven occurrences (it does not walk from the start)', () => {
    const got = expandWall(parseRecurrence('FREQ=DAILY'), D('0001-01-01T10:00:00Z'), D('2026-03-02T00:00:00Z'), D('2026-03-09T00:00:00Z'));
    expect(got).toHaveLength(7);
    expect(got[0].toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });
  it('a rule that can never occur stops at the end of the window, or after MAX_PERIODS', () => {
    const never = parseRecurrence('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30');
    expect(expandWall(never, D('1970-01-01T10:00:00Z'), D('2026-01-01'), D('2027-01-01'))).toEqual([]);
    expect(occursAtAll(never, D('1970-01-01T10:00:00Z'))).toBe(false);
    expect(MAX_PERIODS).toBeLessThanOrEqual(50_000);
    expect(occursAtAll(parseRecurrence('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29'), D('2025-03-01T10:00:00Z'))).toBe(true);
  });
  it('keeps each listed value once, so a list repeated thousands of times costs what the list costs', () => {
    const rule = parseRecurrence(`FREQ=MONTHLY;BYSETPOS=${'366,'.repeat(300)}-1;BYMONTHDAY=${'1,'.repeat(300)}-1;BYDAY=${'MO,'.repeat(500)}1MO,-1FR,MO`);
    expect(rule.byDay).toEqual([{ day: 0 }, { day: 0, n: 1 }, { day: 4, n: -1 }]);
    expect(rule.byMonthDay).toEqual([1, -1]);
    expect(rule.bySetPos).toEqual([366, -1]);
    expect(parseRecurrence(`FREQ=YEARLY;BYMONTH=${'2,'.repeat(400)}3`).byMonth).toEqual([2, 3]);
    // Weekdays found by arithmetic, not by walking the month: the last Friday and first Monday of March 2026.
    const got = expandWall(parseRecurrence('FREQ=MONTHLY;BYDAY=1MO,-1FR'), D('2026-03-01T09:00:00Z'), D('2026-03-01'), D('2026-04-01'));
    expect(got.map((d) => d.toISOString().slice(0, 10))).toEqual(['2026-03-02', '2026-03-27']);
    // A month BYMONTH leaves out yields nothing, from the year 1000 on (a leap day on a Monday, 1,000 times).
    const leap = parseRecurrence('FREQ=MONTHLY;COUNT=1000;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO');
    expect(expandWall(leap, D('1000-01-01T10:00:00Z'), D('2026-01-01'), D('2027-01-01'))).toEqual([]);
    expect(expandWall(leap, D('1000-01-01T10:00:00Z'), D('2016-01-01'), D('2017-01-01')).map((d) => d.toISOString().slice(0, 10))).toEqual(['2016-02-29']);
  });
  it('stops at `max` occurrences', () => {
    expect(expandWall(parseRecurrence('FREQ=DAILY'), D('2026-01-01T10:00:00Z'), D('2026-01-01'), D('2027-01-01'), 10)).toHaveLength(10);
  });
});

describe('recurrence rules: what is refused, in the caller language', () => {
  const problem = (text: string) => { try { parseRecurrence(text); return null; } catch (e) { return (e as RecurrenceError).problem; } };
  it('refuses frequencies below daily and parts a CRM calendar does not use', () => {
    expect(problem('FREQ=MINUTELY')).toBe('too_often');
    expect(problem('FREQ=SECONDLY;INTERVAL=1')).toBe('too_often');
    expect(problem('FREQ=HOURLY')).toBe('too_often');
    expect(problem('FREQ=DAILY;BYHOUR=9,10')).toBe('unsupported');
    expect(problem('FREQ=WEEKLY;BYDAY=2MO')).toBe('unsupported');
    expect(problem('FREQ=DAILY;COUNT=1001')).toBe('value');
    expect(problem('FREQ=DAILY;INTERVAL=0')).toBe('value');
    expect(problem('FREQ=DAILY;COUNT=3;UNTIL=20270101')).toBe('count_until');
    expect(problem('каждый понедельник')).toBe('not_rule');
    expect(problem('BYDAY=MO')).toBe('freq');
    expect(problem('FREQ=WEEKLY;BYDAY=MO')).toBeNull();
  });
  it('says so in four languages', () => {
    expect(recurrenceMessage('too_often', 'ru')).toMatch(/не чаще/);
    expect(recurrenceMessage('too_often', 'zh')).toMatch(/每天/);
    expect(recurrenceMessage('not_rule', 'uk')).toMatch(/правилом/);
  });
  it('formats back what it parsed', () => {
    for (const text of ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=10', 'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231', 'FREQ=YEARLY;BYMONTHDAY=5;BYMONTH=3', 'FREQ=DAILY\nEXDATE:20260309T100000']) {
      expect(formatRecurrence(parseRecurrence(text))).toBe(text);
    }
  });
});

describe('recurrence rules in words', () => {
  const say = (rule: string, lang: 'en' | 'ru' | 'uk' | 'zh') => describeRecurrence(parseRecurrence(rule), lang);
  it('in the four languages, with plural forms and grammatical cases', () => {
    expect(say('FREQ=WEEKLY;BYDAY=MO', 'ru')).toBe('каждую неделю в понедельник');
    expect(say('FREQ=WEEKLY;BYDAY=TU', 'ru')).toBe('каждую неделю во вторник');
    expect(say('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=10', 'ru')).toBe('каждые 2 недели в понедельник и среду, 10 раз');
    expect(say('FREQ=WEEKLY;INTERVAL=5;BYDAY=FR;COUNT=2', 'uk')).toBe("кожні 5 тижнів у п'ятницю, 2 рази");
    expect(say('FREQ=MONTHLY;BYDAY=-1FR', 'ru')).toBe('каждый месяц в последнюю пятницу');
    expect(say('FREQ=MONTHLY;BYDAY=2TU;COUNT=3', 'en')).toBe('every month on the second Tuesday, 3 times');
    expect(say('FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8', 'ru')).toBe('каждый год 8 марта');
    expect(say('FREQ=DAILY;UNTIL=20261231', 'zh')).toBe('每天，直到2026年12月31日');
    expect(say('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=10', 'zh')).toBe('每2周的星期一、星期三，共10次');
    expect(say('FREQ=MONTHLY;BYMONTHDAY=15', 'uk')).toBe('щомісяця 15-го числа');
  });
});
