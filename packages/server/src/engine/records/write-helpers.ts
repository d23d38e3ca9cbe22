import { sql, type RawBuilder } from 'kysely';
import { inTransaction } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { withTx, type RequestContext } from '../context.js';
import { visibilityPredicate } from '../access/permissions.js';
import { valueToDb } from '../fields/field-types.js';
import type { ResolvedModule } from '../registry/registry.js';
import { rowToRecord, type RecordJson } from './serialize.js';

/**
 * Runs a write in a transaction (joining the caller's when there is one) and publishes the events it
 * raised only after the outermost transaction commits.
 */
export async function runWrite<T>(ctx: RequestContext, fn: (tctx: RequestContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction && ctx.pendingEvents) return fn(ctx);
  const pending: { name: string; payload: unknown }[] = [];
  const result = await inTransaction(ctx.db, (trx) => fn({ ...withTx(ctx, trx), pendingEvents: pending }));
  for (const e of pending) await ctx.events.emit(e.name, e.payload);
  return result;
}

export function raise(ctx: RequestContext, name: string, payload: unknown): void {
  if (ctx.pendingEvents) ctx.pendingEvents.push({ name, payload });
  else void ctx.events.emit(name, payload);
}

/**
 * Loads a record for a write under a row lock. Invisible → 404 (never reveal it exists);
 * visible but not writable (public_read) → 403.
 */
export async function lockForWrite(ctx: RequestContext, m: ResolvedModule, id: string, opts: { deleted?: boolean } = {}): Promise<Record<string, unknown>> {
  const r = await sql<Record<string, unknown>>`select t.* from ${sql.table(m.name)} t
    where t.id = ${id} and t.deleted_at is ${sql.raw(opts.deleted ? 'not null' : 'null')} for update`.execute(ctx.db);
  const row = r.rows[0];
  if (!row || !(await isVisible(ctx, m, id, 'read'))) throw new AppError('NOT_FOUND', `No such record in ${m.name}`);
  if (!(await isVisible(ctx, m, id, 'write'))) throw new AppError('FORBIDDEN', 'You may read this record but not change it');
  return row;
}

export async function isVisible(ctx: RequestContext, m: ResolvedModule, id: string, mode: 'read' | 'write'): Promise<boolean> {
  const vis = visibilityPredicate(ctx, m.name, mode);
  if (!vis) return true;
  const r = await sql`select 1 from ${sql.table(m.name)} t where t.id = ${id} and ${vis}`.execute(ctx.db);
  return r.rows.length > 0;
}

/** Column/value pairs for an INSERT or UPDATE: field values through their type plugin, companions as is. */
export function dbAssignments(m: ResolvedModule, values: Record<string, unknown>): [string, unknown][] {
  return Object.entries(values).map(([k, v]) => {
    const f = m.fieldMap.get(k);
    return [k, f ? valueToDb(f, v) : v];
  });
}

export function setList(pairs: [string, unknown][]): RawBuilder<unknown> {
  return sql.join(pairs.map(([k, v]) => sql`${sql.id(k)} = ${v}`));
}

export function toRecord(m: ResolvedModule, row: Record<string, unknown>): RecordJson {
  return rowToRecord(m.allFields, row);
}
