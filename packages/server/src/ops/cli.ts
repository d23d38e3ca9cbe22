/**
 * `npm run backup -- --out FILE`, `npm run restore -- FILE`, `npm run migrate [-- --dry-run]`, for the database the
 * configuration names (DATABASE_URL, or the embedded one under KARTA_DATA_DIR) and the uploaded files of KARTA_DATA_DIR.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { boot } from '../bootstrap.js';
import { standardBehaviours } from '../modules/behaviours.js';
import { standardModules } from '../modules/index.js';
import { readConfig, type Config } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db.js';
import { MetaStore } from '../engine/meta-store.js';
import { changesExisting, pendingMigrations } from '../engine/schema/migrate.js';
import { syncModuleTables } from '../engine/schema/module-tables.js';
import { writeBackup } from './backup.js';
import { restoreBackup } from './restore.js';
import { refuseWhileRunning, runningServer } from './local-control.js';
import { filesDir, secretKeyFile } from './upgrade.js';

const MODULES = { defs: standardModules, behaviours: standardBehaviours };
const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;

/** The database the configuration names, open for `work`, closed after. */
async function withDatabase(config: Config, work: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, pgliteSharedBuffers: config.pgliteSharedBuffers });
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

async function backup(out: string): Promise<void> {
  const config = readConfig();
  const file = path.resolve(out);
  const server = config.databaseUrl ? null : runningServer(config.dataDir);
  if (server) {
    const r = await fetch(`http://${server.host}:${server.port}/local/backup`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-karta-local-token': server.token }, body: JSON.stringify({ out: file }),
    });
    if (!r.ok) throw new Error(`The running Karta could not take the backup: ${r.status} ${await r.text()}`);
    const s = (await r.json()) as { tables: number; rows: number; files: number };
    console.log(`Backup written by the running Karta to ${file}: ${s.tables} tables, ${s.rows} rows, ${s.files} files.`);
    return;
  }
  if (!config.databaseUrl && !existsSync(path.join(config.dataDir, 'pgdata'))) throw new Error(`There is no Karta database in ${config.dataDir} (set KARTA_DATA_DIR or DATABASE_URL).`);
  await withDatabase(config, async (database) => {
    const m = await writeBackup(database.db, { out: file, filesDir: filesDir(config), version, kind: database.kind, secretKeyFile: secretKeyFile(config) });
    console.log(`Backup written to ${file}: ${Object.keys(m.tables).length} tables, ${Object.values(m.tables).reduce((n, t) => n + t.rows, 0)} rows, ${Object.keys(m.files).length} files (schema ${m.schema_version}).`);
  });
}

async function restore(file: string): Promise<void> {
  const config = readConfig();
  if (!config.databaseUrl) refuseWhileRunning(config.dataDir, 'restoring');
  await withDatabase(config, async (database) => {
    const m = await restoreBackup(database, { file: path.resolve(file), filesDir: filesDir(config), secretKeyFile: secretKeyFile(config), modules: MODULES });
    await boot(config, database, MODULES, version);
    console.log(`Restored ${path.resolve(file)} (made ${m.created_at} by Karta ${m.karta_version}, schema ${m.schema_version}) into ${config.databaseUrl ? 'the PostgreSQL database' : config.dataDir}. Start Karta as usual.`);
  });
}

async function migrate(dryRun: boolean): Promise<void> {
  const config = readConfig();
  if (!config.databaseUrl) refuseWhileRunning(config.dataDir, 'migrating');
  await withDatabase(config, async (database) => {
    const pending = await pendingMigrations(database.db);
    console.log(pending.length ? `${pending.length} migration(s) to apply:` : 'The database schema is up to date.');
    for (const m of pending) {
      console.log(`  ${m.version}  ${m.name}${changesExisting(m) ? '  [changes existing tables or rows]' : ''}`);
      if (dryRun) for (const s of m.statements) console.log(`        ${s.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
    if (dryRun) {
      // Module tables and custom fields' columns, as planned from the registry (after the migrations above).
      try {
        const meta = new MetaStore(database.db, MODULES.defs, MODULES.behaviours);
        await meta.load();
        const plan = await database.db.transaction().execute((trx) => syncModuleTables(trx, meta.registry, { dryRun: true }));
        console.log(plan.length ? `Module tables and columns to create:\n${plan.map((s) => `  ${s.replace(/\s+/g, ' ').slice(0, 200)}`).join('\n')}` : 'Module tables and custom fields\' columns are all there.');
      } catch {
        console.log('Module tables and custom fields\' columns are planned once the migrations above have run.');
      }
      if (pending.some(changesExisting)) console.log('A backup of the database would be taken first (into the data directory\'s backups folder).');
      return;
    }
    await boot(config, database, MODULES, version);
    console.log('Migrated.');
  });
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { out: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  if (command === 'backup' && values.out) return backup(values.out);
  if (command === 'restore' && positionals[0]) return restore(positionals[0]);
  if (command === 'migrate') return migrate(Boolean(values['dry-run']));
  console.log('Usage: npm run backup -- --out FILE.zip | npm run restore -- FILE.zip | npm run migrate [-- --dry-run]');
  process.exit(2);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
