import { describe, expect, it } from 'vitest';
import { localizeDecimal } from './format';

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
