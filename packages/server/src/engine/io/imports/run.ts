import type { Lang } from '@karta/shared';
import { sql } from 'kysely';
import type { AppContext } from '../../../app-context.js';
import type { Tx } from '../../../platform/db.js';
import { AppError } from '../../../platform/errors.js';
import { enqueue, type AfterCommit, type JobHandler } from '../../../platform/jobs.js';
import type { RequestContext } from '../../context.js';
import { contextInTransaction } from '../../system-context.js';
import { CellConverter } from '../import-values.js';
import { IMPORT_JOB, MAX_KEPT_ERRORS, UNDO_JOB, type ImportRow } from './imports.js';
import { importChunk, type ChunkResult, type FileRow } from './rows.js';
import { undoBatch } from './undo.js';

/** The importing user's context bound to the job's transaction; its events wait for the commit. */
const jobContext = (app: AppContext, trx: Tx, userId: string, lang: string) => contextInTransaction(app, trx, userId, lang as Lang);

const publish = (ctx: RequestContext): AfterCommit => async () => {
  for (const e of ctx.pendingEvents ?? []) await ctx.events.emit(e.name, e.payload);
};

/**
 * One job run = one chunk, in one transaction with the counters and the undo records, then the next chunk is
 * queued under the same key. A crash mid-chunk rolls that chunk back and the job runs it again: an import
 * resumes where its last committed chunk ended, never writing a row twice.
 */
type Written = ChunkResult['written'][number];

/**
 * One entry per record for undo: a record several rows wrote keeps its first action, each field's value from before
 * the import's first write of it, and the last value the import gave it.
 */
export function foldWrites(written: Written[]): Written[] {
  const by = new Map<string, Written>();
  for (const w of written) {
    const first = by.get(w.recordId);
    if (!first) { by.set(w.recordId, { ...w }); continue; }
    if (first.action === 'created') continue;
    first.before = { ...w.before, ...first.before };
    first.after = { ...first.after, ...w.after };
  }
  return [...by.values()];
}

export function importJobs(app: AppContext): Record<string, JobHandler> {
  return {
    [IMPORT_JOB]: async (trx, payload) => {
      const r = await sql<ImportRow>`select * from imports where id = ${payload.id as string} for update`.execute(trx);
      const imp = r.rows[0];
      if (!imp || (imp.state !== 'queued' && imp.state !== 'running')) return;
      const ctx = await jobContext(app, trx, imp.user_id, imp.lang);
      if (imp.state === 'queued') await sql`update imports set state = 'running', started_at = now() where id = ${imp.id}`.execute(trx);
      const chunk = await sql<{ rows: FileRow[] }>`select rows from import_chunks where import_id = ${imp.id} and n = ${imp.next_chunk}`.execute(trx);
      if (!chunk.rows[0]) return finish(ctx, imp);
      const m = ctx.registry.module(imp.module);
      const plan = { module: m, columns: imp.header.map((h) => imp.mapping[h] ?? null), mode: imp.duplicates.mode, matchOn: imp.duplicates.match_on };
      let result;
      try {
        result = await importChunk(ctx, plan, chunk.rows[0].rows, new CellConverter(ctx, imp.date_order));
      } catch (err) {
        // The importer lost the right to import (or the module went away): the import stops, saying why.
        if (!(err instanceof AppError)) throw err;
        await sql`update imports set state = 'failed', finished_at = now(), last_error = ${err.render(ctx.lang).message} where id = ${imp.id}`.execute(trx);
        return;
      }
      const room = Math.max(0, MAX_KEPT_ERRORS - imp.errors.length);
      const rowsDone = chunk.rows[0].rows.length;
      await sql`update imports set done = done + ${rowsDone}, created = created + ${result.created}, updated = updated + ${result.updated},
        skipped = skipped + ${result.skipped}, failed = failed + ${result.failed}, next_chunk = next_chunk + 1,
        errors = errors || ${JSON.stringify(result.errors.slice(0, room))}::jsonb where id = ${imp.id}`.execute(trx);
      if (result.written.length) {
        const json = foldWrites(result.written).map((w) => ({ import_id: imp.id, record_id: w.recordId, row_no: w.rowNo, action: w.action, before: w.before, after: w.after }));
        // A record written again by a later chunk: its first action and earliest values stay, its latest values win.
        await sql`insert into import_records as ir (import_id, record_id, row_no, action, before, after)
          select import_id, record_id, row_no, action, before, after from jsonb_to_recordset(${JSON.stringify(json)}::jsonb)
            as x(import_id uuid, record_id uuid, row_no int, action text, before jsonb, after jsonb)
          on conflict (import_id, record_id) do update set
            before = case when ir.action = 'created' then ir.before else coalesce(excluded.before, '{}') || coalesce(ir.before, '{}') end,
            after = case when ir.action = 'created' then ir.after else coalesce(ir.after, '{}') || coalesce(excluded.after, '{}') end`.execute(trx);
      }
      await sql`delete from import_chunks where import_id = ${imp.id} and n = ${imp.next_chunk}`.execute(trx);
      await enqueue(trx, { kind: IMPORT_JOB, key: `import:${imp.id}`, payload: { id: imp.id }, runAt: new Date() });
      return publish(ctx);
    },
    [UNDO_JOB]: async (trx, payload) => {
      const r = await sql<ImportRow & { undo_by: string }>`select i.*, coalesce(${payload.by as string}::uuid, i.user_id) as undo_by
        from imports i where i.id = ${payload.id as string} for update`.execute(trx);
      const imp = r.rows[0];
      if (!imp || imp.state !== 'undoing') return;
      const ctx = await jobContext(app, trx, imp.undo_by, imp.lang);
      const more = await undoBatch(ctx, imp);
      if (more) await enqueue(trx, { kind: UNDO_JOB, key: `import_undo:${imp.id}`, payload, runAt: new Date() });
      else await sql`update imports set state = 'undone', undone_at = now() where id = ${imp.id}`.execute(trx);
      return publish(ctx);
    },
  };
}

/** The last chunk is done: the import is finished and its importer hears of it. */
async function finish(ctx: RequestContext, imp: ImportRow): Promise<AfterCommit> {
  const r = await sql<ImportRow>`update imports set state = 'done', finished_at = now() where id = ${imp.id} returning *`.execute(ctx.db);
  const done = r.rows[0];
  ctx.pendingEvents!.push({ name: 'imports.finished', payload: {
    id: done.id, module: done.module, userId: done.user_id, filename: done.filename, created: done.created, updated: done.updated, skipped: done.skipped, failed: done.failed,
  } });
  return publish(ctx);
}

/** Runs an import to its end in the caller's request (the synchronous import route), chunk by chunk. */
export async function runImportNow(app: AppContext, id: string): Promise<void> {
  const run = importJobs(app)[IMPORT_JOB];
  for (;;) {
    const after = await app.database.db.transaction().execute((trx) => run(trx, { id }, { alone: true, last: true }));
    if (after) await after();
    const r = await sql<{ state: string }>`select state from imports where id = ${id}`.execute(app.database.db);
    if (r.rows[0]?.state !== 'running' && r.rows[0]?.state !== 'queued') return;
  }
}
