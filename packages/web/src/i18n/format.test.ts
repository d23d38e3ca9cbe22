import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMegabytes, formatTime, localDay, localizeDecimal } from './format';

describe('decimals as people of each language write them', () => {
  it('groups and separates without losing a digit', () => {
    expect(localizeDecimal('1234567.50', 'ru')).toBe('1\u00a0234\u00a0567,50');
    expect(localizeDecimal('1234567.50', 'en')).toBe('1,234,567.50');
    expect(localizeDecimal('1234567.50', 'uk')).toBe('1\u00a0234\u00a0567,50');
    expect(localizeDecimal('1234567.50', 'zh')).toBe('1,234,567.50');
    expect(localizeDecimal('-0.000001', 'ru')).toBe('-0,000001');
    expect(localizeDecimal('12345678901234.5678', 'en', false)).toBe('12345678901234.5678');
    expect(localizeDecimal('12,5', 'ru')).toBe('12,5');
  });
});

describe('dates', () => {
  it('a day is the same day on any clock, even after a moment was shown first', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York'; // west of UTC: midnight UTC is the evening before
    try {
      expect(formatDateTime('2026-04-01T02:30:00Z', 'en')).toMatch(/^Mar 31, 2026/);
      expect(formatDate('2026-04-01T02:30:00Z', 'en')).toBe('Mar 31, 2026'); // a moment's day on this clock
      expect(formatDate('2026-04-01', 'en')).toBe('Apr 1, 2026');
    } finally {
      if (before === undefined) delete process.env.TZ; else process.env.TZ = before;
    }
  });
});

describe('times and days on the user\'s clock', () => {
  const onClock = (zone: string, fn: () => void) => {
    const before = process.env.TZ;
    process.env.TZ = zone;
    try { fn(); } finally { if (before === undefined) delete process.env.TZ; else process.env.TZ = before; }
  };
  it('a time of day in each language, the hour always there', () => {
    onClock('Europe/Moscow', () => {
      expect(formatTime('2026-03-31T11:30:00Z', 'ru')).toBe('14:30');
      expect(formatTime('2026-03-31T11:30:00Z', 'zh')).toBe('14:30');
      expect(formatTime('2026-03-31T11:30:00Z', 'en')).toMatch(/^2:30\sPM$/);
    });
  });
  it('today is the local date, not the UTC one, near midnight', () => {
    onClock('America/New_York', () => expect(localDay(new Date('2026-04-01T02:30:00Z'))).toBe('2026-03-31'));
    onClock('Asia/Shanghai', () => expect(localDay(new Date('2026-03-31T17:30:00Z'))).toBe('2026-04-01'));
  });
});

describe('sizes', () => {
  it('a backup size carries the unit of the reader\'s language', () => {
    expect(formatMegabytes(1_572_864, 'en')).toBe('1.5 MB');
    expect(formatMegabytes(1_572_864, 'ru')).toMatch(/^1,5\s?МБ$/);
    expect(formatMegabytes(1_572_864, 'uk')).toMatch(/^1,5\s?МБ$/);
  });
});
