import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';

/**
 * The first sheet of an XLSX workbook, row by row, read from the zip's central directory (parts in whatever order the
 * writer put them) and streamed through an XML parser. Replaces ExcelJS's streaming reader, which decoded each chunk
 * of XML on its own (a Cyrillic or Chinese letter split between chunks came out as two U+FFFD) and now and then lost
 * the workbook part under load.
 */

/** XML inflated from one workbook at most: a zip bomb stops here (25 MB of XLSX unpacks to well under this). */
export const MAX_XLSX_XML_MB = 512;
const MAX_COLUMNS = 16_384; // Excel's own last column, XFD

/** Thrown when the workbook unpacks to more XML than `MAX_XLSX_XML_MB`. */
export class XlsxTooLarge extends Error {}

/** A row of the sheet: its number as Excel shows it, its cells from column A (empty cells null). */
export interface XlsxRow { number: number; values: unknown[] }

interface Budget { left: number; mb: number }
type Attrs = Record<string, string>;
interface Handlers { open(name: string, attrs: Attrs): void; text(text: string): void; close(name: string): void }

export async function* xlsxRows(buffer: Buffer, maxXmlMb = MAX_XLSX_XML_MB): AsyncGenerator<XlsxRow> {
  const zip = await fromBufferPromise(buffer, { validateEntrySizes: true, strictFileNames: false });
  const entries = new Map<string, Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\/+/, '').toLowerCase(), entry);
  const budget: Budget = { left: maxXmlMb * 1024 * 1024, mb: maxXmlMb };
  const part = (name: string) => { const e = entries.get(name.toLowerCase()); return e ? { zip, entry: e, budget } : null; };
  const book = await readWorkbook(part('xl/workbook.xml'), part('xl/_rels/workbook.xml.rels'));
  const sheet = part(book.firstSheet ?? '') ?? part('xl/worksheets/sheet1.xml');
  if (!sheet) throw new Error('no worksheet');
  const dates = await readDateStyles(part('xl/styles.xml'));
  const strings = await readSharedStrings(part('xl/sharedStrings.xml'));
  yield* readSheet(sheet, { strings, dates, date1904: book.date1904 });
}

type Part = { zip: ZipFile; entry: Entry; budget: Budget } | null;

/** Feeds a part to the parser; yields after each inflated chunk so the caller can take what it produced. */
async function* parse(part: NonNullable<Part>, on: Handlers): AsyncGenerator<void> {
  const stream: Readable = await part.zip.openReadStreamPromise(part.entry);
  const parser = new SaxesParser();
  parser.on('opentag', (t) => on.open(local(t.name), t.attributes as Attrs));
  parser.on('text', on.text);
  parser.on('cdata', on.text);
  parser.on('closetag', (t) => on.close(local(t.name)));
  const decoder = new StringDecoder('utf8'); // keeps a letter split between chunks whole
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      part.budget.left -= chunk.length;
      if (part.budget.left < 0) throw new XlsxTooLarge(`more than ${part.budget.mb} MB of XML`);
      parser.write(decoder.write(chunk));
      yield;
    }
    parser.write(decoder.end());
    parser.close();
    yield;
  } finally {
    stream.destroy();
  }
}

async function drain(part: Part, on: Handlers): Promise<void> {
  if (part) for await (const _ of parse(part, on)) { /* the handlers keep what they need */ }
}

/** Some writers prefix every element (`x:row`): the local name is what counts. */
function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** The first sheet's part (the first tab, by the workbook's order) and the date system. */
async function readWorkbook(workbook: Part, rels: Part): Promise<{ firstSheet: string | null; date1904: boolean }> {
  let firstId: string | null = null;
  let date1904 = false;
  await drain(workbook, {
    open(name, attrs) {
      if (name === 'workbookPr') date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
      if (name === 'sheet' && firstId === null) firstId = Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? null;
    },
    text() {}, close() {},
  });
  let target: string | null = null;
  await drain(rels, {
    open(name, attrs) { if (name === 'Relationship' && attrs.Id === firstId) target = attrs.Target ?? null; },
    text() {}, close() {},
  });
  const path = target as string | null;
  return { firstSheet: path === null ? null : path.startsWith('/') ? path.slice(1) : `xl/${path}`, date1904 };
}

/** Which cell styles (`s`, an index into cellXfs) show a number as a date or time. */
async function readDateStyles(styles: Part): Promise<Set<number>> {
  const custom = new Map<string, string>();
  const formats: string[] = [];
  let inCellXfs = false;
  await drain(styles, {
    open(name, attrs) {
      if (name === 'numFmt') custom.set(attrs.numFmtId, attrs.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formats.push(attrs.numFmtId ?? '0');
    },
    text() {},
    close(name) { if (name === 'cellXfs') inCellXfs = false; },
  });
  const out = new Set<number>();
  formats.forEach((id, i) => { if (isDateFormat(id, custom.get(id))) out.add(i); });
  return out;
}

// Excel's built-in date and time formats, with those of the Chinese, Japanese and Korean editions.
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format shows a date when, outside quoted text, escapes and [colour/locale] sections, it has a date or time letter. */
export function isDateFormat(id: string, code: string | undefined): boolean {
  if (code === undefined) return BUILT_IN_DATES.has(Number(id));
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/[_*]./g, '').replace(/\[[^\]]*\]/g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

async function readSharedStrings(part: Part): Promise<string[]> {
  const out: string[] = [];
  let text = '';
  let inT = false;
  let phonetic = 0; // a reading guide above the text (rPh) is not the cell's text
  await drain(part, {
    open(name) {
      if (name === 'si') text = '';
      else if (name === 't') inT = phonetic === 0;
      else if (name === 'rPh') phonetic++;
    },
    text(t) { if (inT) text += t; },
    close(name) {
      if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') out.push(unescapeOoxml(text));
    },
  });
  return out;
}

interface SheetContext { strings: string[]; dates: Set<number>; date1904: boolean }

async function* readSheet(part: NonNullable<Part>, ctx: SheetContext): AsyncGenerator<XlsxRow> {
  const ready: XlsxRow[] = [];
  let row: XlsxRow | null = null;
  let lastRow = 0;
  let nextCol = 0;
  let cell: { col: number; type: string; style: number } | null = null;
  let text = '';
  let collecting = false;
  let phonetic = 0;
  const on: Handlers = {
    open(name, attrs) {
      if (name === 'row') {
        lastRow = attrs.r ? Number(attrs.r) : lastRow + 1;
        row = { number: lastRow, values: [] };
        nextCol = 0;
      } else if (name === 'c' && row) {
        const col = attrs.r ? columnIndex(attrs.r) : nextCol;
        if (col >= MAX_COLUMNS) throw new Error(`column ${attrs.r} is past Excel's last`);
        cell = { col, type: attrs.t ?? 'n', style: attrs.s ? Number(attrs.s) : 0 };
        text = '';
      } else if (cell && (name === 'v' || (name === 't' && phonetic === 0))) collecting = true;
      else if (name === 'rPh') phonetic++;
    },
    text(t) { if (collecting) text += t; },
    close(name) {
      if (name === 'v' || name === 't') collecting = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c' && cell && row) {
        const value = cellValue(cell.type, text, cell.style, ctx);
        if (value !== null) row.values[cell.col] = value;
        nextCol = cell.col + 1;
        cell = null;
      } else if (name === 'row' && row) {
        ready.push({ number: row.number, values: Array.from(row.values, (v) => v ?? null) });
        row = null;
      }
    },
  };
  for await (const _ of parse(part, on)) for (const r of ready.splice(0)) yield r;
}

/** "AB12" → 27 (column A is 0). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const c of ref.toUpperCase()) {
    const code = c.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/** A cell's value as the import reads it: text, a number, a boolean, or a date as zone-less `YYYY-MM-DD HH:MM:SS`. */
function cellValue(type: string, raw: string, style: number, ctx: SheetContext): unknown {
  switch (type) {
    case 's': return ctx.strings[Number(raw)] ?? null;
    case 'inlineStr': case 'str': return unescapeOoxml(raw);
    case 'b': return raw === '1' || raw === 'true';
    case 'e': return null; // #N/A and the like: no value
    case 'd': return raw ? raw.slice(0, 19).replace('T', ' ') : null;
    default: {
      if (raw.trim() === '') return null;
      const n = Number(raw);
      if (!Number.isFinite(n)) return raw;
      return ctx.dates.has(style) ? serialToText(n, ctx.date1904) ?? n : n;
    }
  }
}

/**
 * Excel's day number as the wall time it shows, to the nearest second: days since 1899-12-30 (which absorbs Excel's
 * 29 February 1900), or since 1904-01-01 in the 1904 system. Out of Excel's range: null.
 */
export function serialToText(serial: number, date1904: boolean): string | null {
  if (serial < 0 || serial > 2_958_465) return null;
  const seconds = Math.round((serial + (date1904 ? 1462 : 0) - 25569) * 86400);
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** OOXML writes control characters as `_x000D_`; `_x005F_` escapes a literal underscore. */
function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}
