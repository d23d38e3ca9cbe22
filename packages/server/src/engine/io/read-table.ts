import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';

export const MAX_IMPORT_ROWS = 50_000;

/** A CSV (comma or semicolon, UTF-8 with or without BOM) or the first XLSX sheet → header + rows. */
export async function readTable(buffer: Buffer, filename: string): Promise<{ header: string[]; rows: unknown[][] }> {
  let rows: unknown[][];
  if (/\.xlsx$/i.test(filename)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buffer as any);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'The file is not a readable XLSX workbook', { file: 'is not a readable XLSX workbook' });
    }
    const ws = wb.worksheets[0];
    rows = [];
    ws?.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as unknown[];
      rows.push(values.slice(1));
    });
  } else {
    const text = buffer.toString('utf8').replace(/^\ufeff/, '');
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    try {
      rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true });
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', msg('The CSV file cannot be read: {reason}', { reason: (err as Error).message }), { file: 'is not valid CSV' });
    }
  }
  if (!rows.length) throw new AppError('VALIDATION_FAILED', 'The file is empty', { file: 'is empty' });
  if (rows.length - 1 > MAX_IMPORT_ROWS) throw new AppError('VALIDATION_FAILED', msg('At most {n} rows per import', { n: MAX_IMPORT_ROWS }), { file: 'has too many rows' });
  return { header: rows[0].map((h) => String(h ?? '').trim()), rows: rows.slice(1) };
}
