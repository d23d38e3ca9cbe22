import {
  FILTER_OPERATORS, MAX_LAST_N_DAYS, MEMBERSHIP_OPERATORS, OPERATORS_BY_TYPE, PERIODS, PICKLIST_VALUE, isCondition, lastDaysRange, periodRange, validateFieldValue, type Period,
  type Condition, type FieldDef, type FilterOperator, type Lang, type Where,
} from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { ResolvedModule } from '../registry/registry.js';
import { valueToDb } from '../fields/field-types.js';
import { msg, nested, translated, type Said } from '../../platform/messages/say.js';
import { membershipSet } from './membership-filters.js';
import { dayStart, todayIn } from '../../platform/time-zone.js';

/**
 * The filter language compiled to SQL. Values are always bound parameters; field names come
 * only from the registry, never from input text.
 */
export function compileWhere(m: ResolvedModule, where: Where | undefined, lang: Lang, alias = 't', zone = 'UTC',
  /** Shared by the filters of one rule (a segment's), so together they stay within MAX_CONDITIONS. */
  seen: { conditions: number } = { conditions: 0 }): RawBuilder<unknown> | null {
  if (!where) return null;
  return compileNode(m, where, lang, alias, 'where', 0, zone, seen);
}

const MAX_DEPTH = 8;
/** Conditions one filter may hold: more than anyone writes by hand, few enough for the planner to take at once. */
export const MAX_CONDITIONS = 200;

function compileNode(m: ResolvedModule, w: Where, lang: Lang, alias: string, path: string, depth: number, zone: string, seen: { conditions: number }): RawBuilder<unknown> | null {
  if (depth > MAX_DEPTH) throw badFilter(path, 'is nested too deeply');
  if (w === null || typeof w !== 'object' || Array.isArray(w)) throw badFilter(path, 'must be an object');
  if (isCondition(w)) {
    if (++seen.conditions > MAX_CONDITIONS) throw badFilter('where', msg('holds more than {max} conditions', { max: MAX_CONDITIONS }));
    return compileCondition(m, w, lang, alias, path, zone);
  }
  const group = w as { and?: Where[]; or?: Where[] };
  const keys = Object.keys(group);
  if (keys.length !== 1 || !['and', 'or'].includes(keys[0]) || !Array.isArray((group as any)[keys[0]])) {
    throw badFilter(path, 'must be a condition {field, op, value} or a group {and: […]} / {or: […]}');
  }
  const kind = keys[0] as 'and' | 'or';
  const parts = (group[kind] as Where[]).map((c, i) => compileNode(m, c, lang, alias, `${path}.${kind}[${i}]`, depth + 1, zone, seen))
    .filter((p): p is RawBuilder<unknown> => p !== null);
  if (!parts.length) return null;
  return sql`(${sql.join(parts, sql.raw(kind === 'and' ? ' and ' : ' or '))})`;
}

function badFilter(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid filter: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

/** Parses one filter value for a field (GET strings or JSON values) with the field type's own rules. */
function parseValue(f: FieldDef, raw: unknown, lang: Lang, key: string): unknown {
  let value = raw;
  if (typeof raw === 'string') {
    if (f.type === 'boolean') value = raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
    if (f.type === 'multipicklist') value = [raw];
  }
  if (f.type === 'multipicklist' && typeof value === 'string') value = [value];
  const r = validateFieldValue({ ...f, required: true }, value, lang);
  if (!r.ok) {
    const retired = retiredPicklistValue(f, value);
    if (retired !== null) return retired;
    throw badFilter(key, translated(r.message));
  }
  return f.type === 'multipicklist' ? (r.value as string[])[0] : valueToDb(f, r.value);
}

/**
 * A closed picklist's value that is no longer among its values: one an administrator removed (no record holds it then),
 * which a saved view, report or segment may still name. It matches nothing rather than failing the whole list; a value
 * written differently from one still offered ("Open" for "open") is refused, since it would silently miss.
 */
function retiredPicklistValue(f: FieldDef, value: unknown): string | null {
  if ((f.type !== 'picklist' && f.type !== 'multipicklist') || f.openOptions || !f.options) return null;
  const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof one !== 'string' || !PICKLIST_VALUE.test(one)) return null;
  const lower = one.toLowerCase();
  return f.options.some((o) => o.value.toLowerCase() === lower) ? null : one;
}

function listValues(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string') return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return [raw];
}

/**
 * Whether the database orders text by code point (C, POSIX, C.UTF-8). Then a prefix is also a range, and
 * `starts_with` becomes that range, so the ordered title index seeks to the prefix instead of scanning from "A".
 */
let codepointCollation = false;
export function setCodepointCollation(collation: string): void {
  codepointCollation = /^(c|posix|c\.utf-?8|ucs_basic)$/i.test(collation);
}

/** The range of strings starting with `prefix` in code point order, or null when there is none to add. */
export function prefixRange(prefix: string): [string, string] | null {
  const chars = Array.from(prefix);
  const last = chars.pop();
  if (!codepointCollation || last === undefined) return null;
  const next = last.codePointAt(0)! + 1;
  if (next > 0x10ffff || (next >= 0xd800 && next <= 0xdfff)) return null;
  return [prefix, chars.join('') + String.fromCodePoint(next)];
}

const TEXT_LIKE = new Set(['text', 'textarea', 'email', 'phone', 'url']);

function likePattern(s: string, op: FilterOperator): string {
  const escaped = s.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c);
  return op === 'contains' ? `%${escaped}%` : op === 'starts_with' ? `${escaped}%` : `%${escaped}`;
}

function compileCondition(m: ResolvedModule, c: Condition, lang: Lang, alias: string, path: string, zone: string): RawBuilder<unknown> {
  const key = `filter[${String(c.field)}]`;
  const f = m.fieldMap.get(c.field);
  if (!f) throw badFilter(key, msg('is not a field of {module}', { module: m.name }));
  const op = c.op ?? 'eq';
  if (!(FILTER_OPERATORS as readonly string[]).includes(op)) throw badFilter(key, msg('has an unknown operator "{op}"', { op: String(op) }));
  if (MEMBERSHIP_OPERATORS.includes(op)) return compileMembership(f, c, alias, key);
  if (!OPERATORS_BY_TYPE[f.type].includes(op)) throw badFilter(key, msg('does not support the operator "{op}"', { op }));
  const col = sql.ref(`${alias}.${f.name}`);
  const isText = TEXT_LIKE.has(f.type);
  switch (op) {
    case 'empty':
      if (f.type === 'multipicklist') return sql`coalesce(cardinality(${col}), 0) = 0`;
      return isText ? sql`coalesce(${col}, '') = ''` : sql`${col} is null`;
    case 'not_empty':
      if (f.type === 'multipicklist') return sql`coalesce(cardinality(${col}), 0) > 0`;
      return isText ? sql`coalesce(${col}, '') <> ''` : sql`${col} is not null`;
    case 'contains': case 'starts_with': case 'ends_with': {
      if (f.type === 'multipicklist') return sql`${col} @> array[${parseValue(f, c.value, lang, key)}]::text[]`;
      if (typeof c.value !== 'string' || c.value === '') throw badFilter(key, 'needs a text value');
      // In code point order "starts with p" is exactly p ≤ x < p⁺ — a range the title index seeks and the planner estimates well.
      const range = op === 'starts_with' ? prefixRange(c.value.toLowerCase()) : null;
      if (range) return sql`(lower(${col}) >= ${range[0]} and lower(${col}) < ${range[1]})`;
      return sql`lower(${col}) like ${likePattern(c.value, op)}`;
    }
    case 'in': case 'nin': {
      const values = listValues(c.value);
      if (!values.length || values.length > 1000) throw badFilter(key, 'needs 1 to 1000 values');
      if (f.type === 'multipicklist') {
        const arr = values.map((v) => parseValue(f, v, lang, key));
        return sql`${col} && ${arr}::text[]`;
      }
      const arr = values.map((v) => parseValue(f, v, lang, key));
      // Text ignores case here as in eq/ne (a closed picklist holds exactly its values: compared as they are).
      const folded = (isText || (f.type === 'picklist' && f.openOptions)) && arr.every((v) => typeof v === 'string');
      const typed = folded
        ? sql`lower(${col}) in (select lower(x) from unnest(${arr}::text[]) as x)`
        : sql`${col} = any(${sql`${arr}`}::${sql.raw(arrayType(f))})`;
      return op === 'in' ? typed : sql`(${col} is null or not (${typed}))`;
    }
    case 'in_period': case 'last_n_days': {
      let range: [string, string];
      if (op === 'in_period') {
        if (!PERIODS.includes(c.value as Period)) throw badFilter(key, msg('must be one of {values}', { values: PERIODS.join(', ') }));
        range = periodRange(c.value as Period, todayIn(zone));
      } else {
        const n = typeof c.value === 'string' && /^\d+$/.test(c.value) ? Number(c.value) : c.value;
        if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > MAX_LAST_N_DAYS) throw badFilter(key, msg('must be between 1 and {max}', { max: MAX_LAST_N_DAYS }));
        range = lastDaysRange(n as number, todayIn(zone));
      }
      // Days are the reader's (`zone`); a datetime compares with the moments those days begin.
      return f.type === 'datetime'
        ? sql`(${col} >= ${dayStart(range[0], zone).toISOString()}::timestamptz and ${col} < ${dayStart(range[1], zone).toISOString()}::timestamptz)`
        : sql`(${col} >= ${range[0]}::date and ${col} < ${range[1]}::date)`;
    }
    case 'between': {
      const values = listValues(c.value);
      if (values.length !== 2) throw badFilter(key, 'needs two values: from,to');
      const [a, b] = values.map((v) => parseValue(f, v, lang, key));
      return sql`${col} between ${a} and ${b}`;
    }
    default: {
      if (f.type === 'multipicklist') return sql`${col} @> array[${parseValue(f, c.value, lang, key)}]::text[]`;
      const v = parseValue(f, c.value, lang, key);
      const cmp = { eq: '=', ne: 'is distinct from', lt: '<', lte: '<=', gt: '>', gte: '>=' }[op as 'eq'];
      if (f.type === 'picklist' && !f.openOptions && (op === 'eq' || op === 'ne')) {
        // A closed picklist holds exactly its values (checked on every write, as this value was): compared as they
        // are, the planner estimates the rows from the column's statistics (under lower() it guesses 0.5 % and may
        // pick a nested loop for a report over most of the table).
        return sql`${col} ${sql.raw(cmp)} ${v}`;
      }
      if (isText || f.type === 'picklist') {
        // Text comparisons ignore case, as users expect from a CRM filter (and match the list sort).
        return sql`lower(${col}) ${sql.raw(cmp)} lower(${v})`;
      }
      return sql`${col} ${sql.raw(cmp)} ${v}`;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `{"field":"id"|<reference>,"op":"in_segment","value":"<segment id>"}`: the reference is among the set's records. */
function compileMembership(f: FieldDef, c: Condition, alias: string, key: string): RawBuilder<unknown> {
  const set = membershipSet(c.op!);
  if (!set) throw badFilter(key, msg('has an unknown operator "{op}"', { op: String(c.op) }));
  if (f.type !== 'reference' || !f.reference?.length) throw badFilter(key, msg('does not support the operator "{op}"', { op: String(c.op) }));
  if (typeof c.value !== 'string' || !UUID.test(c.value)) throw badFilter(key, 'must be the id of a segment');
  return sql`${sql.ref(`${alias}.${f.name}`)} in (${set(c.value.toLowerCase(), f.reference)})`;
}

function arrayType(f: FieldDef): string {
  switch (f.type) {
    case 'integer': return 'bigint[]';
    case 'decimal': case 'money': case 'percent': return 'numeric[]';
    case 'date': return 'date[]';
    case 'datetime': return 'timestamptz[]';
    case 'boolean': return 'boolean[]';
    case 'reference': case 'owner': case 'image': case 'file': return 'uuid[]';
    default: return 'text[]';
  }
}

/** `filter[field]=v` and `filter[field][op]=v` from a parsed query string → conditions (ANDed). */
export function conditionsFromQuery(query: Record<string, unknown>): Condition[] {
  const out: Condition[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('filter')) continue;
    // A filter the server cannot read is refused, never dropped: dropped, it would list (or export, or mass-update) everything.
    const m = /^filter\[([^\]]+)\](?:\[([^\]]+)\])?$/.exec(key);
    if (!m) throw badFilter(key, 'is not a filter: write filter[field]=value or filter[field][operator]=value');
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v !== 'string')) throw badFilter(key, 'must be a text value');
    for (const v of values) out.push({ field: m[1], op: (m[2] ?? 'eq') as FilterOperator, value: v });
  }
  return out;
}
