import { describe, expect, it } from 'vitest';
import { csvRead, csvSafe } from './csv-cells.js';

describe('formulas in CSV cells', () => {
  it('escapes what a spreadsheet would evaluate, leaves numbers and phone numbers alone', () => {
    expect(csvSafe('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvSafe('@cmd')).toBe("'@cmd");
    expect(csvSafe("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvSafe('+7 (912) 345-67-89')).toBe('+7 (912) 345-67-89');
    expect(csvSafe('-15.50')).toBe('-15.50');
    expect(csvSafe('Иванов')).toBe('Иванов');
    expect(csvSafe(42)).toBe(42);
  });
  it('reads back exactly what was exported, a leading apostrophe of the value itself included', () => {
    for (const v of ['=SUM(A1:A2)', "'=foo", "''@x", "it's", "'plain", '+7 912', '-2+cmd']) expect(csvRead(csvSafe(v))).toBe(v);
  });
});
