/**
 * The driver the SQL floor runs on — pg's Pool or a PGlite instance, used directly (no Kysely, no engine).
 * For PGlite the same instance also backs a Kysely `Database`, because one data directory cannot be opened
 * twice; that Database is used only to count the statements the engine issues.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../packages/server/src/platform/db.js';
import type { Target } from './setup.js';

export type Query = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export interface Driver {
  kind: 'pglite' | 'postgres';
  query: Query;
  /** BEGIN … COMMIT on one connection. */
  tx<T>(fn: (q: Query) => Promise<T>): Promise<T>;
  /** A Kysely database over the same server/file, for in-process engine calls. */
  database: Database;
  close(): Promise<void>;
}

// Same conversions as platform/db.ts: exact decimals and dates as strings, int8 as numbers.
const NUMERIC = 1700, DATE = 1082, INT8 = 20;

export async function openDriver(target: Target, poolSize = 10): Promise<Driver> {
  if (target.url) {
    const types = {
      getTypeParser: (oid: number, format?: any) => {
        if (oid === NUMERIC || oid === DATE) return (v: string) => v;
        if (oid === INT8) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format);
      },
    };
    const pool = new pg.Pool({ connectionString: target.url, max: poolSize, types: types as any });
    const database = await openDatabase({ url: target.url, poolSize: 2 });
    const query: Query = async (text, params) => (await pool.query(text, params as any[])).rows;
    return {
      kind: 'postgres', query, database,
      async tx(fn) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const out = await fn(async (text, params) => (await client.query(text, params as any[])).rows);
          await client.query('commit');
          return out;
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      },
      async close() {
        await pool.end();
        await database.close();
      },
    };
  }
  const client = await PGlite.create(path.join(target.dataDir!, 'pgdata'), {
    extensions: { pg_trgm },
    parsers: { [NUMERIC]: (v: string) => v, [DATE]: (v: string) => v, [INT8]: (v: string) => Number(v) },
  });
  const db = new Kysely<any>({ dialect: new PGliteDialect(client) });
  const database: Database = {
    db, kind: 'pglite', close: () => db.destroy(), channel: (c) => c,
    listen: async (channel, fn) => { const stop = await client.listen(channel, fn); return async () => { await stop(); }; },
  };
  const query: Query = async (text, params) => (await client.query<any>(text, params)).rows;
  return {
    kind: 'pglite', query, database,
    tx: (fn) => client.transaction(async (t) => fn(async (text, params) => (await t.query<any>(text, params)).rows)),
    close: () => db.destroy(),
  };
}
