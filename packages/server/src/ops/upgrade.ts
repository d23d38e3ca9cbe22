import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db.js';
import { changesExisting, pendingMigrations } from '../engine/schema/migrate.js';
import { writeBackup } from './backup.js';

export const backupsDir = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'backups');
export const filesDir = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'files');

/** A file name for a backup made now: `karta-<label>-2026-12-04T17-03-11-3f9a.zip` (the suffix: two at once never clash). */
export function backupName(label: string): string {
  return `karta-${label}-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}-${randomBytes(2).toString('hex')}.zip`;
}

/** The data directory's key file when stored secrets are sealed with it (no KARTA_SECRET_KEY), for the backup to carry. */
export function secretKeyFile(config: Pick<Config, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.KARTA_SECRET_KEY ? undefined : path.join(config.dataDir, 'secret.key');
}

/**
 * Before an upgrade whose migrations change what is already there (rows, or the shape of existing tables), a backup
 * of the database as it was — so an upgrade that goes wrong can be undone by restoring it into an empty database.
 * A new database, or an upgrade that only adds tables, needs none.
 */
export async function backupBeforeUpgrade(database: Database, config: Pick<Config, 'dataDir'>, version: string): Promise<string | null> {
  const used = await sql<{ t: string | null }>`select to_regclass('schema_migrations')::text as t`.execute(database.db);
  if (!used.rows[0]?.t) return null;
  const pending = await pendingMigrations(database.db);
  if (!pending.some(changesExisting)) return null;
  const out = path.join(backupsDir(config), backupName(`before-upgrade-to-${version}`));
  await writeBackup(database.db, { out, filesDir: filesDir(config), version: `${version} (before upgrade)`, kind: database.kind, secretKeyFile: secretKeyFile(config) });
  return out;
}
