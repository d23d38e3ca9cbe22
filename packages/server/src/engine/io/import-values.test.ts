import type { FieldDef } from '@karta/shared';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../context.js';
import { CellConverter } from './import-values.js';

// Dates and times need nothing of the context but the importer's zone.
const converter = (order?: 'day_first' | 'month_first') => new CellConverter({ user: { timeZone: 'Europe/Moscow' } } as unknown as RequestContext, order);
const dateField = { name: 'close_date', type: 'date' } as FieldDef;
const timeField = { name: 'start_at', type: 'datetime' } as FieldDef;

describe('import cell conversion: dates', () => {
  it('reads a date as the file writes it, in the order it uses', async () => {
    const dayFirst = converter();
    expect(await dayFirst.value(dateField, '31.12.2026')).toBe('2026-12-31');
    expect(await dayFirst.value(dateField, '31.12.2026 г.')).toBe('2026-12-31');
    expect(await dayFirst.value(dateField, '31.12.26')).toBe('2026-12-31');
    expect(await dayFirst.value(dateField, '01/05/85')).toBe('1985-05-01');
    expect(await dayFirst.value(dateField, '2026/12/31')).toBe('2026-12-31');
    expect(await dayFirst.value(dateField, '2026年12月31日')).toBe('2026-12-31');
    expect(await converter('month_first').value(dateField, '12/31/26')).toBe('2026-12-31');
    // Not a date: passed on for the pipeline to report in the user's language.
    expect(await dayFirst.value(dateField, '31.12.202')).toBe('31.12.202');
    expect(await dayFirst.value(dateField, '10:30:00')).toBe('10:30:00');
    expect(await dayFirst.value(dateField, '26-05-01')).toBe('26-05-01');
    expect(await dayFirst.value(dateField, '1/5/26/7')).toBe('1/5/26/7');
    expect(await converter('month_first').value(dateField, '31/12/26')).toBe('31/12/26'); // no 31st month: as written
    expect(await dayFirst.value(dateField, '01.05.0026')).toBe('0026-05-01');
    expect(await dayFirst.value(dateField, '31.04.2026')).toBe('31.04.2026'); // no 31 April
    expect(await dayFirst.value(dateField, '2026年2月30日')).toBe('2026年2月30日');
    expect(await dayFirst.value(dateField, '29.02.2028')).toBe('2028-02-29');
  });

  it('reads a date and time on the importer\'s clock', async () => {
    expect(await converter().value(timeField, '01.05.26 10:30')).toBe('2026-05-01T07:30:00.000Z');
    expect(await converter().value(timeField, '2026年5月1日 下午2:30')).toBe('2026-05-01T11:30:00.000Z');
    expect(await converter().value(timeField, '2026-05-01 10:30:00+03:00')).toBe('2026-05-01T10:30:00+03:00');
  });
});
