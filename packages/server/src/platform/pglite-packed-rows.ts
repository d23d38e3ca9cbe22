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
/**
 * The packed value is built whole in PGlite's memory, which never shrinks once grown: only pages of at most this many
 * rows (the web client asks for 50), and a statement whose rows turn out large (ROW_BYTES) goes back to the usual
 * reading, which is also faster for long values.
 */
export const MAX_ROWS = 200;
export const ROW_BYTES = 4096;
const LOCKS_ROWS = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i;
const TOP_LIMIT = /\blimit\s+(\$\d+|\d+)(?:\s+offset\s+(?:\$\d+|\d+))?\s*$/i;
/** Reads only from one parenthesised subquery, under an alias, after a column list. */
const FROM_ONE_SUBQUERY = /^\s*select\b([\s\S]*?)\bfrom\s*\(#(\d+)\)\s*(?:as\s+)?(?:"\w+"|\w+)\s*$/i;

export interface ResultField { name: string; dataTypeID: number }
type Parser = (text: string, typeId: number) => unknown;
export interface PackedRows {
  /** The statement wrapped to return its rows packed in one text value. */
  sql: string;
  fields: ResultField[];
  /** The 1-based parameter that holds the limit, when the limit is one. */
  limitParam?: number;
}

/**
 * The limit that bounds a select's rows, read from its top level (outside parentheses, literals and quoted names):
 * it ends in its limit (and offset), or it reads only from one parenthesised subquery that is so bounded, with no
 * function call in its own column list (a set-returning one would multiply the rows; a scalar subquery is fine).
 * Anything it does not follow — comments, escape or dollar-quoted strings — is taken as unbounded.
 */
export function boundingLimit(sql: string): string | undefined {
  const shape = topLevel(sql);
  if (!shape || !/^\s*select\b/i.test(shape.top)) return undefined;
  const direct = TOP_LIMIT.exec(shape.top);
  if (direct) return direct[1];
  const outer = FROM_ONE_SUBQUERY.exec(shape.top);
  if (!outer || /\bfrom\b/i.test(outer[1]) || /[\w"]\s*\(#/.test(outer[1])) return undefined;
  return boundingLimit(shape.groups[Number(outer[2])]);
}

/** The statement with each top-level parenthesised part replaced by `(#n)`, and those parts. */
function topLevel(sql: string): { top: string; groups: string[] } | undefined {
  let top = '';
  const groups: string[] = [];
  let depth = 0;
  let groupStart = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === '-' && sql[i + 1] === '-') return undefined;
    if (ch === '/' && sql[i + 1] === '*') return undefined;
    if (ch === '$' && !/\d/.test(sql[i + 1] ?? '')) return undefined; // dollar quoting; `$1` is a parameter
    if (ch === "'" || ch === '"') {
      if (ch === "'" && /[eEuUbBxXnN]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '')) return undefined;
      // A doubled quote inside reads as two literals side by side: the same bounds.
      const close = sql.indexOf(ch, i + 1);
      if (close < 0) return undefined;
      if (depth === 0) top += sql.slice(i, close + 1);
      i = close;
      continue;
    }
    if (ch === '(') {
      if (depth++ === 0) groupStart = i + 1;
      continue;
    }
    if (ch === ')') {
      if (--depth < 0) return undefined;
      if (depth === 0) top += `(#${groups.push(sql.slice(groupStart, i)) - 1})`;
      continue;
    }
    if (depth === 0) top += ch;
  }
  return depth === 0 ? { top, groups } : undefined;
}

/** Whether a statement could be read packed before its result is known (so its result fields are asked for). */
export function mayReadPacked(sql: string): boolean {
  return !LOCKS_ROWS.test(sql) && boundingLimit(sql) !== undefined;
}

/** The packed form of a statement, when its rows are bounded by its limit and wide. */
export function packedRowsOf(sql: string, fields: ResultField[]): PackedRows | undefined {
  const limit = fields.length >= MIN_COLUMNS && !LOCKS_ROWS.test(sql) ? boundingLimit(sql) : undefined;
  if (!limit || (!limit.startsWith('$') && Number(limit) > MAX_ROWS)) return undefined;
  // Named columns, so the whole-row reference works whatever names (or repeated names) the statement gives them.
  // The rows reach the aggregate in the subquery's order: PGlite runs no parallel workers.
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

/** Whether rows this large are better read the usual way: the packed text is copied more often than fields are. */
export function largeRows(text: string | null, rows: number): boolean {
  return !!text && rows > 0 && text.length / rows > ROW_BYTES;
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
