import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { decodeAs, detectEncoding, type ImportEncoding } from './decode-text.js';
import { parseVCards, VCARD_COLUMNS } from './vcard.js';
import { MAX_COLUMNS, xlsxRows, XlsxTooLarge, XlsxTooWide } from './xlsx-rows.js';
import { csvRead } from './csv-cells.js';

export const MAX_IMPORT_ROWS = 200_000;
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export type TableFormat = 'csv' | 'xlsx' | 'vcard';

export interface TableOptions {
  encoding?: ImportEncoding;
  delimiter?: string;
}

/** What was found out about a file before its rows: the header and how it was read. */
export interface TableInfo {
  format: TableFormat;
  header: string[];
  encoding?: ImportEncoding;
  delimiter?: string;
}

export function detectFormat(buffer: Uint8Array, filename: string): TableFormat {
  if (/\.xlsx$/i.test(filename) || (buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04)) return 'xlsx';
  if (/\.vcf$/i.test(filename) || /^(\ufeff)?\s*BEGIN:VCARD/i.test(Buffer.from(buffer.subarray(0, 64)).toString('latin1'))) return 'vcard';
  return 'csv';
}

/**
 * The delimiter that splits the first lines into the same number of columns, most of them; quotes respected.
 * A one-column file gets a comma.
 */
export function detectDelimiter(text: string): string {
  const lines = firstLines(text, 20);
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (!first) continue;
    const same = counts.filter((c) => c === first).length;
    const score = same * 1000 + first;
    if (score > bestScore) { best = d; bestScore = score; }
  }
  return best;
}

function firstLines(text: string, n: number): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length && out.length < n; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      const line = text.slice(start, i).replace(/\r$/, '');
      if (line.trim()) out.push(line);
      start = i + 1;
    }
  }
  if (out.length < n && start < text.length && text.slice(start).trim()) out.push(text.slice(start));
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  let quoted = false;
  let n = 0;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

const tooMany = () => new AppError('VALIDATION_FAILED', msg('At most {n} rows per import', { n: MAX_IMPORT_ROWS }), { file: msg('has more than {n} rows', { n: MAX_IMPORT_ROWS }) });

/**
 * Reads a CSV, the first XLSX sheet or a vCard file row by row without holding the event loop: CSV is
 * fed to the parser in slices, XLSX streamed. `onInfo` gets the header first; `onRows` batches of rows.
 * Returns the number of data rows (stops early after `limit`).
 */
export async function readTable(
  buffer: Buffer, filename: string, opts: TableOptions,
  onInfo: (info: TableInfo) => void | Promise<void>, onRows: (rows: [rowNo: number, cells: unknown[]][]) => void | Promise<void>,
  limit = MAX_IMPORT_ROWS,
): Promise<number> {
  const format = detectFormat(buffer, filename);
  let seen = 0;
  let rowNo = 0; // the row's place in the file, header = 1, empty rows counted: what the user sees in Excel
  let batch: [number, unknown[]][] = [];
  let header: string[] | null = null;
  const take = async (row: unknown[], line?: number): Promise<boolean> => {
    rowNo = line ?? rowNo + 1;
    if (!header) {
      // A header wider than a sheet may be is refused before anything is built on it (mapping, the stored header).
      let width = row.length;
      while (width > MAX_COLUMNS && (row[width - 1] === null || row[width - 1] === undefined || String(row[width - 1]).trim() === '')) width--;
      if (width > MAX_COLUMNS) throw new AppError('VALIDATION_FAILED', msg('The file has values past column {n}', { n: MAX_COLUMNS }), { file: msg('has values past column {n}', { n: MAX_COLUMNS }) });
      header = row.slice(0, width).map((h) => String(h ?? '').trim());
      return true;
    }
    if (row.every((c) => c === null || c === undefined || String(c).trim() === '')) return true;
    // Past the cap the file is refused, never cut short in silence; a preview's smaller limit just stops reading.
    if (++seen > MAX_IMPORT_ROWS) throw tooMany();
    if (seen > limit) { seen = limit; return false; }
    // A cell past the header has no column to map to: it is not carried (nor stored with the import's chunks).
    batch.push([rowNo, row.length > header.length ? row.slice(0, header.length) : row]);
    if (batch.length >= 500) { await onRows(batch); batch = []; }
    return true;
  };
  if (format === 'xlsx') {
    await readXlsx(buffer, take, (h) => onInfo({ format, header: h }));
  } else {
    const encoding = opts.encoding ?? detectEncoding(buffer);
    const text = decodeAs(buffer, encoding);
    if (format === 'vcard') {
      await onInfo({ format, header: [...VCARD_COLUMNS], encoding });
      header = [...VCARD_COLUMNS];
      rowNo = 0; // a card is counted from 1
      for (const row of parseVCards(text)) if (!(await take(row))) break;
    } else {
      const delimiter = opts.delimiter || detectDelimiter(text);
      await readCsv(text, delimiter, async (row, line) => {
        const first = !header;
        const more = await take(row, line);
        if (first) await onInfo({ format, header: header!, encoding, delimiter });
        return more;
      });
    }
  }
  if (!header) throw new AppError('VALIDATION_FAILED', 'The file is empty', { file: 'is empty' });
  if (batch.length) await onRows(batch);
  return seen;
}

/** Rows with the line they end on (empty lines are skipped but counted). */
async function readCsv(text: string, delimiter: string, take: (row: unknown[], line: number) => Promise<boolean>): Promise<void> {
  const slices = function* () {
    for (let i = 0; i < text.length;) {
      let end = Math.min(i + 256 * 1024, text.length);
      // Never between the halves of a letter outside the BMP (𠮷, emoji): the parser would take each half for U+FFFD.
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
      yield text.slice(i, end);
      i = end;
    }
  };
  const parser = Readable.from(slices()).pipe(parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, info: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: unknown[]; info: { lines: number } }>) {
      if (!(await take(record.map(csvRead), info.lines))) break;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('VALIDATION_FAILED', msg('The CSV file cannot be read: {reason}', { reason: (err as Error).message }), { file: 'is not valid CSV' });
  } finally {
    parser.destroy();
  }
}

/**
 * The first sheet, streamed (see xlsx-rows.ts). Only the reader's own failures say the file is unreadable; what
 * `take` and the header's handler throw (a database error on the way) passes as it is.
 */
async function readXlsx(buffer: Buffer, take: (row: unknown[], line?: number) => Promise<boolean>, onHeader: (h: string[]) => void | Promise<void>): Promise<void> {
  const rows = xlsxRows(buffer);
  try {
    for (let first = true; ; first = false) {
      let next: IteratorResult<{ number: number; values: unknown[] }>;
      try {
        next = await rows.next();
      } catch (err) {
        throw unreadableXlsx(err);
      }
      if (next.done) return;
      const more = await take(next.value.values, next.value.number);
      if (first) await onHeader(next.value.values.map((h) => String(h ?? '').trim()));
      if (!more) return;
    }
  } finally {
    await rows.return(undefined);
  }
}

function unreadableXlsx(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof XlsxTooLarge) {
    return new AppError('PAYLOAD_TOO_LARGE', err.mb === null ? 'The workbook holds a text longer than any cell' : msg('The workbook unpacks to more than {mb} MB', { mb: err.mb }));
  }
  if (err instanceof XlsxTooWide) return new AppError('VALIDATION_FAILED', msg('The sheet has values past column {n}', { n: MAX_COLUMNS }), { file: msg('has values past column {n}', { n: MAX_COLUMNS }) });
  return new AppError('VALIDATION_FAILED', 'The file is not a readable XLSX workbook', { file: 'is not a readable XLSX workbook' });
}
