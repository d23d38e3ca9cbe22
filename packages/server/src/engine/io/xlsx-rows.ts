import { StringDecoder } from 'node:string_decoder';
import { posix } from 'node:path';
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
/** The shared strings are held whole while the sheet is read: their XML has a smaller bound of its own. */
const MAX_SHARED_STRINGS_MB = 128;
/** Text or a tag without a `<` for this long is no cell (Excel holds 32,767 letters, at most ~200 KB as XML). */
const MAX_RUN_BYTES = 1024 * 1024;
/** Columns an import can use: a value past this one (AMJ) refuses the file rather than widen every row. */
export const MAX_COLUMNS = 1024;

/** Thrown when the workbook unpacks to more XML than a bound (`mb`), or holds a text past any cell's length (`mb` null). */
export class XlsxTooLarge extends Error {
  constructor(readonly mb: number | null) { super(mb === null ? 'a text longer than any cell holds' : `more than ${mb} MB of XML`); }
}
/** Thrown when a value lies past `MAX_COLUMNS`. */
export class XlsxTooWide extends Error {}

/** A row of the sheet: its number as Excel shows it, its cells from column A (empty cells null). */
export interface XlsxRow { number: number; values: unknown[] }

interface Budget { left: number; mb: number }
const budgetOf = (mb: number): Budget => ({ left: mb * 1024 * 1024, mb });
type Attrs = Record<string, string>;
interface Handlers { open(name: string, attrs: Attrs): void; text(text: string): void; close(name: string): void }

export async function* xlsxRows(buffer: Buffer, maxXmlMb = MAX_XLSX_XML_MB): AsyncGenerator<XlsxRow> {
  const zip = await fromBufferPromise(buffer, { validateEntrySizes: true, strictFileNames: false });
  const entries = new Map<string, Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName.toLowerCase(), entry); // yauzl refuses absolute names and ..
  const budget = budgetOf(maxXmlMb);
  const part = (name: string, own?: Budget) => { const e = entries.get(name.toLowerCase()); return e ? { zip, entry: e, budget: own ?? budget } : null; };
  const book = await readWorkbook(part('xl/workbook.xml'), part('xl/_rels/workbook.xml.rels'));
  const sheet = book.firstSheet ? part(book.firstSheet) : part('xl/worksheets/sheet1.xml');
  if (!sheet) throw new Error('no worksheet');
  const dates = await readDateStyles(part('xl/styles.xml'));
  const strings = await readSharedStrings(part('xl/sharedStrings.xml', budgetOf(Math.min(maxXmlMb, MAX_SHARED_STRINGS_MB))));
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
  let run = 0; // bytes since the last '<': the parser holds a text or a tag whole, so none may grow without end
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      part.budget.left -= chunk.length;
      if (part.budget.left < 0) throw new XlsxTooLarge(part.budget.mb);
      const lt = chunk.lastIndexOf(0x3c);
      run = lt < 0 ? run + chunk.length : chunk.length - lt - 1;
      if (run > MAX_RUN_BYTES) throw new XlsxTooLarge(null);
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

/**
 * The part of the first tab the user sees that is a worksheet (not a chart sheet; hidden service sheets of templates
 * and 1C exports passed over unless all are hidden), and the date system. Null without a workbook or its relations.
 */
async function readWorkbook(workbook: Part, rels: Part): Promise<{ firstSheet: string | null; date1904: boolean }> {
  const sheets: { id: string; hidden: boolean }[] = [];
  let date1904 = false;
  await drain(workbook, {
    open(name, attrs) {
      if (name === 'workbookPr') date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
      const id = name === 'sheet' ? Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1] : undefined;
      if (id) sheets.push({ id, hidden: attrs.state === 'hidden' || attrs.state === 'veryHidden' });
    },
    text() {}, close() {},
  });
  const worksheets = new Map<string, string>();
  await drain(rels, {
    open(name, attrs) { if (name === 'Relationship' && attrs.Type?.endsWith('/worksheet') && attrs.Target) worksheets.set(attrs.Id, partPath(attrs.Target)); },
    text() {}, close() {},
  });
  const candidates = sheets.filter((s) => worksheets.has(s.id));
  const first = candidates.find((s) => !s.hidden) ?? candidates[0];
  return { firstSheet: first ? worksheets.get(first.id)! : null, date1904 };
}

/** A relationship's target as a part name: relative to xl/ unless absolute; %-escapes and backslashes read as OPC has them. */
function partPath(target: string): string {
  let t = target.replace(/\\/g, '/');
  try { t = decodeURIComponent(t); } catch { /* a stray % stays as written */ }
  return t.startsWith('/') ? posix.normalize(t).slice(1) : posix.normalize(posix.join('xl', t));
}

/** Which cell styles (`s`, an index into cellXfs) show a number as a date (and time), or as a time of day alone. */
async function readDateStyles(styles: Part): Promise<Map<number, DateKind>> {
  const custom = new Map<string, string>();
  const formats: string[] = [];
  let inCellXfs = false;
  let inNumFmts = false; // conditional formats (dxfs) have numFmts of their own, which are no cell's
  await drain(styles, {
    open(name, attrs) {
      if (name === 'numFmts') inNumFmts = true;
      else if (name === 'numFmt' && inNumFmts) custom.set(attrs.numFmtId, attrs.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formats.push(attrs.numFmtId ?? '0');
    },
    text() {},
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
      else if (name === 'numFmts') inNumFmts = false;
    },
  });
  const out = new Map<number, DateKind>();
  formats.forEach((id, i) => { const kind = dateFormatKind(id, custom.get(id)); if (kind) out.set(i, kind); });
  return out;
}

// Excel's built-in date and time formats, with those of the Chinese, Japanese and Korean editions.
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

// Those of them that show a time of day alone (the CJK editions' 时/分 and 上午/下午 ones among them).
const BUILT_IN_TIMES = new Set([18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56]);

type DateKind = 'date' | 'time';

/**
 * A format shows a date when, outside quoted text, escapes and [colour/locale] sections, it has a date or time letter;
 * a time alone when it has an hour or second and no year or day (an `m` beside them is minutes).
 */
export function dateFormatKind(id: string, code: string | undefined): DateKind | null {
  if (code === undefined) return BUILT_IN_TIMES.has(Number(id)) ? 'time' : BUILT_IN_DATES.has(Number(id)) ? 'date' : null;
  // Elapsed time ([h]:mm) keeps its letter; colours and locales ([Red], [$-419]) go.
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/[_*]./g, '').replace(/\[([hms])+\]/gi, '$1').replace(/\[[^\]]*\]/g, '');
  if (!/[ymdhs]/i.test(bare) || /^general$/i.test(bare.trim())) return null;
  return /[hs]/i.test(bare) && !/[yd]/i.test(bare) ? 'time' : 'date';
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

interface SheetContext { strings: string[]; dates: Map<number, DateKind>; date1904: boolean }

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
        const r = Number(attrs.r);
        lastRow = Number.isInteger(r) && r > lastRow ? r : lastRow + 1;
        row = { number: lastRow, values: [] };
        nextCol = 0;
      } else if (name === 'c' && row) {
        const at = attrs.r ? columnIndex(attrs.r) : -1;
        const col = at >= 0 ? at : nextCol;
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
        if (value !== null && cell.col >= MAX_COLUMNS) throw new XlsxTooWide(`a value in column ${cell.col + 1}`);
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

/** "AB12" → 27 (column A is 0); -1 without letters. Letters past Excel's last column (XFD) count as past it. */
function columnIndex(ref: string): number {
  let n = 0;
  for (const c of ref.toUpperCase()) {
    const code = c.charCodeAt(0);
    if (code < 65 || code > 90 || n > 16_384) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/** A cell's value as the import reads it: text, a number, a boolean, or a date as zone-less `YYYY-MM-DD HH:MM:SS`. */
function cellValue(type: string, text: string, style: number, ctx: SheetContext): unknown {
  if (type === 'inlineStr' || type === 'str') return unescapeOoxml(text);
  const raw = text.trim();
  if (raw === '') return null;
  switch (type) {
    case 's': return ctx.strings[Number(raw)] ?? null;
    case 'b': return raw === '1' || raw === 'true';
    case 'e': return null; // #N/A and the like: no value
    case 'd': return `${raw.slice(0, 19).replace('T', ' ')}${raw.length === 10 ? ' 00:00:00' : ''}`;
    default: {
      const n = Number(raw);
      if (!Number.isFinite(n)) return raw;
      const kind = ctx.dates.get(style);
      return kind ? serialToText(n, ctx.date1904, kind === 'time') ?? n : n;
    }
  }
}

/**
 * Excel's day number as the wall time it shows, to the nearest second: days since 1899-12-30, or since 1904-01-01 in
 * the 1904 system. The 1900 system counts a 29 February 1900 that never was (day 60): days 1–59 are a day later than
 * the count from 1899-12-30 says, day 60 reads as 1 March. A cell formatted as a time alone holds a time of no day
 * (a number below 1): `10:30:00`, as Excel shows it. Out of Excel's range: null.
 */
export function serialToText(serial: number, date1904: boolean, timeOnly = false): string | null {
  // 9999-12-31 in either system.
  if (serial < 0 || serial > (date1904 ? 2_957_003 : 2_958_465)) return null;
  const seconds = Math.round((serial + (date1904 ? 1462 : serial < 61 ? 1 : 0) - 25569) * 86400);
  const text = new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return timeOnly && serial < 1 ? text.slice(11) : text;
}

/** OOXML writes control characters as `_x000D_`; `_x005F_` escapes a literal underscore. */
function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}
