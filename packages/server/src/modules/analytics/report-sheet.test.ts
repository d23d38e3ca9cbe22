import { describe, expect, it } from 'vitest';
import type { ReportResult } from '@karta/shared/reports';
import { reportSheet } from './report-sheet.js';

const result = (type: string, truncated: boolean): ReportResult => ({
  type, module: 'deals', columns: [], rows: [], totals: { count: 3 }, refs: {}, currency: 'RUB', missing_rates: [], truncated,
  aggregates: [{ key: 'count', label: 'Количество', fn: 'count', type: 'integer' }],
  grouping: [{ key: 'stage', label: 'Стадия', bucket: null }, { key: 'status', label: 'Статус', bucket: null }],
  groups: [{ key: 'a', label: 'A', aggregates: { count: 2 }, groups: [{ key: 'x', label: 'X', aggregates: { count: 2 } }] }],
  column_groups: [{ key: 'x', label: 'X', aggregates: { count: 2 } }],
});

describe('a report as a sheet', () => {
  it('says under groups cut at their limit that the subtotals leave the rest out, in the reader\'s language', () => {
    for (const type of ['summary', 'matrix']) {
      const cut = reportSheet(result(type, true), 'ru');
      expect(cut.rows.at(-1)!.cells[0]).toMatch(/^Показаны только первые группы/);
      expect(cut.rows.at(-1)!.cells).toHaveLength(cut.header.length);
      expect(reportSheet(result(type, false), 'ru').rows.at(-1)!.kind).toBe('total');
    }
  });
});
