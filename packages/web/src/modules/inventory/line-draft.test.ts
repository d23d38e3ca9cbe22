import { describe, expect, it } from 'vitest';
import { orNull } from './line-draft';
import { typedNumber } from '../../i18n/format';

describe('numbers typed in the line editor', () => {
  it('reach the API in its form, whatever grouping and decimal comma the user typed', () => {
    expect(orNull('1 234,50')).toBe('1234.50');
    expect(orNull('1\u00a0234,5')).toBe('1234.5');
    expect(orNull(' 20 ')).toBe('20');
    expect(orNull('')).toBeNull();
    // Not a number: sent as typed, so the server names the field.
    expect(orNull('дёшево')).toBe('дёшево');
    // The same in the dialogs that take a price or a percent.
    expect(typedNumber('1 250,50')).toBe('1250.50');
    expect(typedNumber(null)).toBeNull();
  });
});
