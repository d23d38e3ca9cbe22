/**
 * A page of wide rows from PGlite as one value. PGlite's protocol reader copies every field of every row into a new
 * buffer and decodes each on its own: ~2.8 ms for a 51-row page of 49 columns, five times what PostgreSQL spends
 * planning and running it. Such a page is asked for packed — its rows' record texts, `(a,b,…)(a,b,…)`, in one field —
 * and unpacked here. A record's text holds each column in the text its type's output function gives, which is what
 * PostgreSQL would have sent for the column; each is then read by the parser PGlite would have used, so the rows are
 * the same.
 */

/** Narrower results gain too little from it. */
const MIN_COLUMNS = 8;
/** The packed value is built whole in PGlite's memory, which never shrinks once grown: only bounded pages. */
export const MAX_ROWS = 1000;
/** A select that ends in its limit (and offset), or in a subquery that does under an alias: the limit bounds its rows. */
const ENDS_IN_LIMIT = /^\s*select\b[\s\S]*\blimit\s+(\$\d+|\d+)(?:\s+offset\s+(?:\$\d+|\d+))?(?:\s*\)\s*"?\w+"?)?\s*$/i;
const LOCKS_ROWS = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i;

export interface ResultField { name: string; dataTypeID: number }
type Parser = (text: string, typeId: number) => unknown;
export interface PackedRows {
  /** The statement wrapped to return its rows packed in one text value. */
  sql: string;
  fields: ResultField[];
  /** The 1-based parameter that holds the limit, when the limit is one. */
  limitParam?: number;
}

/** Whether a statement could be read packed before its result is known (so its result fields are asked for). */
export function mayReadPacked(sql: string): boolean {
  return ENDS_IN_LIMIT.test(sql) && !LOCKS_ROWS.test(sql);
}

/** The packed form of a statement, when its rows are bounded by its limit and wide. */
export function packedRowsOf(sql: string, fields: ResultField[]): PackedRows | undefined {
  const limit = mayReadPacked(sql) ? ENDS_IN_LIMIT.exec(sql)![1] : undefined;
  if (!limit || fields.length < MIN_COLUMNS) return undefined;
  if (!limit.startsWith('$') && Number(limit) > MAX_ROWS) return undefined;
  // Named columns, so the whole-row reference works whatever names (or repeated names) the statement gives them.
  const names = fields.map((_, i) => `c${i}`).join(', ');
  return {
    sql: `select string_agg(_k::text, '') as packed from (${sql}) as _k(${names})`,
    fields,
    limitParam: limit.startsWith('$') ? Number(limit.slice(1)) : undefined,
  };
}

/** Whether this run's limit keeps it within MAX_ROWS. */
export function boundedRun(packed: PackedRows, params: unknown[]): boolean {
  if (!packed.limitParam) return true;
  const value = params[packed.limitParam - 1];
  const limit = Number(value);
  // `limit null` is no limit at all.
  return value !== null && value !== undefined && value !== '' && Number.isInteger(limit) && limit >= 0 && limit <= MAX_ROWS;
}

/** The rows of the packed text (null when there were none), each column read by the parser PGlite would have used. */
export function readPackedRows(packed: PackedRows, text: string | null, parsers: Record<number, Parser>): Record<string, unknown>[] {
  const { fields } = packed;
  return unpackRecords(text ?? '', fields.length).map((cells) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const value = cells[i];
      const parse = parsers[fields[i].dataTypeID];
      row[fields[i].name] = value === null ? null : parse ? parse(value, fields[i].dataTypeID) : value;
    }
    return row;
  });
}

const OPEN = 40, CLOSE = 41, COMMA = 44, QUOTE = 34, BACKSLASH = 92;

/**
 * Record texts one after another, as PostgreSQL's record output writes them: a null column is empty; a column that is
 * empty or holds a quote, a backslash, a parenthesis, a comma or white space is quoted, with quotes and backslashes
 * doubled inside; any other stands as it is.
 */
export function unpackRecords(text: string, width: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const end = text.length;
  const broken = (at: number) => new Error(`packed rows: unexpected text at ${at} of ${end}`);
  let i = 0;
  while (i < end) {
    if (text.charCodeAt(i++) !== OPEN) throw broken(i - 1);
    const cells: (string | null)[] = new Array(width);
    for (let c = 0; c < width; c++) {
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = ++i;
        for (;;) {
          if (i >= end) throw broken(i);
          const ch = text.charCodeAt(i);
          if (ch === QUOTE && text.charCodeAt(i + 1) === QUOTE) {
            value += text.slice(from, i + 1);
            from = i += 2;
          } else if (ch === QUOTE) {
            value += text.slice(from, i++);
            break;
          } else if (ch === BACKSLASH) {
            value += text.slice(from, i);
            from = i + 1; // the next character stands for itself
            i += 2;
          } else i++;
        }
        cells[c] = value;
      } else {
        const from = i;
        for (let ch = text.charCodeAt(i); ch !== COMMA && ch !== CLOSE; ch = text.charCodeAt(++i)) if (i >= end) throw broken(i);
        cells[c] = i === from ? null : text.slice(from, i);
      }
      const separator = text.charCodeAt(i++);
      if (separator !== (c === width - 1 ? CLOSE : COMMA)) throw broken(i - 1);
    }
    rows.push(cells);
  }
  return rows;
}
