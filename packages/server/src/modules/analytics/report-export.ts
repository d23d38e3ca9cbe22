import type { Lang } from '@karta/shared';
import { stringify } from 'csv-stringify/sync';
import { csvSafe } from '../../engine/io/csv-cells.js';
import { loadExcel } from '../../platform/excel.js';
import type { ReportResult } from './report-run.js';
import { reportSheet, type Sheet, type SheetCell } from './report-sheet.js';
import { reportPdf } from './report-pdf.js';

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';
export interface ExportFile { body: Buffer; type: string; filename: string }

/** A file name from the report's name, kept to letters and digits of any script. */
export function fileName(name: string, ext: string): string {
  const base = name.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'report';
  return `${base}-${new Date().toISOString().slice(0, 10)}.${ext}`;
}

function toCsv(sheet: Sheet): Buffer {
  // A BOM so spreadsheet programs read UTF-8 (Cyrillic, Chinese) correctly.
  // A text cell that reads as a formula (=, +, -, @…) is escaped as the list export escapes it: a record's name must not
  // run in the spreadsheet of whoever opens the report.
  return Buffer.from('\ufeff' + stringify([sheet.header, ...sheet.rows.map((r) => r.cells)].map((cells) => cells.map(csvSafe))), 'utf8');
}

const NUMBER_FORMAT: Record<string, string> = { money: '#,##0.00', decimal: '#,##0.####', percent: '0.###', integer: '#,##0' };

/** A date or a wall-clock time (the reader's) as a spreadsheet date cell, which has no zone. */
function asDate(c: SheetCell, type: string): SheetCell | Date {
  if (typeof c !== 'string') return c;
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(c)) return new Date(`${c}T00:00:00Z`);
  if (type === 'datetime' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(c)) return new Date(`${c.replace(' ', 'T')}Z`);
  return c;
}

/** Real number and date cells, bold group and total rows, the header frozen. */
async function toXlsx(sheet: Sheet, title: string): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet(title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Report');
  ws.addRow(sheet.header).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of sheet.rows) {
    const cells = row.cells.map((c, i) => asDate(c, sheet.types[i]));
    const added = ws.addRow(cells);
    if (row.kind !== 'row') added.font = { bold: true };
    if (row.depth) added.getCell(1).alignment = { indent: row.depth };
  }
  sheet.types.forEach((t, i) => {
    const col = ws.getColumn(i + 1);
    if (NUMBER_FORMAT[t]) col.numFmt = NUMBER_FORMAT[t];
    if (t === 'date') col.numFmt = 'yyyy-mm-dd';
    if (t === 'datetime') col.numFmt = 'yyyy-mm-dd hh:mm';
    col.width = Math.min(48, Math.max(10, String(sheet.header[i] ?? '').length + 4, ...sheet.rows.slice(0, 200).map((r) => String(r.cells[i] ?? '').length + 2)));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportReport(result: ReportResult, name: string, format: ExportFormat, lang: Lang): Promise<ExportFile> {
  const sheet = reportSheet(result, lang);
  if (format === 'csv') return { body: toCsv(sheet), type: 'text/csv; charset=utf-8', filename: fileName(name, 'csv') };
  if (format === 'xlsx') {
    return { body: await toXlsx(sheet, name), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: fileName(name, 'xlsx') };
  }
  return { body: await reportPdf(result, sheet, name, lang), type: 'application/pdf', filename: fileName(name, 'pdf') };
}
