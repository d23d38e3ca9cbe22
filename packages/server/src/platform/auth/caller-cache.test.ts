import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { CallerCache } from './caller-cache.js';
import type { FoundCaller } from './sessions.js';

/** A database double that only listens: `notify()` stands for a trigger's notification. */
function embedded(kind: 'pglite' | 'postgres' = 'pglite') {
  let fn: (payload: string) => void = () => undefined;
  const database = { kind, listen: async (_c: string, f: (p: string) => void) => { fn = f; return async () => undefined; } } as unknown as Database;
  return { database, notify: () => fn('') };
}

const caller = (validForMs = 60_000): FoundCaller => ({ userId: 'u1', accessVersion: '7', validForMs });

describe('the callers kept in process', () => {
  it('answers from memory while the answer holds and asks again after a notification', async () => {
    const { database, notify } = embedded();
    const { cache } = await CallerCache.forDatabase(database);
    const load = vi.fn(async () => caller());
    expect(await cache.read('session:a', load)).toMatchObject({ userId: 'u1' });
    expect(await cache.read('session:a', load)).toMatchObject({ userId: 'u1' });
    expect(load).toHaveBeenCalledTimes(1);
    notify();
    await cache.read('session:a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps no answer read while a change was notified, none that no longer holds, and no refusal', async () => {
    const { database, notify } = embedded();
    const { cache } = await CallerCache.forDatabase(database);
    const racing = vi.fn(async () => { notify(); return caller(); });
    await cache.read('session:a', racing);
    await cache.read('session:a', racing);
    expect(racing).toHaveBeenCalledTimes(2);
    const spent = vi.fn(async () => caller(0));
    await cache.read('token:b', spent);
    await cache.read('token:b', spent);
    expect(spent).toHaveBeenCalledTimes(2);
    const refused = vi.fn(async () => null);
    expect(await cache.read('token:c', refused)).toBeNull();
    expect(await cache.read('token:c', refused)).toBeNull();
    expect(refused).toHaveBeenCalledTimes(2);
  });

  it('asks again once the answer has run out (idle limit, expiry, the next touch)', async () => {
    const { database } = embedded();
    const { cache } = await CallerCache.forDatabase(database);
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const load = vi.fn(async () => caller(5_000));
      await cache.read('session:a', load);
      now.mockReturnValue(1_004_999);
      await cache.read('session:a', load);
      expect(load).toHaveBeenCalledTimes(1);
      now.mockReturnValue(1_005_000);
      await cache.read('session:a', load);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      now.mockRestore();
    }
  });

  it('keeps nothing on PostgreSQL, where another instance\'s change would arrive after its next request', async () => {
    const { cache } = await CallerCache.forDatabase(embedded('postgres').database);
    const load = vi.fn(async () => caller());
    await cache.read('session:a', load);
    await cache.read('session:a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('holds at most its limit, the least recently read going first', async () => {
    const { database } = embedded();
    const { cache } = await CallerCache.forDatabase(database);
    Object.assign(cache, { max: 2 });
    const loads: string[] = [];
    const read = (k: string) => cache.read(k, async () => { loads.push(k); return caller(); });
    await read('a');
    await read('b');
    await read('a'); // from memory: now b is the least recently read
    await read('c'); // b goes
    await read('a');
    await read('c');
    await read('b');
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('a kept session against the database\'s changes', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });
  const db = () => t.app.database.db;
  const sessionsOf = (user: string) => sql`select count(*)::int as n from sessions where user_id = ${user}`.execute(db());

  it('is what a request uses on the embedded database — never on PostgreSQL — and a notified change ends it', async () => {
    const c = await t.login('sales2');
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    // Deleted with its trigger switched off: nothing tells the instance.
    await db().transaction().execute(async (trx) => {
      await sql`alter table sessions disable trigger sessions_auth_ended`.execute(trx);
      await sql`delete from sessions where user_id = ${t.users.sales2}`.execute(trx);
      await sql`alter table sessions enable trigger sessions_auth_ended`.execute(trx);
    });
    expect((await sessionsOf(t.users.sales2)).rows[0]).toEqual({ n: 0 });
    expect((await c.get('/api/v1/auth/me')).status).toBe(t.app.database.kind === 'pglite' ? 200 : 401);
    await sql`select pg_notify('karta_auth', '')`.execute(db());
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('signed out elsewhere, an expiry or idle time brought forward, two-factor enrolment required: taken into account on the next request', async () => {
    const here = await t.login('sales1');
    const there = await t.login('sales1');
    expect((await here.get('/api/v1/auth/me')).status).toBe(200);
    expect((await there.del(`/api/v1/users/${t.users.sales1}/sessions`)).body).toEqual({ signed_out: 1 });
    expect((await here.get('/api/v1/auth/me')).status).toBe(401);

    const a = await t.login('manager');
    expect((await a.get('/api/v1/records/accounts?limit=1')).status).toBe(200);
    await sql`update sessions set enroll_only = true where user_id = ${t.users.manager}`.execute(db());
    expect((await a.get('/api/v1/records/accounts?limit=1')).status).toBe(403);
    expect((await a.get('/api/v1/auth/me')).status).toBe(200);
    await sql`update sessions set last_seen_at = now() - interval '3 hours' where user_id = ${t.users.manager}`.execute(db());
    expect((await a.get('/api/v1/auth/me')).status).toBe(401);

    const b = await t.login('marketing');
    expect((await b.get('/api/v1/auth/me')).status).toBe(200);
    await sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${t.users.marketing}`.execute(db());
    expect((await b.get('/api/v1/auth/me')).status).toBe(401);
  });
});
