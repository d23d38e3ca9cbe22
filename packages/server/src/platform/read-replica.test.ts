/**
 * Reads on a streaming replica (`DATABASE_READ_URL`, docs/scaling.md): global search and reports run on the replica
 * once it has replayed the caller's own last write and the metadata the registry was built from — otherwise, and
 * whenever the replica is away, on the primary; writes never go there. Replay on the standby is paused and resumed
 * by the test to make the replica visibly behind. Runs in the PostgreSQL suite (it starts its own two servers).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinaries, startCluster, type PgCluster } from '../testing/pg-cluster.js';
import { createTestApp, type Client, type TestApp } from '../testing/test-app.js';

const onPostgres = !!process.env.TEST_DATABASE_URL && !!postgresBinaries();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(onPostgres)('reads on a streaming replica', () => {
  let primary: PgCluster;
  let standby: PgCluster;
  let replica: pg.Client;
  let t: TestApp;
  let sales1: Client;
  let manager: Client;
  let admin: Client;

  const onReplica = async (text: string) => (await replica.query(text)).rows;
  /** Waits until the standby has replayed everything the primary has written so far. */
  const caughtUp = async () => {
    const p = new pg.Client({ connectionString: primary.url });
    await p.connect();
    const { rows } = await p.query('select pg_current_wal_lsn()::text as lsn');
    await p.end();
    for (let i = 0; i < 200; i++) {
      if ((await onReplica(`select pg_last_wal_replay_lsn() >= '${rows[0].lsn}'::pg_lsn as ok`))[0].ok) return;
      await sleep(50);
    }
    throw new Error('the standby did not catch up');
  };
  const pauseReplay = () => onReplica('select pg_wal_replay_pause()');
  const resumeReplay = () => onReplica('select pg_wal_replay_resume()');
  const found = async (c: Client, term: string) => {
    const r = await c.get(`/api/v1/search?q=${encodeURIComponent(term)}`);
    expect(r.status).toBe(200);
    return (r.body.data as { label: string }[]).map((h) => h.label);
  };

  beforeAll(async () => {
    primary = await startCluster();
    standby = await startCluster(primary);
    replica = new pg.Client({ connectionString: standby.url });
    replica.on('error', () => undefined); // the standby is stopped on purpose below
    await replica.connect();
    expect((await onReplica('select pg_is_in_recovery() as r'))[0].r).toBe(true);
    t = await createTestApp({ databaseUrl: primary.url, databaseReadUrl: standby.url });
    [sales1, manager, admin] = await Promise.all([t.login('sales1'), t.login('manager'), t.login('admin')]);
    await caughtUp();
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await replica?.end().catch(() => undefined);
    standby?.stop();
    primary?.stop();
  });

  it('a caller always reads their own write; others read the replica, which catches up', async () => {
    await pauseReplay();
    try {
      // Written while the replica stands still: the write went to the primary, and sales1's search falls back to it.
      const created = await sales1.post('/api/v1/records/accounts', { name: 'Replica Zyxwvut', assigned_to: t.users.sales1 });
      expect(created.status).toBe(201);
      expect(await found(sales1, 'Zyxwvut')).toContain('Replica Zyxwvut');
      // The manager (who may see it) wrote nothing: the manager's search runs on the paused replica, without it.
      expect(await found(manager, 'Zyxwvut')).not.toContain('Replica Zyxwvut');
      // A report works the same way.
      const report = { module: 'accounts', type: 'tabular', columns: ['name'], where: { field: 'name', op: 'contains', value: 'Zyxwvut' } };
      expect((await sales1.post('/api/v1/reports/preview', report)).body.rows).toHaveLength(1);
      expect((await manager.post('/api/v1/reports/preview', report)).body.rows).toHaveLength(0);
    } finally {
      await resumeReplay();
    }
    await caughtUp();
    expect(await found(manager, 'Zyxwvut')).toContain('Replica Zyxwvut');
  });

  it('a report naming a new custom field never reaches a replica that lacks its column', async () => {
    await pauseReplay();
    try {
      expect((await admin.post('/api/v1/meta/modules/accounts/fields', { name: 'cf_replica_tier', type: 'text', label: 'Tier' })).status).toBe(201);
      const r = await manager.post('/api/v1/reports/preview', { module: 'accounts', type: 'tabular', columns: ['name', 'cf_replica_tier'] });
      expect(r.status).toBe(200);
      expect(r.body.columns.map((c: { key: string }) => c.key)).toContain('cf_replica_tier');
    } finally {
      await resumeReplay();
    }
  });

  it('a report run or a list query (POST, but only reads) leaves no write mark', async () => {
    const mark = async () => (await sql<{ lsn: string }>`select lsn::text as lsn from write_marks where user_id = ${t.users.manager}`.execute(t.app.database.db)).rows[0]?.lsn ?? null;
    const before = await mark();
    expect((await manager.post('/api/v1/reports/preview', { module: 'accounts', type: 'tabular', columns: ['name'] })).status).toBe(200);
    expect((await manager.post('/api/v1/records/accounts/query', { limit: 5 })).status).toBe(200);
    expect(await mark()).toBe(before);
    expect((await manager.post('/api/v1/records/accounts', { name: 'Marked', assigned_to: t.users.manager })).status).toBe(201);
    expect(await mark()).not.toBe(before);
  });

  it('serves from the primary while the replica is away', async () => {
    await caughtUp();
    standby.pause();
    try {
      expect((await sales1.post('/api/v1/records/accounts', { name: 'While away Qwpoeiru', assigned_to: t.users.sales1 })).status).toBe(201);
      expect(await found(manager, 'Qwpoeiru')).toContain('While away Qwpoeiru');
    } finally {
      standby.resume();
      await replica.end().catch(() => undefined);
      replica = new pg.Client({ connectionString: standby.url });
      replica.on('error', () => undefined);
      await replica.connect();
    }
  });
});
