/**
 * Opens the bench database (PGlite in bench/.data/pglite, or PostgreSQL), brings it up to this version
 * of Karta with the standard boot, and loads the data set when the database is empty.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { boot } from '../packages/server/src/bootstrap.js';
import { ActivityLedger } from '../packages/server/src/ops/pglite-maintenance.js';
import type { AppContext } from '../packages/server/src/app-context.js';
import { createDemoUsers } from '../packages/server/src/demo/demo-users.js';
import { standardBehaviours } from '../packages/server/src/modules/behaviours.js';
import { standardModules } from '../packages/server/src/modules/index.js';
import { readConfig } from '../packages/server/src/platform/config.js';
import { openDatabase, type Database } from '../packages/server/src/platform/db.js';
import { countsFor, type Counts } from './generate.js';
import { loadAll } from './load.js';
import { ensureStageHistory } from './stage-history.js';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const BENCH_USER = 'sales1';
export const BENCH_PASSWORD = process.env.KARTA_DEMO_PASSWORD || 'karta-bench-password';
export const ADMIN_PASSWORD = process.env.KARTA_ADMIN_PASSWORD || 'karta-bench-admin';
export const VERSION = JSON.parse(readFileSync(path.join(ROOT, 'packages/server/package.json'), 'utf8')).version as string;

export interface Target {
  kind: 'pglite' | 'postgres';
  url?: string;
  dataDir?: string;
}

export function targetFor(kind: 'pglite' | 'postgres'): Target {
  if (kind === 'pglite') return { kind, dataDir: path.join(ROOT, 'bench/.data/pglite') };
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('--db postgres needs BENCH_DATABASE_URL (or DATABASE_URL)');
  return { kind, url };
}

/** The environment the server (and this process's boot) reads its configuration from. */
export function serverEnv(target: Target): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KARTA_ADMIN_PASSWORD: ADMIN_PASSWORD, KARTA_DEMO: '0' };
  delete env.DATABASE_URL;
  if (target.url) env.DATABASE_URL = target.url;
  else env.KARTA_DATA_DIR = target.dataDir;
  return env;
}

export async function openBooted(target: Target, database?: Database): Promise<AppContext> {
  const db = database ?? await openDatabase({ url: target.url, dataDir: target.dataDir });
  const { app } = await boot(readConfig(serverEnv(target)), db, { defs: standardModules, behaviours: standardBehaviours }, VERSION);
  return app;
}

/** Wipes the bench database: the PGlite directory, or the PostgreSQL database's public schema. */
export async function resetTarget(target: Target): Promise<void> {
  if (target.dataDir) {
    rmSync(target.dataDir, { recursive: true, force: true });
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query('drop schema public cascade; create schema public');
  await client.end();
}

export interface Dataset {
  scale: number;
  seed: number;
  counts: Counts;
  load?: unknown;
}

/** The data set in the database: reused when it matches, loaded when the database is empty. */
export async function ensureDataset(app: AppContext, want: { scale: number; seed: number; batch: number; skipLoad: boolean }, log: (s: string) => void): Promise<Dataset> {
  const db = app.database.db;
  const marker = await sql<{ value: Dataset }>`select value from settings where key = 'bench_dataset'`.execute(db);
  const have = marker.rows[0]?.value;
  if (have) {
    if (have.scale !== want.scale || have.seed !== want.seed) {
      throw new Error(`The bench database holds scale ${have.scale} (seed ${have.seed}), not ${want.scale} (seed ${want.seed}); add --reset to reload it`);
    }
    log(`Reusing the loaded data set (scale ${have.scale}: ${Object.entries(have.counts).map(([m, n]) => `${n.toLocaleString('en')} ${m}`).join(', ')})`);
    await ensureStageHistory(db, log);
    // What the server's maintenance job would have done meanwhile on the embedded database (PostgreSQL's
    // autovacuum needs no help): earlier runs' writes, recorded by the server when it stopped.
    if (app.database.kind === 'pglite') {
      const chores = await new ActivityLedger().pass(db);
      if (chores.length) log(`  PGlite maintenance: ${chores.map((c) => `${c.vacuum ? 'vacuum' : 'analyze'} ${c.table}`).join(', ')}`);
    }
    return have;
  }
  const other = await sql`select 1 from users where username <> 'admin' union all select 1 from contacts limit 1`.execute(db);
  if (other.rows.length) throw new Error('The bench database already holds data the bench did not make; point it at an empty database or add --reset');
  if (want.skipLoad) throw new Error('--skip-load: there is no loaded data set in the bench database yet');
  process.env.KARTA_DEMO_PASSWORD = BENCH_PASSWORD;
  await db.transaction().execute((trx) => createDemoUsers(trx));
  const counts = countsFor(want.scale);
  log(`Loading ${Object.entries(counts).map(([m, n]) => `${n.toLocaleString('en')} ${m}`).join(', ')} (batches of ${want.batch})…`);
  const load = await loadAll(db, { seed: want.seed, counts, registry: app.meta.registry },
    { batchSize: want.batch, maintenanceWorkMem: app.database.kind === 'postgres' ? '256MB' : null }, log);
  await ensureStageHistory(db, log);
  const dataset: Dataset = { scale: want.scale, seed: want.seed, counts, load };
  await sql`insert into settings (key, value) values ('bench_dataset', ${JSON.stringify(dataset)}::jsonb)`.execute(db);
  return dataset;
}
