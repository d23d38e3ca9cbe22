/**
 * PostgreSQL restarts under traffic (`pg_ctl restart -m fast`): Karta stays up, answers 503 UNAVAILABLE while the
 * database is away — never a 500, never an exit — and serves again by itself; the LISTEN connection comes back
 * and hears notifications again; the job worker runs jobs again. Runs in the PostgreSQL suite.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type PgCluster } from '../testing/pg-cluster.js';
import { createTestApp, type Client, type TestApp } from '../testing/test-app.js';
import { enqueue, startJobWorker } from './jobs.js';

const onPostgres = !!process.env.TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.runIf(onPostgres)('a PostgreSQL restart under traffic', () => {
  let cluster: PgCluster;
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    cluster = await startCluster();
    t = await createTestApp({ databaseUrl: cluster.url });
    admin = await t.login('admin');
  });
  afterAll(async () => { await t?.close().catch(() => undefined); cluster?.stop(); });

  it('answers 503 while the database is away, then serves again; LISTEN and the job worker come back', async () => {
    const heard: string[] = [];
    let reconnected = 0;
    await t.app.database.listen('karta_restart_test', (p) => heard.push(p), () => { reconnected++; });
    const ran: string[] = [];
    const stopJobs = startJobWorker(t.app.database.db, { restart_probe: async (_trx, p) => { ran.push(String(p.n)); } }, 100, () => undefined);

    // Traffic from two callers until told to stop: every status they get is recorded.
    const statuses = new Map<number, number>();
    let running = true;
    const traffic = (async () => {
      for (let i = 0; running; i++) {
        const r = i % 2 ? await admin.get('/api/v1/records/accounts?limit=5') : await admin.post('/api/v1/records/accounts', { name: `Restart ${i}` });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        await sleep(20);
      }
    })();
    await sleep(300);
    cluster.restart();
    const back = Date.now();
    await until('a successful read after the restart', async () => (await admin.get('/api/v1/records/accounts?limit=1')).status === 200);
    const recoveredInMs = Date.now() - back;
    await sleep(300);
    running = false;
    await traffic;

    expect([...statuses.keys()].every((s) => s === 200 || s === 201 || s === 503), `statuses ${JSON.stringify([...statuses])}`).toBe(true);
    expect(statuses.get(201)).toBeGreaterThan(0);
    expect(recoveredInMs).toBeLessThan(30_000);
    expect((await admin.post('/api/v1/records/accounts', { name: 'After the restart' })).status).toBe(201);
    expect((await t.server.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);

    // LISTEN again: a notification from another connection reaches this instance.
    await until('the LISTEN connection to come back', async () => reconnected > 0);
    const other = new pg.Client({ connectionString: cluster.url });
    await other.connect();
    await other.query(`select pg_notify($1, 'after')`, [t.app.database.channel('karta_restart_test')]);
    await other.end();
    await until('the notification', async () => heard.includes('after'), 10_000);

    // The job worker survived the errors it saw meanwhile and runs a new job.
    await enqueue(t.app.database.db, { kind: 'restart_probe', payload: { n: 1 }, runAt: new Date() });
    await until('the job', async () => ran.includes('1'), 10_000);
    await stopJobs();
  });

  it('answers 503 UNAVAILABLE in the caller language while the database is stopped, and serves once it is back', async () => {
    cluster.pause();
    try {
      const r = await admin.request('GET', '/api/v1/records/accounts?limit=1&lang=ru');
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('UNAVAILABLE');
      expect(r.headers['retry-after']).toBe('5');
      const login = await t.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'x' }, headers: { 'accept-language': 'zh' } });
      expect(login.statusCode).toBe(503);
      expect(login.json().error.message).toMatch(/数据库/);
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(503);
    } finally {
      cluster.resume();
    }
    await until('a read after the database came back', async () => (await admin.get('/api/v1/records/accounts?limit=1')).status === 200);
  });
});
