/**
 * Named statements on PostgreSQL (pg-named-statements.ts): which statements a connection keeps prepared, and that a
 * kept statement made stale by DDL — here or from another connection — or dropped under it is run again, unnamed,
 * with no error reaching the caller. Runs in the PostgreSQL suite.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './db.js';
import { PLAN_FIXED_HINT } from './plan-fixed.js';

const url = process.env.TEST_DATABASE_URL;
const schema = `named_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

describe.runIf(!!url)('named statements on PostgreSQL', () => {
  let database: Database;
  let other: pg.Client;
  const db = () => database.db;
  /** The statements this pool's one connection keeps prepared. */
  const prepared = async (on = db()) => (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(on)).rows.map((r) => r.statement);
  const times = async (n: number, fn: () => Promise<unknown>) => { for (let i = 0; i < n; i++) await fn(); };

  beforeAll(async () => {
    other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query(`create schema ${schema}`);
    await other.query(`create table ${schema}.t (id int primary key, owner int, note text)`);
    await other.query(`insert into ${schema}.t select g, g % 7, 'row ' || g from generate_series(1, 50) g`);
    database = await openDatabase({ url: url!, searchPath: schema, poolSize: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await other?.query(`drop schema if exists ${schema} cascade`);
    await other?.end();
  });

  it('keeps a read by id and an insert prepared after three runs, not a list, a search or a statement in a transaction', async () => {
    const byId = (id: number) => sql`select t.* from t where t.id = ${id} limit 1`.execute(db());
    await times(2, () => byId(1));
    expect((await prepared()).some((s) => s.includes('where t.id = $1'))).toBe(false);
    await byId(2);
    expect((await prepared()).some((s) => s.includes('where t.id = $1'))).toBe(true);
    expect((await byId(3)).rows).toEqual([{ id: 3, owner: 3, note: 'row 3' }]);

    let next = 1000;
    await times(4, () => sql`insert into t (id, owner, note) values (${next++}, 1, ${'ins'})`.execute(db()));
    await times(4, () => sql`select id from t where owner = ${2} order by id limit 5`.execute(db()));
    await times(4, () => sql`select id from t where id = ${5} and note like ${'row%'}`.execute(db()));
    await times(4, () => sql`${sql.raw(PLAN_FIXED_HINT)} select count(*)::int as n from t where note = ${'row 4'}`.execute(db()));
    await db().transaction().execute((trx) => times(4, () => sql`select note from t where id = ${6} for update`.execute(trx)));
    const kept = await prepared();
    expect(kept.some((s) => s.startsWith('insert into t'))).toBe(true);
    expect(kept.some((s) => s.startsWith(PLAN_FIXED_HINT))).toBe(true);
    expect(kept.some((s) => s.includes('where owner = $1'))).toBe(false);
    expect(kept.some((s) => s.includes('like'))).toBe(false);
    expect(kept.some((s) => s.includes('for update'))).toBe(false);
  });

  it('runs a kept statement again, unnamed, when another connection changed its table or it was dropped', async () => {
    const byId = (id: number) => sql<Record<string, unknown>>`select * from t where id = ${id}`.execute(db());
    await times(4, () => byId(7));
    expect((await prepared()).some((s) => s.startsWith('select * from t where id = $1'))).toBe(true);

    // "cached plan must not change result type" from PostgreSQL, had it reached the caller.
    await other.query(`alter table ${schema}.t add column extra text default 'x'`);
    expect((await byId(7)).rows).toEqual([{ id: 7, owner: 0, note: 'row 7', extra: 'x' }]);
    await times(4, () => byId(8));
    expect((await byId(8)).rows[0].extra).toBe('x');

    // Dropped under the driver ("prepared statement … does not exist").
    await sql`deallocate all`.execute(db());
    expect((await byId(9)).rows).toEqual([{ id: 9, owner: 2, note: 'row 9', extra: 'x' }]);
  });

  it('sends a kept insert again after its table changed, adding its row once, and passes its own errors through', async () => {
    let id = 2000;
    const insert = (at = id++) => sql<Record<string, unknown>>`insert into t (id, owner, note) values (${at}, 1, ${'once'}) returning *`.execute(db());
    await times(4, () => insert());
    expect((await prepared()).some((s) => s.startsWith('insert into t (id, owner, note) values ($1, 1, $2) returning *'))).toBe(true);
    await other.query(`alter table ${schema}.t add column later int default 5`);
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from t where note = 'once'`.execute(db())).rows[0].n;
    const before = await count();
    const r = await insert(3000);
    expect(r.rows).toEqual([{ id: 3000, owner: 1, note: 'once', extra: 'x', later: 5 }]);
    expect(await count()).toBe(before + 1);

    await expect(insert(3000)).rejects.toMatchObject({ code: '23505' });
    expect(await count()).toBe(before + 1);
  });

  it('sends a kept statement again when a column it writes changed type (the types it was prepared with are gone)', async () => {
    await other.query(`create table ${schema}.amounts (id int primary key, amount text)`);
    let id = 1;
    const insert = () => sql`insert into amounts (id, amount) values (${id++}, ${'12.50'})`.execute(db());
    await times(4, insert);
    expect((await prepared()).some((s) => s.startsWith('insert into amounts'))).toBe(true);
    await other.query(`alter table ${schema}.amounts alter column amount type numeric using amount::numeric`);
    await insert();
    const r = await other.query(`select amount::text as a, pg_typeof(amount)::text as type from ${schema}.amounts where id = 5`);
    expect(r.rows).toEqual([{ a: '12.50', type: 'numeric' }]);
  });

  it('names nothing in a transaction however it was begun, nor after a savepoint rolled back', async () => {
    const read = (trx: typeof database.db) => sql`select note from t where id = ${11}`.execute(trx);
    await db().transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      await times(4, () => read(trx));
      await sql`savepoint s1`.execute(trx);
      await sql`rollback to savepoint s1`.execute(trx);
      await times(4, () => read(trx));
      expect((await prepared(trx)).some((s) => s.startsWith('select note from t where id = $1'))).toBe(false);
    });
  });
});
