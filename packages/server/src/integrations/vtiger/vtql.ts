/**
 * VTQL, vTiger's query language (reference §8.7):
 *   SELECT (* | count(*) | col [, col]*) FROM Module [WHERE col op value [(AND|OR) col op value]*]
 *   [ORDER BY col [, col]* [ASC|DESC]] [LIMIT [offset,] count] ;
 * op: = < > <= >= != IN LIKE; value: 'quoted' | number | ('a', 'b'). The semicolon is required; no parentheses
 * for grouping; AND binds tighter than OR. Parsed here into a plain object, nothing run.
 */
export interface VtqlCondition { field: string; op: '=' | '<' | '>' | '<=' | '>=' | '!=' | 'IN' | 'LIKE'; value: string | string[] }
export interface VtqlQuery {
  module: string;
  columns: '*' | 'count' | string[];
  /** OR of AND groups. */
  where: VtqlCondition[][];
  orderBy: { field: string; desc: boolean }[];
  offset: number;
  limit: number;
}

export class VtqlError extends Error {}

const MAX_LIMIT = 100;
/** Conditions and IN values one query may hold (each reference value is looked up): bounds a query's work. */
const MAX_CONDITIONS = 200;
const MAX_VALUES = 1000;
type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'punct'; text: string };

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < q.length && q[j] !== c) {
        if (q[j] === '\\' && j + 1 < q.length) { text += q[j + 1]; j += 2; continue; }
        text += q[j++];
      }
      if (j >= q.length) throw new VtqlError('Syntax Error on line 1: unterminated string');
      out.push({ kind: 'string', text });
      i = j + 1;
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(q.slice(i));
    if (op) { out.push({ kind: 'op', text: op[1] === '<>' ? '!=' : op[1] }); i += op[1].length; continue; }
    if ('(),;*'.includes(c)) { out.push({ kind: 'punct', text: c }); i++; continue; }
    const num = /^-?\d+(\.\d+)?/.exec(q.slice(i));
    if (num) { out.push({ kind: 'number', text: num[0] }); i += num[0].length; continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i));
    if (word) { out.push({ kind: 'word', text: word[0] }); i += word[0].length; continue; }
    throw new VtqlError(`Syntax Error on line 1: unexpected character '${c}'`);
  }
  return out;
}

export function parseVtql(q: string): VtqlQuery {
  const t = tokenize(q);
  let p = 0;
  const peek = () => t[p];
  const is = (text: string) => peek() && peek().text.toUpperCase() === text;
  const expect = (text: string) => {
    if (!is(text)) throw new VtqlError(`Syntax Error on line 1: token '${peek()?.text ?? ''}' Unexpected ${peek() ? 'token' : 'End of Input(0)'}, expected one of: ${text === ';' ? 'SEMICOLON' : text}`);
    p++;
  };
  const word = () => {
    const tok = peek();
    if (!tok || tok.kind !== 'word') throw new VtqlError(`Syntax Error on line 1: token '${tok?.text ?? ''}' Unexpected, expected a name`);
    p++;
    return tok.text;
  };
  expect('SELECT');
  let columns: VtqlQuery['columns'];
  if (is('*')) { p++; columns = '*'; }
  else if (is('COUNT')) { p++; expect('('); expect('*'); expect(')'); columns = 'count'; }
  else {
    columns = [word()];
    while (is(',')) { p++; columns.push(word()); }
  }
  expect('FROM');
  const module = word();
  const where: VtqlCondition[][] = [];
  if (is('WHERE')) {
    p++;
    let group: VtqlCondition[] = [];
    let conditions = 0;
    let values = 0;
    for (;;) {
      if (is('(')) throw new VtqlError('Syntax Error on line 1: Unexpected PARENOPEN');
      const field = word();
      const opTok = peek();
      let op: VtqlCondition['op'];
      if (opTok?.kind === 'op') { op = opTok.text as VtqlCondition['op']; p++; }
      else if (is('IN')) { op = 'IN'; p++; }
      else if (is('LIKE')) { op = 'LIKE'; p++; }
      else throw new VtqlError(`Syntax Error on line 1: token '${opTok?.text ?? ''}' Unexpected, expected an operator`);
      let value: string | string[];
      if (op === 'IN') {
        expect('(');
        value = [literal()];
        while (is(',')) { p++; value.push(literal()); }
        expect(')');
      } else value = literal();
      group.push({ field, op, value });
      conditions += 1;
      values += Array.isArray(value) ? value.length : 1;
      if (conditions > MAX_CONDITIONS || values > MAX_VALUES) throw new VtqlError(`Too many conditions: at most ${MAX_CONDITIONS} conditions and ${MAX_VALUES} values`);
      if (is('AND')) { p++; continue; }
      if (is('OR')) { p++; where.push(group); group = []; continue; }
      break;
    }
    where.push(group);
  }
  const orderBy: VtqlQuery['orderBy'] = [];
  if (is('ORDER')) {
    p++;
    expect('BY');
    do {
      if (is(',')) p++;
      const field = word();
      let desc = false;
      if (is('ASC')) p++;
      else if (is('DESC')) { p++; desc = true; }
      orderBy.push({ field, desc });
    } while (is(','));
    // vTiger's grammar puts one direction after the list: it applies to all.
    if (orderBy.length > 1 && orderBy[orderBy.length - 1].desc) for (const o of orderBy) o.desc = true;
  }
  let offset = 0;
  let limit = MAX_LIMIT;
  if (is('LIMIT')) {
    p++;
    const first = number();
    if (is(',')) { p++; offset = first; limit = number(); } else limit = first;
  }
  expect(';');
  if (p < t.length) throw new VtqlError(`Syntax Error on line 1: token '${peek().text}' Unexpected, expected end of query`);
  return { module, columns, where, orderBy, offset, limit: Math.min(limit, MAX_LIMIT) };

  function literal(): string {
    const tok = peek();
    if (!tok || (tok.kind !== 'string' && tok.kind !== 'number')) throw new VtqlError(`Syntax Error on line 1: token '${tok?.text ?? ''}' Unexpected, expected a value`);
    p++;
    return tok.text;
  }
  function number(): number {
    const tok = peek();
    if (!tok || tok.kind !== 'number' || !/^\d+$/.test(tok.text)) throw new VtqlError(`Syntax Error on line 1: token '${tok?.text ?? ''}' Unexpected, expected a number`);
    p++;
    return Number(tok.text);
  }
}
