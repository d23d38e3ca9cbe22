import { sql } from 'kysely';
import type { RequestContext } from '../context.js';
import { requirePermission } from '../access/permissions.js';
import { writeAudit } from '../audit/audit.js';
import type { WriteChange } from '../registry/behaviour.js';
import type { RecordJson } from './serialize.js';
import { lockForWrite, raise, runWrite, toRecord } from './write-helpers.js';

/** Moves a record to the recycle bin (it keeps its data and number) or brings it back. */
async function setDeleted(ctx: RequestContext, moduleName: string, id: string, deleted: boolean): Promise<RecordJson> {
  const m = ctx.registry.module(moduleName);
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
    return record;
  });
}

export const deleteRecord = (ctx: RequestContext, module: string, id: string) => setDeleted(ctx, module, id, true);
export const restoreRecord = (ctx: RequestContext, module: string, id: string) => setDeleted(ctx, module, id, false);
