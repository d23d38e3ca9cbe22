import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PLAN_FIXED_HINT } from './plan-fixed.js';
import { MAX_NAMED, pgliteQueries, type PGliteQueries } from './pglite-query.js';

/** The one-call statements against PGlite's own query(): the same rows, the same errors, types learnt once per text. */
let client: PGlite;
let q: PGliteQueries;

beforeAll(async () => {
  client = await PGlite.create('memory://');
  q = pgliteQueries(client);
  await client.exec(`create table t (id uuid primary key, tags text[], doc jsonb, ok boolean, at timestamptz, amount numeric(12,2), n int8, note text)`);
});
afterAll(() => client.close());

describe('statements in one call into PGlite', () => {
  it('binds every kind of value the engine sends and reads the rows back as PGlite itself does', async () => {
    const row = ['0190f1c2-0000-7000-8000-000000000001', ['a', 'b "c"', 'д'], { k: [1, 'два'] }, true, new Date('2026-12-05T10:00:00Z'), '12.50', 42, null];
    await q.query('insert into t values ($1, $2, $3, $4, $5, $6, $7, $8)', row);
    const select = 'select * from t where id = any($1) and ok = $2 and at >= $3 and doc @> $4';
    const params = [[row[0]], true, new Date('2026-12-01'), { k: [1] }];
    const mine = await q.query(select, params);
    expect(mine).toEqual(await client.query(select, params));
    expect(mine.rows).toEqual([{ id: row[0], tags: row[1], doc: row[2], ok: true, at: row[4], amount: '12.50', n: 42, note: null }]);
    expect((await q.query('update t set note = $1 where id = $2', ['и ещё', row[0]])).affectedRows).toBe(1);
  });

  it('asks a statement\'s parameter types once, and again after a statement that may change them', async () => {
    const describe = vi.spyOn(client, 'describeQuery');
    const sql = 'select count(*)::int as n from t where note = $1';
    for (let i = 0; i < 3; i++) expect((await q.query(sql, ['и ещё'])).rows).toEqual([{ n: 1 }]);
    expect(describe).toHaveBeenCalledTimes(1);
    await q.query('alter table t alter column note type int using 7');
    expect((await q.query(sql, [7])).rows).toEqual([{ n: 1 }]);
    expect(describe).toHaveBeenCalledTimes(2);
    await q.query('begin');
    await q.query('commit');
    expect(describe).toHaveBeenCalledTimes(2); // no parameters, nothing to ask
    describe.mockRestore();
  });

  it('fails as PGlite does, and the next statement and transaction work', async () => {
    const id = '0190f1c2-0000-7000-8000-000000000001';
    const err = await q.query('insert into t (id) values ($1)', [id]).catch((e) => e);
    expect(err).toMatchObject({ code: '23505' });
    await q.query('begin');
    await expect(q.query('select 1/0')).rejects.toMatchObject({ code: '22012' });
    await expect(q.query('select 1')).rejects.toMatchObject({ code: '25P02' }); // the transaction is aborted, as on PostgreSQL
    await q.query('rollback');
    expect((await q.query('select $1::int + 1 as n', [1])).rows).toEqual([{ n: 2 }]);
  });

  it('prepares a row-by-id statement run a few times under a name, never a search or a count, and drops them all before DDL', async () => {
    const prepared = async () => (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map((r) => r.statement);
    const byId = 'select * from t where id = $1';
    const id = '0190f1c2-0000-7000-8000-000000000001';
    for (let i = 0; i < 8; i++) expect((await q.query(byId, [id])).rows).toHaveLength(1);
    expect(await prepared()).toContain(byId);
    const search = 'select id from t where note::text like $1';
    for (let i = 0; i < 8; i++) await q.query(search, ['%7%']);
    expect(await prepared()).not.toContain(search);
    // A count whose plan depends on which values it is given keeps being planned for them.
    const counted = 'select count(*)::int as n from t where n = any($1)';
    for (let i = 0; i < 8; i++) await q.query(counted, [[42]]);
    expect(await prepared()).not.toContain(counted);

    // A row and its audit line written in one `with`, and a statement marked as planned alike for any value: named.
    const written = 'with created as (insert into t (id, note) values ($1, $2) returning *) select id from created';
    for (let i = 0; i < 4; i++) await q.query(written, [`0190f1c2-0000-7000-8000-00000000010${i}`, 7]);
    expect(await prepared()).toContain(written);
    const hinted = `${PLAN_FIXED_HINT} select count(*)::int as n from t where note = $1`;
    for (let i = 0; i < 4; i++) await q.query(hinted, [7]);
    expect(await prepared()).toContain(hinted);
    const copied = 'with copied as (insert into t (id) select gen_random_uuid() from t where note = $1 returning id) select count(*) from copied';
    for (let i = 0; i < 4; i++) await q.query(copied, [-1]);
    expect(await prepared()).not.toContain(copied);

    // A new column: the named `select *` is dropped first, and the next run answers with the column.
    await q.query('alter table t add column extra text');
    expect(await prepared()).toEqual([]);
    for (let i = 0; i < 4; i++) expect(Object.keys((await q.query(byId, [id])).rows[0] as object)).toContain('extra');
    expect(await prepared()).toContain(byId);
  });

  it('keeps the most recently run statements named when more want a name, and names a failing one once', async () => {
    const prepared = async () => (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map((r) => r.statement);
    const id = '0190f1c2-0000-7000-8000-000000000001';
    const byId = (i: number) => `select id from t where id = $1 and ${i} = ${i}`;
    for (let i = 0; i <= MAX_NAMED; i++) for (let r = 0; r < 3; r++) await q.query(byId(i), [id]);
    const now = await prepared();
    expect(now.length).toBeLessThanOrEqual(MAX_NAMED);
    expect(now).toContain(byId(MAX_NAMED));
    expect(now).not.toContain(byId(0)); // the least recently run made room
    expect((await q.query(byId(0), [id])).rows).toHaveLength(1);

    // Its first run as a named statement fails (a unique violation): it is still prepared once, not again later.
    const insert = 'insert into t (id) values ($1) returning id';
    const ids = [1, 2, 3, 4, 5].map((n) => `0190f1c2-0000-7000-8000-0000000002${n}0`);
    await q.query(insert, [ids[0]]);
    await q.query(insert, [ids[1]]);
    await expect(q.query(insert, [ids[0]])).rejects.toMatchObject({ code: '23505' });
    for (const n of [2, 3, 4]) await q.query(insert, [ids[n]]);
    expect((await prepared()).filter((s) => s === insert)).toHaveLength(1);
  });

  it('keeps a named statement working after an error in it, inside a transaction and after', async () => {
    const insert = 'insert into t (id) values ($1)';
    for (let i = 2; i < 6; i++) await q.query(insert, [`0190f1c2-0000-7000-8000-00000000000${i}`]);
    await q.query('begin');
    await expect(q.query(insert, ['0190f1c2-0000-7000-8000-000000000002'])).rejects.toMatchObject({ code: '23505' });
    await q.query('rollback');
    await q.query(insert, ['0190f1c2-0000-7000-8000-000000000009']);
    expect((await q.query('select count(*)::int as n from t where id = $1', ['0190f1c2-0000-7000-8000-000000000009'])).rows).toEqual([{ n: 1 }]);
  });
});
