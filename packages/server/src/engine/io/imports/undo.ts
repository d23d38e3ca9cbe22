import { sql } from 'kysely';
import { inTransaction } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { enqueue } from '../../../platform/jobs.js';
import type { RequestContext } from '../../context.js';
import { requirePermission } from '../../access/permissions.js';
import { deleteMany } from '../../records/delete.js';
import { getRecord } from '../../records/get.js';
import { updateRecord } from '../../records/update.js';
import { UNDO_DAYS, UNDO_JOB, effectiveState, loadImport, undoableState, type ImportRow } from './imports.js';
import { inSavepoint } from './rows.js';

const UNDO_BATCH = 500;

/**
 * Undo, for 7 days: the records an import created go to the recycle bin (unless someone else has changed them
 * since: then they stay), the ones it changed get their earlier values back — field by field, and only where nobody changed the field since (a later edit is kept
 * and counted). Runs in the background like the import; each batch its own transaction.
 */
export async function startUndo(ctx: RequestContext, id: string): Promise<ImportRow> {
  const imp = await loadImport(ctx, id);
  requirePermission(ctx, imp.module, 'delete');
  if (!undoableState((await effectiveState(ctx, imp)).state)) throw new AppError('CONFLICT', 'Only a finished or stopped import can be undone');
  if (Date.now() > new Date(imp.created_at).getTime() + UNDO_DAYS * 86_400_000) throw new AppError('CONFLICT', 'An import can be undone for 7 days after it ran');
  return inTransaction(ctx.db, async (trx) => {
    const r = await sql<ImportRow>`update imports set state = 'undoing', undo_report = '{"deleted":0,"restored":0,"kept":0}'::jsonb
      where id = ${imp.id} and state = ${imp.state} returning *`.execute(trx);
    if (!r.rows[0]) throw new AppError('CONFLICT', 'Only a finished or stopped import can be undone');
    // A stopped import's rows not yet read are never read now.
    await sql`delete from import_chunks where import_id = ${imp.id}`.execute(trx);
    await enqueue(trx, { kind: UNDO_JOB, key: `import_undo:${imp.id}`, payload: { id: imp.id, by: ctx.user.id }, runAt: new Date() });
    return r.rows[0];
  });
}

/** One batch of an undo; true while more remain. */
export async function undoBatch(ctx: RequestContext, imp: ImportRow): Promise<boolean> {
  const r = await sql<{ record_id: string; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>`
    select record_id, action, before, after from import_records where import_id = ${imp.id} order by record_id limit ${UNDO_BATCH}`.execute(ctx.db);
  if (!r.rows.length) return false;
  const count = { deleted: 0, restored: 0, kept: 0 };
  const made = r.rows.filter((x) => x.action === 'created').map((x) => x.record_id);
  // A record a colleague has worked on since the import is their work now: it stays (counted as kept). What reacted
  // to the import itself — workflows on its records, system writes — ran within moments of the record's own creation
  // and does not count (measured from that, not from the end of a long import). A record others were merged into
  // holds what they had (their links, history): it stays, whoever merged.
  const touched = made.length ? new Set((await sql<{ record_id: string }>`select distinct a.record_id::text from audit_log a
    cross join lateral (select min(c.at) as at from audit_log c where c.record_id = a.record_id and c.action = 'create'
      and c.at >= ${imp.created_at}::timestamptz) made
    where a.record_id = any(${made}::uuid[]) and (a.action = 'merge' or (a.action = 'update' and a.user_id is not null
      and a.user_id <> ${imp.user_id}::uuid and a.at > made.at + interval '5 minutes'))`.execute(ctx.db)).rows.map((x) => x.record_id)) : new Set<string>();
  const created = made.filter((id) => !touched.has(id));
  count.kept += touched.size;
  if (created.length) {
    const { deleted, kept } = await deleteCreated(ctx, imp.module, created);
    count.deleted += deleted;
    count.kept += kept;
  }
  for (const x of r.rows.filter((y) => y.action === 'updated')) {
    if (await restore(ctx, imp.module, x.record_id, x.before ?? {}, x.after ?? {})) count.restored++;
    else count.kept++;
  }
  await sql`delete from import_records where import_id = ${imp.id} and record_id = any(${r.rows.map((x) => x.record_id)}::uuid[])`.execute(ctx.db);
  await sql`update imports set undo_report = jsonb_build_object(
      'deleted', (undo_report->>'deleted')::int + ${count.deleted}, 'restored', (undo_report->>'restored')::int + ${count.restored},
      'kept', (undo_report->>'kept')::int + ${count.kept}) where id = ${imp.id}`.execute(ctx.db);
  return r.rows.length === UNDO_BATCH;
}

/**
 * The batch's created records to the recycle bin; when one of them cannot go (waiting for approval, no longer the
 * undoer's to delete), one by one, that one kept and counted, so the rest of the undo still happens.
 */
async function deleteCreated(ctx: RequestContext, module: string, ids: string[]): Promise<{ deleted: number; kept: number }> {
  const once = async (some: string[]) => {
    const r = await inSavepoint(ctx, () => deleteMany(ctx, module, some, { source: 'import_undo' }));
    return { deleted: r.deleted.length, kept: r.kept.length };
  };
  try {
    return await once(ids);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
  }
  const count = { deleted: 0, kept: 0 };
  for (const id of ids) {
    try {
      const r = await once([id]);
      count.deleted += r.deleted;
      count.kept += r.kept;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      count.kept++;
    }
  }
  return count;
}

/** The fields still holding what the import wrote get their earlier value; false when nothing could be. */
async function restore(ctx: RequestContext, module: string, id: string, before: Record<string, unknown>, after: Record<string, unknown>): Promise<boolean> {
  try {
    return await inSavepoint(ctx, async () => {
      const current = (await getRecord(ctx, module, id)).data as Record<string, unknown>;
      const back = Object.fromEntries(Object.keys(before).filter((k) => JSON.stringify(current[k] ?? null) === JSON.stringify(after[k] ?? null)).map((k) => [k, before[k]]));
      if (!Object.keys(back).length) return false;
      await updateRecord(ctx, module, id, back);
      return true;
    });
  } catch (err) {
    if (err instanceof AppError) return false; // gone, hidden or no longer valid: the record stays as it is
    throw err;
  }
}
