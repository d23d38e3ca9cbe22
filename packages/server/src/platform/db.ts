import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import fs from 'node:fs';
import path from 'node:path';

/** Kysely over either PGlite or a pg pool; the schema is dynamic, so the table map is untyped. */
export type DB = Kysely<any>;
export type Tx = Transaction<any> | Kysely<any>;

export interface Database {
  db: DB;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /**
   * Calls `fn` with the payload of each `pg_notify(channel, …)` committed by any connection — every app instance
   * on the database hears it (a dedicated connection LISTENs on PostgreSQL). Returns a function that stops.
   */
  listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
  /** The name `pg_notify` must use for a channel `listen` hears. */
  channel(name: string): string;
}

/** Channels are per database; a schema of its own (tests) gets channels of its own. */
const channelName = (channel: string, searchPath?: string) => (searchPath ? `${channel}_${searchPath}` : channel);

// Same wire-to-JS conversions on both drivers: exact decimals and dates as strings, counts as numbers.
const NUMERIC = 1700, DATE = 1082, INT8 = 20;
const asString = (v: string) => v;
const asNumber = (v: string) => Number(v);

export async function openDatabase(opts: { url?: string; dataDir?: string; memory?: boolean; poolSize?: number; searchPath?: string }): Promise<Database> {
  if (opts.url) {
    const types = {
      getTypeParser: (oid: number, format?: any) => {
        if (oid === NUMERIC || oid === DATE) return asString;
        if (oid === INT8) return asNumber;
        return pg.types.getTypeParser(oid, format);
      },
    };
    const pool = new pg.Pool({
      connectionString: opts.url, max: opts.poolSize ?? 10, types: types as any,
      ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath},public` } : {}),
    });
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    const listeners: pg.Client[] = [];
    const listen = async (channel: string, fn: (payload: string) => void) => {
      const client = new pg.Client({ connectionString: opts.url });
      await client.connect();
      client.on('notification', (n) => { if (n.channel === channelName(channel, opts.searchPath)) fn(n.payload ?? ''); });
      client.on('error', () => undefined); // a dropped listener only loses live updates, never data
      await client.query(`listen "${channelName(channel, opts.searchPath)}"`);
      listeners.push(client);
      return async () => { listeners.splice(listeners.indexOf(client), 1); await client.end(); };
    };
    const close = async () => { await Promise.all(listeners.splice(0).map((c) => c.end())); await db.destroy(); };
    return { db, kind: 'postgres', close, listen, channel: (c: string) => channelName(c, opts.searchPath) } as Database;
  }
  let dataDir = 'memory://';
  if (!opts.memory && opts.dataDir) {
    dataDir = path.join(opts.dataDir, 'pgdata');
    fs.mkdirSync(opts.dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    parsers: { [NUMERIC]: asString, [DATE]: asString, [INT8]: asNumber },
  });
  const db = new Kysely<any>({ dialect: new PGliteDialect(client) });
  const listen = async (channel: string, fn: (payload: string) => void) => {
    const stop = await client.listen(channel, fn);
    return async () => { await stop(); };
  };
  return { db, kind: 'pglite', close: () => db.destroy(), listen, channel: (c: string) => c } as Database;
}

/** Runs fn in a transaction, or inside the caller's one when already in a transaction. */
export async function inTransaction<T>(db: Tx, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return (db as Kysely<any>).transaction().execute(fn);
}

export { sql };
