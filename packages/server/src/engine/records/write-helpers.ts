import { sql, type RawBuilder } from 'kysely';
import { inTransaction } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { withTx, type RequestContext } from '../context.js';
import { visibilityPredicate } from '../access/permissions.js';
import { valueToDb } from '../fields/field-types.js';
import type { ResolvedModule } from '../registry/registry.js';
import { rowToRecord, type RecordJson } from './serialize.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { madeInThisWrite } from './check-refs.js';

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
  return (await lockManyForWrite(ctx, m, [id], opts))[0];
}

/**
 * Locks records for a write in one statement, with both visibility checks evaluated on the locked rows.
 * Rows come back in the order of `ids`; the first missing, invisible or read-only one fails the lot.
 */
export async function lockManyForWrite(ctx: RequestContext, m: ResolvedModule, ids: string[], opts: { deleted?: boolean } = {}): Promise<Record<string, unknown>[]> {
  const read = visibilityPredicate(ctx, m.name, 'read') ?? sql`true`;
  const write = visibilityPredicate(ctx, m.name, 'write') ?? sql`true`;
  const r = await sql<Record<string, unknown>>`select t.*, (${read}) as karta_can_read, (${write}) as karta_can_write
    from ${sql.table(m.name)} t
    where t.id = any(${ids}::uuid[]) and t.deleted_at is ${sql.raw(opts.deleted ? 'not null' : 'null')}
    order by t.id for update`.execute(ctx.db);
  const byId = new Map(r.rows.map((row) => [row.id as string, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    const which = (s: Said): Said => (ids.length > 1 ? msg('Record {id}: {problem}', { id, problem: nested(s) }) : s);
    // A record this very write made may be written on by its maker even when it went to someone they cannot see.
    const made = !!row && madeInThisWrite(ctx, m.name, id);
    if (!row || (!row.karta_can_read && !made)) throw new AppError('NOT_FOUND', which(msg('No such record in {module}', { module: m.name })));
    if (!row.karta_can_write && !made) throw new AppError('FORBIDDEN', which('You may read this record but not change it'));
    delete row.karta_can_read;
    delete row.karta_can_write;
    return row;
  });
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
