import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boundedRun, boundingLimit, MAX_ROWS, packedRowsOf, ROW_BYTES, unpackRecords } from './pglite-packed-rows.js';
import { pgliteQueries, type PGliteQueries } from './pglite-query.js';

const wide = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, dataTypeID: 25 }));

describe('which statements are read packed', () => {
  it('a wide select bounded by its final limit, directly or as an aliased subquery', () => {
    expect(packedRowsOf('select * from t order by a limit $2', wide(8))?.limitParam).toBe(2);
    expect(packedRowsOf('select * from t where id = $1\n    limit 1', wide(8))).toMatchObject({ limitParam: undefined });
    // The list's page under its references' labels, and the same as Kysely writes a subquery.
    const refs = `(select json_build_array(__r.number, __r.name::text) from accounts __r where __r.id = p.account_id and __r.x = 'a''b)') as "__ref"`;
    expect(packedRowsOf(`select p.*, ${refs} from (select * from t where f(x) order by a limit $3 offset $4) p`, wide(8))?.limitParam).toBe(3);
    expect(boundingLimit('select "p".* from (select * from "t" limit $1) as "p"')).toBe('$1');
    expect(boundingLimit('select * from t union all select * from u limit 5')).toBe('5'); // the limit is the union's
  });

  it('never one whose rows its limit does not bound, nor one it cannot read', () => {
    for (const sql of [
      'select * from t where a = $1',
      'select * from t, (select * from u limit 5) x where x.a = t.a',
      'select * from big, (select 1 as one limit 1) s',
      'select * from big cross join lateral (select big.id as x limit 3) s',
      'select * from big union all select * from (select * from big limit 1) s',
      'select *, generate_series(1, 3) from (select * from big limit 2) s',
      'select * from big where id < 3 -- first page, limit 5',
      'select * from big /* limit 5 */ where a = 1 limit 5',
      "select * from big where a = E'\\'' limit 5",
      'select * from big where a = $$x$$ limit 5',
      'select * from t where (a = 1 limit 5',
      'insert into t select * from u limit 5',
    ]) expect(boundingLimit(sql), sql).toBeUndefined();
    expect(packedRowsOf('select * from t limit 1 for update', wide(8))).toBeUndefined();
    expect(packedRowsOf(`select * from t limit ${MAX_ROWS + 1}`, wide(8))).toBeUndefined();
    expect(packedRowsOf('select * from t limit 5', wide(7))).toBeUndefined();
  });

  it('a limit given as a parameter is honoured only while it is small', () => {
    const packed = packedRowsOf('select * from t limit $1', wide(8))!;
    expect(boundedRun(packed, [51])).toBe(true);
    expect(boundedRun(packed, [MAX_ROWS])).toBe(true);
    expect(boundedRun(packed, [MAX_ROWS + 1])).toBe(false);
    expect(boundedRun(packed, [null])).toBe(false); // `limit null` is no limit
  });
});

describe('record texts unpacked', () => {
  it('tells null from empty, and reads quotes, backslashes and separators inside quoted columns', () => {
    expect(unpackRecords('(1,,"")(2,"a ""b"" \\\\c","(x, y)")', 3)).toEqual([['1', null, ''], ['2', 'a "b" \\c', '(x, y)']]);
    expect(unpackRecords('', 3)).toEqual([]);
  });

  it('refuses text that is not whole records of the width asked for', () => {
    expect(() => unpackRecords('(1,2)', 3)).toThrow(/packed rows/);
    expect(() => unpackRecords('(1,2,3,4)', 3)).toThrow(/packed rows/);
    expect(() => unpackRecords('(1,"2,3)', 3)).toThrow(/packed rows/);
    expect(() => unpackRecords('(1,2,3', 3)).toThrow(/packed rows/);
  });
});

describe('a wide page read packed against PGlite', () => {
  let client: PGlite;
  let q: PGliteQueries;
  const sent: string[] = [];
  beforeAll(async () => {
    client = await PGlite.create('memory://', { parsers: { 1700: (v: string) => v, 1082: (v: string) => v, 20: (v: string) => Number(v) } });
    q = pgliteQueries(client);
    await client.exec(`create table w (id int primary key, ok boolean, at timestamptz, day date, amount numeric(12,2), big int8,
      ratio float8, note text, tags text[], doc jsonb, raw json, u uuid, code char(5), addr inet, span interval, blob bytea)`);
    await client.exec(`insert into w values
      (1, true, '2026-12-05 10:00:00.123456+00', '2026-12-05', 12.50, 9007199254740991, 'NaN', E'кавычки " и \\\\ и\\nстрока 中文 (a, b)', '{a,"b \\"c",NULL,""}', '{"k": [1, "два"]}', '{"z":1, "a":2}', '0190f1c2-0000-7000-8000-000000000001', 'ab', '10.0.0.1', '1 day 02:00', '\\x00ff'),
      (2, false, null, null, -0.01, -5, 1.5e-300, '', '{}', 'null', '[]', null, null, null, null, ''),
      (3, null, '1999-01-01 00:00:00+00', '0001-01-01', null, null, 'Infinity', null, null, null, null, null, null, null, null, null)`);
    const stream = client.execProtocolStream.bind(client);
    vi.spyOn(client, 'execProtocolStream').mockImplementation((message, opts) => {
      sent.push(new TextDecoder().decode(message));
      return stream(message, opts);
    });
  });
  afterAll(() => client.close());
  const packed = () => sent.splice(0).some((m) => m.includes('string_agg(_k::text'));

  it('gives the rows PGlite itself gives, every type and null alike, in order', async () => {
    const page = 'select * from w order by id desc limit $1';
    const mine = await q.query(page, [10]);
    expect(packed()).toBe(true);
    expect(mine.rows).toEqual((await client.query(page, [10])).rows);
    expect(mine.rows.map((r) => (r as { id: number }).id)).toEqual([3, 2, 1]);
    expect(mine.rows[2]).toMatchObject({ ok: true, amount: '12.50', big: 9007199254740991, day: '2026-12-05', code: 'ab   ', tags: ['a', 'b "c', null, ''] });
    expect(mine.rows[1]).toMatchObject({ ok: false, note: '', doc: null });
    expect((await q.query(page, [0])).rows).toEqual([]);
  });

  it('a record by its id, limited to one row, and named after a few runs as before', async () => {
    const byId = 'select id, ok, at, day, amount, big, ratio, note, tags, doc from w where id = $1 limit 1';
    for (let i = 0; i < 4; i++) expect((await q.query(byId, [1])).rows).toEqual((await client.query(byId, [1])).rows);
    expect(packed()).toBe(true);
    const prepared = (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map((r) => r.statement);
    expect(prepared.some((s) => s.includes('string_agg(') && s.includes(byId))).toBe(true);
  });

  it('goes back to the usual reading for a statement whose rows turn out large', async () => {
    await client.exec(`insert into w (id, note) values (4, repeat('я', ${2 * ROW_BYTES + 100}))`);
    const page = 'select id, ok, at, day, amount, big, ratio, note from w order by id desc limit 2';
    for (const expected of [true, false, false]) {
      expect((await q.query(page)).rows).toEqual((await client.query(page)).rows);
      expect(packed()).toBe(expected);
    }
    await client.exec('delete from w where id = 4');
  });

  it('forgets what it learnt of a table whose change was rolled back, packed or named', async () => {
    const byId = 'select * from w where id = $1 limit 1';
    const plain = 'select * from w where id = $1';
    await q.query('begin');
    await q.query('alter table w add column extra int');
    for (let i = 0; i < 4; i++) {
      expect(Object.keys((await q.query(byId, [1])).rows[0] as object)).toContain('extra');
      await q.query(plain, [1]);
    }
    await q.query('rollback');
    for (let i = 0; i < 2; i++) {
      expect((await q.query(byId, [1])).rows).toEqual((await client.query(byId, [1])).rows);
      expect((await q.query(plain, [1])).rows).toEqual((await client.query(plain, [1])).rows);
    }
    sent.length = 0;
  });

  it('reads the usual way a page whose limit is too large, with the same rows', async () => {
    const all = 'select id, ok, at, day, amount, big, ratio, note, tags, doc from w order by id limit $1';
    expect((await q.query(all, [MAX_ROWS + 1])).rows).toEqual((await client.query(all, [MAX_ROWS + 1])).rows);
    expect(packed()).toBe(false);
  });
});
