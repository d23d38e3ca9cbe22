import { sql } from 'kysely';
import type { RequestContext } from '../context.js';
import { requirePermission } from '../access/permissions.js';
import { writeAudit, writeAuditMany } from '../audit/audit.js';
import type { WriteChange } from '../registry/behaviour.js';
import type { RecordJson } from './serialize.js';
import { lockForWrite, raise, runWrite, toRecord } from './write-helpers.js';
import { visibilityPredicate } from '../access/permissions.js';
import { fullModule } from '../access/field-view.js';

/** Moves a record to the recycle bin (it keeps its data and number) or brings it back. */
async function setDeleted(ctx: RequestContext, moduleName: string, id: string, deleted: boolean): Promise<RecordJson> {
  // Hooks and events get the whole record; the caller, what their profiles let them see.
  const view = ctx.registry.module(moduleName);
  const m = fullModule(ctx.registry, moduleName);
  requirePermission(ctx, m.name, 'delete');
  return runWrite(ctx, async (tctx) => {
    const row = await lockForWrite(tctx, m, id, { deleted: !deleted });
    const before = toRecord(m, row);
    const action = deleted ? 'delete' : 'restore';
    const change: WriteChange = { module: m.name, id, action, values: {}, before };
    await m.behaviour.beforeWrite?.(tctx, change);
    const r = await sql<Record<string, unknown>>`update ${sql.table(m.name)} t
      set deleted_at = ${deleted ? sql`now()` : null}, version = t.version + 1, updated_at = now()
      where t.id = ${id} returning *`.execute(tctx.db);
    const record = toRecord(m, r.rows[0]);
    await writeAudit(tctx.db, { module: m.name, recordId: id, userId: tctx.user.id, action, changes: {} });
    await m.behaviour.afterWrite?.(tctx, change, record);
    raise(tctx, `${m.name}.${deleted ? 'deleted' : 'restored'}`, { module: m.name, id, record, userId: tctx.user.id });
    return view === m ? record : toRecord(view, r.rows[0]);
  });
}

export const deleteRecord = (ctx: RequestContext, module: string, id: string) => setDeleted(ctx, module, id, true);
export const restoreRecord = (ctx: RequestContext, module: string, id: string) => setDeleted(ctx, module, id, false);

/**
 * Moves many records to the recycle bin at once (an import undone): the same hooks, audit and events as one
 * by one, with one statement for the rows and one for their audit. Records already deleted, gone or not
 * writable by the caller are left as they are and returned as `kept`.
 */
export async function deleteMany(ctx: RequestContext, moduleName: string, ids: string[], opts: { source?: string } = {}): Promise<{ deleted: string[]; kept: string[] }> {
  const m = fullModule(ctx.registry, moduleName);
  requirePermission(ctx, m.name, 'delete');
  if (!ids.length) return { deleted: [], kept: [] };
  return runWrite(ctx, async (tctx) => {
    const write = visibilityPredicate(tctx, m.name, 'write');
    const locked = await sql<Record<string, unknown>>`select t.* from ${sql.table(m.name)} t
      where t.id = any(${ids}::uuid[]) and t.deleted_at is null ${write ? sql`and ${write}` : sql``} order by t.id for update`.execute(tctx.db);
    const changes = locked.rows.map((row) => ({ module: m.name, id: row.id as string, action: 'delete' as const, values: {}, before: toRecord(m, row) }));
    for (const change of changes) await m.behaviour.beforeWrite?.(tctx, change);
    const deletedIds = changes.map((c) => c.id);
    if (!deletedIds.length) return { deleted: [], kept: ids };
    const r = await sql<Record<string, unknown>>`update ${sql.table(m.name)} t set deleted_at = now(), version = t.version + 1, updated_at = now()
      where t.id = any(${deletedIds}::uuid[]) returning *`.execute(tctx.db);
    await writeAuditMany(tctx.db, deletedIds.map((id) => ({ module: m.name, recordId: id, userId: tctx.user.id, action: 'delete', changes: {} })));
    const byId = new Map(r.rows.map((row) => [row.id as string, row]));
    for (const change of changes) {
      const record = toRecord(m, byId.get(change.id)!);
      await m.behaviour.afterWrite?.(tctx, change, record);
      raise(tctx, `${m.name}.deleted`, { module: m.name, id: change.id, record, userId: tctx.user.id, source: opts.source });
    }
    const gone = new Set(deletedIds);
    return { deleted: deletedIds, kept: ids.filter((id) => !gone.has(id)) };
  });
}
