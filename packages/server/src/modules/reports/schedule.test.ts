import { describe, expect, it } from 'vitest';
import { nextRun, scheduleErrors } from './schedule.js';
import { bucketLabel, bucketRange } from '../analytics/buckets.js';

describe('report schedules', () => {
  it('daily, weekly and monthly runs fall at the owner\'s local time, across a DST change', () => {
    const after = new Date('2026-03-27T12:00:00Z'); // a Friday; Berlin moves to summer time on Sunday 29 March
    expect(nextRun({ frequency: 'daily', time: '08:00' }, 'Europe/Moscow', after).toISOString()).toBe('2026-03-28T05:00:00.000Z');
    expect(nextRun({ frequency: 'daily', time: '15:30' }, 'Europe/Moscow', after).toISOString()).toBe('2026-03-27T12:30:00.000Z');
    expect(nextRun({ frequency: 'weekly', time: '09:00', weekday: 1 }, 'Europe/Berlin', after).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(nextRun({ frequency: 'monthly', time: '09:00', day: 31 }, 'Asia/Shanghai', new Date('2026-04-01T00:00:00Z')).toISOString()).toBe('2026-04-30T01:00:00.000Z');
    expect(nextRun({ frequency: 'daily', time: '00:00' }, 'No/Such_Zone', new Date('2026-01-01T10:00:00Z')).toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it('a bad schedule names each wrong part', () => {
    expect(scheduleErrors({ frequency: 'hourly', time: '25:00', users: [], emails: ['x'] })).toMatchObject({
      'schedule.frequency': expect.anything(), 'schedule.time': expect.anything(), 'schedule.emails': expect.anything(),
    });
    expect(scheduleErrors({ frequency: 'weekly', time: '09:00', emails: ['boss@example.com'] })).toHaveProperty(['schedule.weekday']);
    expect(scheduleErrors({ frequency: 'weekly', time: '09:00', weekday: 5, emails: ['boss@example.com'] })).toEqual({});
    expect(scheduleErrors({ frequency: 'daily', time: '09:00' })).toHaveProperty(['schedule.users']);
  });
});

describe('date buckets', () => {
  it('a period runs from its first day to the next period\'s, named in the reader\'s language', () => {
    expect(bucketRange('2026-01-01', 'quarter')).toEqual(['2026-01-01', '2026-04-01']);
    expect(bucketRange('2026-12-28', 'week')).toEqual(['2026-12-28', '2027-01-04']);
    expect(bucketRange('2024-02-01', 'month')).toEqual(['2024-02-01', '2024-03-01']);
    expect(bucketLabel('2026-03-01', 'month', 'ru')).toBe('март 2026 г.');
    expect(bucketLabel('2026-03-01', 'month', 'zh')).toBe('2026年3月');
    expect(bucketLabel('2026-04-01', 'quarter', 'en')).toBe('Q2 2026');
    expect(bucketLabel('2026-04-01', 'quarter', 'zh')).toBe('2026年第2季度');
  });
});
