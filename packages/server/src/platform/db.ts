import { DummyDriver, Kysely, PostgresAdapter, PostgresDialect, PostgresIntrospector, PostgresQueryCompiler, sql, type LogEvent, type Transaction } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { pgliteQueries } from './pglite-query.js';
import { namedStatements } from './pg-named-statements.js';
import pg from 'pg';
import fs from 'node:fs';
import path from 'node:path';
import { PgListener } from './pg-listener.js';
import { serverTimingOn, timeStatement } from './http/server-timing.js';

/** Kysely over either PGlite or a pg pool; the schema is dynamic, so the table map is untyped. */
export type DB = Kysely<any>;
export type Tx = Transaction<any> | Kysely<any>;

export interface Database {
  db: DB;
  /** A streaming replica for heavy reads (`DATABASE_READ_URL`): see `readReplica` in engine/context.ts. */
  readDb?: DB;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /**
   * Calls `fn` with the payload of each `pg_notify(channel, …)` committed by any connection — every app instance
   * on the database hears it (a dedicated connection LISTENs on PostgreSQL). After the database was away and the
   * connection is back, `onReconnect` runs so the caller can catch up on what it missed. Returns a function that stops.
   */
  listen(channel: string, fn: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** The name `pg_notify` must use for a channel `listen` hears. */
  channel(name: string): string;
}

/** Channels are per database; a schema of its own (tests) gets channels of its own. */
const channelName = (channel: string, searchPath?: string) => (searchPath ? `${channel}_${searchPath}` : channel);

// Same wire-to-JS conversions on both drivers: exact decimals and dates as strings, counts as numbers.
const NUMERIC = 1700, DATE = 1082, INT8 = 20;
const asString = (v: string) => v;
const asNumber = (v: string) => Number(v);

/**
 * PGlite's PostgreSQL buffer cache. Its own default (128 MB) sits in the server's memory next to the OS's cache of
 * the same files; 32 MB kept the bench's reads as fast at a third less resident memory (docs/benchmarks.md).
 */
export const PGLITE_SHARED_BUFFERS = '32MB';

export async function openDatabase(opts: {
  url?: string; dataDir?: string; memory?: boolean; poolSize?: number; searchPath?: string;
  /** A read-only replica of `url` (PostgreSQL only). */
  readUrl?: string;
  /** PGlite's `shared_buffers` (e.g. `64MB`), `KARTA_PGLITE_SHARED_BUFFERS`. */
  pgliteSharedBuffers?: string;
  /** PostgreSQL: keep frequent inserts and reads by id prepared per connection (pg-named-statements.ts); default on. */
  namedStatements?: boolean;
  /** Told of dropped connections (PostgreSQL); they are recovered from, never fatal. */
  onConnectionError?: (err: Error) => void;
}): Promise<Database> {
  if (opts.url) {
    const types = {
      getTypeParser: (oid: number, format?: any) => {
        if (oid === NUMERIC || oid === DATE) return asString;
        if (oid === INT8) return asNumber;
        return pg.types.getTypeParser(oid, format);
      },
    };
    const pool = (connectionString: string) => {
      const p = new pg.Pool({
        connectionString, max: opts.poolSize ?? 10, types: types as any,
        // A request waits at most this long for a connection while the database is away, then answers 503.
        connectionTimeoutMillis: 5000,
        ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath},public` } : {}),
      });
      // An idle client whose connection drops (a database restart) is dropped from the pool and reported here;
      // without a listener Node would end the process. Requests meanwhile fail with 503 and recover by themselves.
      p.on('error', (err) => opts.onConnectionError?.(err));
      // A client in use when its connection drops emits 'error' too (the pool listens only to idle ones); its query
      // has already failed with that error and the pool discards the client on release.
      p.on('connect', (client) => client.on('error', () => undefined));
      if (opts.namedStatements !== false) p.on('connect', namedStatements());
      return new Kysely<any>({ dialect: new PostgresDialect({ pool: p }), ...timedQueries() });
    };
    const db = pool(opts.url);
    const readDb = opts.readUrl ? pool(opts.readUrl) : undefined;
    const listener = new PgListener(opts.url, (m) => opts.onConnectionError?.(new Error(m)));
    const listen = (channel: string, fn: (payload: string) => void, onReconnect?: () => void) =>
      listener.listen(channelName(channel, opts.searchPath), { fn, onReconnect });
    const close = async () => { await listener.close(); await db.destroy(); await readDb?.destroy(); };
    return { db, readDb, kind: 'postgres', close, listen, channel: (c: string) => channelName(c, opts.searchPath) } as Database;
  }
  let dataDir = 'memory://';
  if (!opts.memory && opts.dataDir) {
    dataDir = path.join(opts.dataDir, 'pgdata');
    fs.mkdirSync(opts.dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${opts.pgliteSharedBuffers ?? PGLITE_SHARED_BUFFERS}`],
    parsers: { [NUMERIC]: asString, [DATE]: asString, [INT8]: asNumber },
  });
  const db = new Kysely<any>({ dialect: new PGliteDialect(pgliteQueries(client) as unknown as PGlite), ...timedQueries() });
  const listen = async (channel: string, fn: (payload: string) => void, _onReconnect?: () => void) => {
    const stop = await client.listen(channel, fn);
    return async () => { await stop(); };
  };
  return { db, kind: 'pglite', close: () => db.destroy(), listen, channel: (c: string) => c } as Database;
}

/** With KARTA_SERVER_TIMING=1 every statement's time is added to its request's Server-Timing; otherwise no logging at all. */
function timedQueries(): { log?: (event: LogEvent) => void } {
  return serverTimingOn() ? { log: (event) => timeStatement(event) } : {};
}

/** Error codes of a database that is away: refused or dropped connections, shutdown, a full pool's wait. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/** Whether an error means "the database cannot be reached right now" (answered 503, retried by the caller). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Connection ended/i.test(e.message ?? '');
}

/** Runs fn in a transaction, or inside the caller's one when already in a transaction. */
export async function inTransaction<T>(db: Tx, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return (db as Kysely<any>).transaction().execute(fn);
}

/**
 * A read made once per transaction (a module's active workflows, a user's context): an import's chunk or a batch of
 * jobs asks once, not per row. Keyed by the transaction object, so nothing outlives it.
 */
export function perTransaction<V>(): (db: Tx, key: string, load: () => Promise<V>) => Promise<V> {
  const memo = new WeakMap<object, Map<string, V>>();
  return async (db, key, load) => {
    if (!db.isTransaction) return load(); // the shared database object lives as long as the process: nothing kept
    let known = memo.get(db);
    if (!known) memo.set(db, (known = new Map()));
    if (known.has(key)) return known.get(key)!;
    const value = await load();
    known.set(key, value);
    return value;
  };
}

export { sql };

/** Compiles SQL to its text and parameters without a connection or the request's plugins (cache keys, tests, EXPLAIN). */
export const compileOnly = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
