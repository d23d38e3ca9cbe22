import { isUuid, UNMATCHABLE_TYPES } from '@karta/shared';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { inTransaction } from '../../../platform/db.js';
import { enqueue } from '../../../platform/jobs.js';
import { AppError } from '../../../platform/errors.js';
import { msg } from '../../../platform/messages/say.js';
import type { RequestContext } from '../../context.js';
import { requirePermission } from '../../access/permissions.js';
import { isImportEncoding, type ImportEncoding } from '../decode-text.js';
import type { ResolvedModule } from '../../registry/registry.js';
import { DELIMITERS, readTable, type TableInfo } from '../read-table.js';
import { DATE_ORDERS, type DateOrder } from '../../../platform/time-zone.js';
import { mapColumns } from './mapping.js';
import type { DuplicateMode, FileRow, RowError } from './rows.js';

export const IMPORT_JOB = 'import';
export const UNDO_JOB = 'import_undo';
export const CHUNK_ROWS = 500;
export const UNDO_DAYS = 7;
/** Failed rows kept with their cells for the report; the count goes on beyond. */
export const MAX_KEPT_ERRORS = 10_000;

export interface ImportRequest {
  module: string;
  mapping?: Record<string, string | null>;
  duplicates?: { mode?: DuplicateMode; match_on?: string[] };
  encoding?: string;
  delimiter?: string;
  date_order?: string;
}

export type ImportState = 'reading' | 'queued' | 'running' | 'done' | 'failed' | 'undoing' | 'undone';

export interface ImportRow {
  id: string; module: string; user_id: string; lang: string; filename: string; format: string; encoding: string | null;
  delimiter: string | null; date_order: DateOrder; header: string[]; mapping: Record<string, string | null>; duplicates: { mode: DuplicateMode; match_on: string[] };
  state: ImportState; total: number; done: number; created: number; updated: number; skipped: number; failed: number;
  chunks: number; next_chunk: number; errors: RowError[]; last_error: string | null; created_at: string;
  started_at: string | null; finished_at: string | null; undone_at: string | null; undo_report: Record<string, number> | null;
}

const MODES: DuplicateMode[] = ['create', 'skip', 'overwrite', 'merge'];

/** Duplicates found without chosen fields: a person (a name in parts) by e-mail, anything else by its name. */
function defaultMatchOn(m: ResolvedModule): string[] {
  const email = m.allFields.find((f) => f.type === 'email');
  return m.titleFields.length > 1 && email ? [email.name] : m.titleFields.slice(-1);
}

/** Checks what an import asks for before any row is read: module, rights, duplicate handling, encoding. */
export function checkRequest(ctx: RequestContext, req: ImportRequest): { mode: DuplicateMode; matchOn: string[]; encoding?: ImportEncoding; delimiter?: string; dateOrder: DateOrder } {
  if (!req.module || !ctx.registry.has(req.module)) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { module: 'is not a module' });
  const m = ctx.registry.module(req.module);
  requirePermission(ctx, m.name, 'import');
  requirePermission(ctx, m.name, 'create');
  const mode = req.duplicates?.mode ?? (req.duplicates?.match_on?.length ? 'skip' : 'create');
  if (!MODES.includes(mode)) throw new AppError('VALIDATION_FAILED', 'Invalid import', { duplicates: msg('must be one of {values}', { values: MODES.join(', ') }) });
  const matchOn = mode === 'create' ? [] : req.duplicates?.match_on?.length ? req.duplicates.match_on : defaultMatchOn(m);
  if (mode !== 'create' && (!matchOn.length || matchOn.some((f) => !m.fieldMap.has(f)))) {
    throw new AppError('VALIDATION_FAILED', 'Invalid import', { match_on: 'must list fields of the module' });
  }
  if (mode !== 'create' && matchOn.some((f) => UNMATCHABLE_TYPES.includes(m.fieldMap.get(f)!.type))) {
    throw new AppError('VALIDATION_FAILED', 'Invalid import', { match_on: 'must list fields compared by their text: not amounts, date-times, yes/no, lists or files' });
  }
  if (mode === 'overwrite' || mode === 'merge') requirePermission(ctx, m.name, 'edit');
  if (req.encoding && !isImportEncoding(req.encoding)) throw new AppError('VALIDATION_FAILED', 'Invalid import', { encoding: msg('must be one of {values}', { values: 'utf-8, utf-16le, utf-16be, windows-1251, koi8-r, gb18030, windows-1252' }) });
  if (req.delimiter && !(DELIMITERS as readonly string[]).includes(req.delimiter)) throw new AppError('VALIDATION_FAILED', 'Invalid import', { delimiter: msg('must be one of {values}', { values: ', ; | tab' }) });
  if (req.date_order && !(DATE_ORDERS as readonly string[]).includes(req.date_order)) throw new AppError('VALIDATION_FAILED', 'Invalid import', { date_order: msg('must be one of {values}', { values: DATE_ORDERS.join(', ') }) });
  return { mode, matchOn, encoding: req.encoding as ImportEncoding | undefined, delimiter: req.delimiter, dateOrder: (req.date_order || 'day_first') as DateOrder };
}

/**
 * Reads the file into chunks of rows stored with the import (so any instance can run it, and a restart
 * resumes it), then queues the job. The rows are read without holding the event loop; each chunk is its own
 * short insert. A file that turns out unreadable half-way leaves nothing behind.
 */
export async function startImport(ctx: RequestContext, file: { buffer: Buffer; filename: string }, req: ImportRequest): Promise<string> {
  const { mode, matchOn, encoding, delimiter, dateOrder } = checkRequest(ctx, req);
  const m = ctx.registry.module(req.module);
  const id = uuidv7();
  let chunk: FileRow[] = [];
  let chunks = 0;
  let created = false;
  const flush = async () => {
    if (!chunk.length) return;
    await sql`insert into import_chunks (import_id, n, rows) values (${id}, ${chunks++}, ${JSON.stringify(chunk)}::jsonb)`.execute(ctx.db);
    chunk = [];
  };
  try {
    const total = await readTable(file.buffer, file.filename, { encoding, delimiter }, async (info: TableInfo) => {
      const columns = mapColumns(m, info.header, req.mapping);
      if (!columns.some(Boolean)) throw new AppError('VALIDATION_FAILED', 'Invalid import', { mapping: 'no column matches a field' });
      const mapping = Object.fromEntries(info.header.map((h, i) => [h, columns[i]]));
      await sql`insert into imports (id, module, user_id, lang, filename, format, encoding, delimiter, date_order, header, mapping, duplicates, state)
        values (${id}, ${m.name}, ${ctx.user.id}, ${ctx.lang}, ${file.filename.slice(0, 255)}, ${info.format}, ${info.encoding ?? null},
          ${info.delimiter ?? null}, ${dateOrder}, ${JSON.stringify(info.header)}::jsonb, ${JSON.stringify(mapping)}::jsonb,
          ${JSON.stringify({ mode, match_on: matchOn })}::jsonb, 'reading')`.execute(ctx.db);
      created = true;
    }, async (rows) => {
      for (const row of rows) {
        chunk.push(row);
        if (chunk.length >= CHUNK_ROWS) await flush();
      }
    });
    await flush();
    await inTransaction(ctx.db, async (trx) => {
      await sql`update imports set state = 'queued', total = ${total}, chunks = ${chunks} where id = ${id}`.execute(trx);
      await enqueue(trx, { kind: IMPORT_JOB, key: `import:${id}`, payload: { id }, runAt: new Date(), maxAttempts: 5 });
    });
  } catch (err) {
    if (created) await sql`delete from imports where id = ${id}`.execute(ctx.db);
    throw err;
  }
  await forgetOldImports(ctx);
  return id;
}

/** After the undo window, what an import wrote is no longer kept for it. */
async function forgetOldImports(ctx: RequestContext): Promise<void> {
  await sql`delete from import_records where import_id in (select id from imports where created_at < now() - make_interval(days => ${UNDO_DAYS}))`.execute(ctx.db);
}

/** An import the caller may see: their own, or any for an administrator. Others are "not found". */
export async function loadImport(ctx: RequestContext, id: string): Promise<ImportRow> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'No such import');
  const r = await sql<ImportRow>`select * from imports where id = ${id}`.execute(ctx.db);
  const row = r.rows[0];
  if (!row || (row.user_id !== ctx.user.id && !ctx.user.isAdmin)) throw new AppError('NOT_FOUND', 'No such import');
  return row;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** The import's state, `failed` too when its job gave up (the row itself then still says running or queued). */
export async function effectiveState(ctx: RequestContext, row: ImportRow): Promise<{ state: ImportState; jobError: string | null }> {
  const job = await sql<{ failed: boolean; last_error: string | null }>`select failed, last_error from jobs where key = ${`import:${row.id}`}`.execute(ctx.db);
  const jobFailed = job.rows[0]?.failed && (row.state === 'running' || row.state === 'queued');
  return jobFailed ? { state: 'failed', jobError: job.rows[0].last_error } : { state: row.state, jobError: null };
}

/** What an import in this state wrote can be undone: it finished, or it stopped part-way (what its chunks wrote stays otherwise). */
export const undoableState = (state: ImportState) => state === 'done' || state === 'failed';

/** The state as the progress bar shows it: counts, rate, time left, and whether it can still be undone. */
export async function importStatus(ctx: RequestContext, row: ImportRow, errorLimit = 100): Promise<Record<string, unknown>> {
  const { state, jobError } = await effectiveState(ctx, row);
  const started = row.started_at ? new Date(row.started_at).getTime() : null;
  const end = row.finished_at ? new Date(row.finished_at).getTime() : Date.now();
  const seconds = started ? Math.max(0.001, (end - started) / 1000) : 0;
  const rate = started && row.done ? Math.round(row.done / seconds) : null;
  const undoUntil = new Date(new Date(row.created_at).getTime() + UNDO_DAYS * 86_400_000);
  return {
    id: row.id, module: row.module, filename: row.filename, format: row.format, encoding: row.encoding, delimiter: row.delimiter, date_order: row.date_order,
    state, total: row.total, done: row.done, created: row.created, updated: row.updated, skipped: row.skipped, failed: row.failed,
    errors: row.errors.slice(0, errorLimit).map(({ cells: _cells, ...e }) => ({ ...e, reason: e.message })),
    rate, eta_seconds: rate && state === 'running' ? Math.ceil((row.total - row.done) / rate) : null,
    mapping: row.mapping, duplicates: row.duplicates, user_id: row.user_id,
    created_at: iso(row.created_at), started_at: iso(row.started_at), finished_at: iso(row.finished_at), undone_at: iso(row.undone_at),
    can_undo: undoableState(state) && Date.now() < undoUntil.getTime() && row.created + row.updated > 0,
    undo_until: undoUntil.toISOString(), undo_report: row.undo_report,
    last_error: jobError ?? row.last_error,
  };
}

/** The caller's imports (an administrator's: everyone's), newest first. */
export async function listImports(ctx: RequestContext, module?: string, limit = 50): Promise<Record<string, unknown>[]> {
  const r = await sql<ImportRow>`select * from imports where (${ctx.user.isAdmin} or user_id = ${ctx.user.id})
    ${module ? sql`and module = ${module}` : sql``} order by created_at desc limit ${limit}`.execute(ctx.db);
  return Promise.all(r.rows.map((row) => importStatus(ctx, row, 0)));
}
