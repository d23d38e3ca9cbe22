import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../platform/errors.js';

/** One ORDER BY key: the SQL expression, its direction, and the alias its value is selected as. */
export interface OrderKey {
  expr: RawBuilder<unknown>;
  desc: boolean;
  alias: string;
  /** The SQL type a cursor's value (kept as text) is read as, where the driver would not take text for it (PGlite's booleans). */
  cast?: 'boolean';
}

export function orderBy(keys: OrderKey[]): RawBuilder<unknown> {
  return sql.join(keys.map((k) => sql`${k.expr} ${sql.raw(k.desc ? 'desc' : 'asc')}`));
}

/**
 * "Rows after the cursor" for any mix of directions, with PostgreSQL's null order
 * (nulls last ascending, first descending), as an OR of equal prefixes.
 */
export function afterCursor(keys: OrderKey[], values: unknown[]): RawBuilder<unknown> {
  const branches: RawBuilder<unknown>[] = [];
  for (let i = 0; i < keys.length; i++) {
    const parts: RawBuilder<unknown>[] = [];
    for (let j = 0; j < i; j++) parts.push(equal(keys[j], values[j]));
    const step = beyond(keys[i], values[i]);
    if (!step) continue;
    parts.push(step);
    branches.push(sql`(${sql.join(parts, sql` and `)})`);
  }
  return branches.length ? sql`(${sql.join(branches, sql` or `)})` : sql`false`;
}

/** A cursor value as its key's type: text read by the database (a forged one is its refusal, a 400), never by the driver. */
const valueOf = (k: OrderKey, v: unknown): RawBuilder<unknown> => (k.cast ? sql`cast(${String(v)}::text as ${sql.raw(k.cast)})` : sql`${v}`);

function equal(k: OrderKey, v: unknown): RawBuilder<unknown> {
  return v === null ? sql`${k.expr} is null` : sql`${k.expr} = ${valueOf(k, v)}`;
}

function beyond(k: OrderKey, v: unknown): RawBuilder<unknown> | null {
  if (k.desc) return v === null ? sql`${k.expr} is not null` : sql`${k.expr} < ${valueOf(k, v)}`;
  return v === null ? null : sql`(${k.expr} > ${valueOf(k, v)} or ${k.expr} is null)`;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
      // As text, a boolean is read by its column like any string: a forged one where a date is sorted is a 400, not a
      // driver's failure to serialise it.
      return values.map((v) => (typeof v === 'boolean' ? String(v) : v));
    }
  } catch { /* fall through */ }
  throw new AppError('VALIDATION_FAILED', 'Invalid cursor: use next_cursor from the previous page with the same sort', { cursor: 'is not valid for this list' });
}
