import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { requireAdmin } from '../engine/access/permissions.js';
import { auditAdmin } from '../admin/admin-audit.js';
import { parseBody } from '../admin/parse-body.js';
import { AppError } from '../platform/errors.js';
import { enqueue, type JobHandler } from '../platform/jobs.js';
import { inTransaction, type Tx } from '../platform/db.js';
import { bool, dataOf, dateTime, doc, int, listOf, obj, str } from '../engine/http/openapi/schema.js';
import { writeBackup } from './backup.js';
import { isLocalToken } from './local-control.js';
import { backupName, backupsDir, filesDir, secretKeyFile } from './upgrade.js';

export interface BackupSchedule { enabled: boolean; hour: number; keep: number }
const DEFAULT_SCHEDULE: BackupSchedule = { enabled: false, hour: 2, keep: 14 };
const SETTINGS_ID = '00000000-0000-0000-0000-0000000000b5';
const scheduleSchema = z.object({ enabled: z.boolean(), hour: z.number().int().min(0).max(23), keep: z.number().int().min(1).max(365) }).strict();
const NAME = /^karta-[\w.-]+\.zip$/;

async function schedule(db: Tx): Promise<BackupSchedule> {
  const r = await sql<{ value: BackupSchedule }>`select value from settings where key = 'backup_schedule'`.execute(db);
  return { ...DEFAULT_SCHEDULE, ...(r.rows[0]?.value ?? {}) };
}

/** The next time the daily backup is due: today at `hour` (server time, UTC) if still ahead, else tomorrow. */
export function nextRun(hour: number, now = new Date()): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (at <= now) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

async function listBackups(dir: string): Promise<{ name: string; bytes: number; created_at: string }[]> {
  let names: string[] = [];
  try { names = (await readdir(dir)).filter((n) => NAME.test(n)); } catch { return []; }
  const out = await Promise.all(names.map(async (name) => { const s = await stat(path.join(dir, name)); return { name, bytes: s.size, created_at: s.mtime.toISOString() }; }));
  return out.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** Keeps the newest `keep` scheduled backups (made by the schedule; others are the administrator's to delete). */
async function prune(dir: string, keep: number): Promise<void> {
  const scheduled = (await listBackups(dir)).filter((b) => b.name.startsWith('karta-scheduled-'));
  for (const old of scheduled.slice(keep)) await rm(path.join(dir, old.name), { force: true });
}

export function backupJobs(app: AppContext): Record<string, JobHandler> {
  return {
    'ops.scheduled_backup': async (trx) => {
      const s = await schedule(trx);
      if (!s.enabled) return;
      await enqueue(trx, { kind: 'ops.scheduled_backup', key: 'backup:scheduled', payload: {}, runAt: nextRun(s.hour) });
      // After the job's commit: the backup's own transaction must not wait behind this one (PGlite has one connection).
      return async () => {
        const dir = backupsDir(app.config);
        await writeBackup(app.database.db, { out: path.join(dir, backupName('scheduled')), filesDir: filesDir(app.config), version: app.version, kind: app.database.kind, secretKeyFile: secretKeyFile(app.config) });
        await prune(dir, s.keep);
      };
    },
  };
}

const BACKUP = obj({ name: str(), bytes: int(), created_at: dateTime() }, ['name', 'bytes', 'created_at']);
const SCHEDULE = obj({ enabled: bool(), hour: int({ minimum: 0, maximum: 23 }), keep: int({ minimum: 1, maximum: 365 }) }, ['enabled', 'hour', 'keep']);

/** Backups an administrator takes, schedules and downloads; and the one `npm run backup` asks a running PGlite server for. */
export function backupRoutes(app: AppContext) {
  return async (f: FastifyInstance) => {
    f.get('/backups', doc({ tags: ['admin'], summary: 'Backups in the data directory, newest first', response: { 200: listOf(BACKUP) } }), async (req) => {
      requireAdmin(req.ctx);
      return { data: await listBackups(backupsDir(app.config)) };
    });
    f.post('/backups', doc({ tags: ['admin'], summary: 'Take a backup now (database and files, while Karta runs)', response: { 201: dataOf(BACKUP) } }), async (req, reply) => {
      requireAdmin(req.ctx);
      const name = backupName('manual');
      await writeBackup(app.database.db, { out: path.join(backupsDir(app.config), name), filesDir: filesDir(app.config), version: app.version, kind: app.database.kind, secretKeyFile: secretKeyFile(app.config) });
      await inTransaction(req.ctx.db, (trx) => auditAdmin(trx, 'settings', SETTINGS_ID, req.ctx, 'backup', { backup: [null, name] }));
      reply.code(201);
      return { data: (await listBackups(backupsDir(app.config))).find((b) => b.name === name) };
    });
    f.get<{ Params: { name: string } }>('/backups/:name', doc({ tags: ['admin'], summary: 'Download a backup', response: { 200: 'application/zip' } }), async (req, reply) => {
      requireAdmin(req.ctx);
      if (!NAME.test(req.params.name)) throw new AppError('NOT_FOUND', 'No such backup');
      const file = path.join(backupsDir(app.config), req.params.name);
      try { await stat(file); } catch { throw new AppError('NOT_FOUND', 'No such backup'); }
      reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${req.params.name}"`);
      return reply.send(createReadStream(file));
    });
    f.get('/settings/backups', doc({ tags: ['admin'], summary: 'The daily backup schedule and how many to keep', response: { 200: dataOf(SCHEDULE) } }), async (req) => {
      requireAdmin(req.ctx);
      return { data: await schedule(req.ctx.db) };
    });
    f.put('/settings/backups', doc({ tags: ['admin'], summary: 'Set the daily backup schedule', body: SCHEDULE, response: { 200: dataOf(SCHEDULE) } }), async (req) => {
      requireAdmin(req.ctx);
      const next = parseBody(scheduleSchema, req.body);
      await inTransaction(req.ctx.db, async (trx) => {
        const before = await schedule(trx);
        await sql`insert into settings (key, value) values ('backup_schedule', ${JSON.stringify(next)}::jsonb)
          on conflict (key) do update set value = excluded.value`.execute(trx);
        if (next.enabled) await enqueue(trx, { kind: 'ops.scheduled_backup', key: 'backup:scheduled', payload: {}, runAt: nextRun(next.hour) });
        else await sql`delete from jobs where key = 'backup:scheduled' and done_at is null`.execute(trx);
        await auditAdmin(trx, 'settings', SETTINGS_ID, req.ctx, 'update', { backup_schedule: [before, next] });
      });
      return { data: next };
    });
  };
}

/** `npm run backup` against a running PGlite server: a backup to the path it names, proven local by the control file's token. */
export function localBackupRoute(app: AppContext) {
  return async (f: FastifyInstance) => {
    // Outside /api and not in the OpenAPI description: it is for the command line on the same machine, not for integrations.
    f.post('/local/backup', async (req) => {
      if (app.database.kind !== 'pglite' || !isLocalToken(app.config.dataDir, req.headers['x-karta-local-token'])) throw new AppError('NOT_FOUND', 'Not found');
      const out = String((req.body as Record<string, unknown> | null)?.out ?? '');
      if (!path.isAbsolute(out) || !out.endsWith('.zip')) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { out: 'must be an absolute path ending in .zip' });
      const manifest = await writeBackup(app.database.db, { out, filesDir: filesDir(app.config), version: app.version, kind: app.database.kind, secretKeyFile: secretKeyFile(app.config) });
      return { tables: Object.keys(manifest.tables).length, rows: Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0), files: Object.keys(manifest.files).length };
    });
  };
}
