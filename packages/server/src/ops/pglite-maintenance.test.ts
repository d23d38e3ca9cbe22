/**
 * The embedded database's stand-in for autovacuum (ops/pglite-maintenance.ts): which tables a pass picks, that a
 * pass vacuums and analyzes them through the database, that the trigram indexes keep a small pending list, and
 * that the job exists on PGlite only.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityLedger, maintenancePlan, pgliteMaintenanceJobs, recordPgliteActivity, schedulePgliteMaintenance, tableActivity, type TableActivity } from './pglite-maintenance.js';
import { enqueue } from '../platform/jobs.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const idle = (table: string, rows: number): TableActivity => ({ table, rows, deadRows: 0, modifiedSinceAnalyze: 0, insertedSinceVacuum: 0 });

describe('which tables a pass picks (autovacuum\'s thresholds)', () => {
  it('leaves quiet tables alone', () => {
    expect(maintenancePlan([idle('a', 1000), { ...idle('b', 1000), deadRows: 250, modifiedSinceAnalyze: 150 }])).toEqual([]);
  });
  it('vacuums past a fifth of dead rows, or of inserted rows past 1,000 more', () => {
    expect(maintenancePlan([{ ...idle('dead', 1000), deadRows: 251 }])).toEqual([{ table: 'dead', vacuum: true }]);
    expect(maintenancePlan([{ ...idle('appended', 10_000), insertedSinceVacuum: 3001 }])).toEqual([{ table: 'appended', vacuum: true }]);
    expect(maintenancePlan([{ ...idle('appended', 10_000), insertedSinceVacuum: 3000 }])).toEqual([]);
  });
  it('analyzes past a tenth of changed rows, and a table never measured after 50', () => {
    expect(maintenancePlan([{ ...idle('changed', 1000), modifiedSinceAnalyze: 151 }])).toEqual([{ table: 'changed', vacuum: false }]);
    expect(maintenancePlan([{ ...idle('new', -1), modifiedSinceAnalyze: 51 }])).toEqual([{ table: 'new', vacuum: false }]);
  });
});

describe('a maintenance pass', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });
  const db = () => t.app.database.db;

  const probe = async () => (await tableActivity(db())).find((a) => a.table === 'maint_probe');
  /** The activity counters reach the statistics views a moment after a transaction ends. */
  const settled = async (done: (a: TableActivity | undefined) => boolean) => {
    for (let i = 0; i < 50 && !done(await probe()); i++) await new Promise((r) => setTimeout(r, 200));
    return probe();
  };
  const probeStats = async () => (await sql<{ vacuums: number; analyzed: boolean; rows: number }>`select s.vacuum_count::int as vacuums,
    s.last_analyze is not null as analyzed, c.reltuples::int as rows from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.relname = 'maint_probe' and s.schemaname = current_schema()`.execute(db())).rows[0];

  it('vacuums every table once on a database no pass has seen, even when a stop recorded activity first', async () => {
    expect(await new ActivityLedger().pass(db(), { maintain: false })).toEqual([]);
    const chores = await new ActivityLedger().pass(db());
    expect(chores).toContainEqual({ table: 'users', vacuum: true });
    expect(chores).toContainEqual({ table: 'contacts', vacuum: true });
    expect(await new ActivityLedger().pass(db())).not.toContainEqual({ table: 'contacts', vacuum: true });
  });

  it('then vacuums and analyzes a table that changed, and only that one', async () => {
    await sql`create table maint_probe (id int primary key, v text) with (autovacuum_enabled = false)`.execute(db());
    await sql`insert into maint_probe select g, g::text from generate_series(1, 3000) g`.execute(db());
    await sql`delete from maint_probe where id <= 2000`.execute(db());
    expect(await settled((a) => (a?.deadRows ?? 0) > 0)).toMatchObject({ deadRows: 2000, insertedSinceVacuum: 3000 });
    const chores = await new ActivityLedger().pass(db());
    expect(chores).toContainEqual({ table: 'maint_probe', vacuum: true });
    expect(chores.map((c) => c.table)).not.toContain('users');
    expect(await probeStats()).toEqual({ vacuums: 1, analyzed: true, rows: 1000 });
  });

  it('adds up what changed across restarts, which PGlite forgets', async () => {
    // 1,200 inserted rows make 1,000 rows worth a vacuum; 700 do not.
    const insert = (from: number) => sql`insert into maint_probe select g, g::text from generate_series(${from}::int, ${from + 699}::int) g`.execute(db());
    await insert(10_000);
    await settled((a) => (a?.insertedSinceVacuum ?? 0) >= 700);
    const vacuumsBefore = (await probeStats()).vacuums;
    await recordPgliteActivity(t.app); // as the server does when it stops
    expect((await probeStats()).vacuums).toBe(vacuumsBefore);
    // A restart: the counters start from zero and the process remembers nothing.
    await sql`select pg_stat_reset_single_table_counters('maint_probe'::regclass)`.execute(db());
    await insert(20_000);
    await settled((a) => (a?.insertedSinceVacuum ?? 0) >= 700);
    expect(await new ActivityLedger().pass(db())).toContainEqual({ table: 'maint_probe', vacuum: true });
    expect((await probeStats()).vacuums).toBeGreaterThanOrEqual(1);
    expect((await probeStats()).rows).toBe(2400);
  });

  it('keeps the trigram indexes\' pending lists small', async () => {
    const r = await sql<{ options: string[] | null }>`select c.reloptions as options from pg_class c
      join pg_namespace n on n.oid = c.relnamespace where c.relname = 'contacts_search' and n.nspname = current_schema()`.execute(db());
    expect(r.rows[0].options).toContain('gin_pending_list_limit=256');
  });

  it('keeps an earlier pending run when scheduled again at a start', async () => {
    const runAt = async () => (await sql<{ at: Date }>`select run_at as at from jobs where key = 'pglite:maintenance'`.execute(db())).rows[0].at.getTime();
    await enqueue(db(), { kind: 'ops.pglite_vacuum', key: 'pglite:maintenance', payload: {}, runAt: new Date(Date.now() - 60_000) });
    const overdue = await runAt();
    await schedulePgliteMaintenance(db(), { atStart: true });
    expect(await runAt()).toBe(overdue);
    await schedulePgliteMaintenance(db());
    expect(await runAt()).toBeGreaterThan(Date.now() + 60_000);
    await sql`delete from jobs where key = 'pglite:maintenance'`.execute(db());
  });

  it('is a job on PGlite only (a PostgreSQL server has autovacuum)', () => {
    expect(Object.keys(pgliteMaintenanceJobs(t.app)).length).toBe(t.app.database.kind === 'pglite' ? 1 : 0);
  });
});
