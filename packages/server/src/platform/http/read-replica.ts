/**
 * Reads on a streaming replica without losing your own writes (docs/scaling.md). After every successful write request
 * the caller's position in the primary's WAL is stored (`write_marks`, one row per user, on the primary, before the
 * answer leaves); a read that may use the replica first asks the replica whether it has replayed that far, and runs on
 * the primary when it has not — or when the replica cannot be reached. Several instances share the marks, so a read
 * that lands on another instance sees the write too.
 */
import type { FastifyInstance } from 'fastify';
import type { DB, Tx } from '../db.js';
import { isDatabaseUnavailable, sql } from '../db.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST that only reads (a query in the body): it leaves no write mark. */
    readsOnly?: boolean;
  }
}

/** Route options of a POST that only reads, so it does not send the caller's next reads to the primary. */
export const READS_ONLY = { config: { readsOnly: true } } as const;
/** Users whose last mark could not be stored: their reads stay on the primary for a while (this instance knows). */
const unmarked = new Map<string, number>();
const UNMARKED_MS = 60_000;

let lastWarning = 0;
/** A replica that is away would otherwise say so on every read: once a minute is enough. */
function warn(message: string): void {
  if (Date.now() - lastWarning < 60_000) return;
  lastWarning = Date.now();
  console.warn(`karta: ${message}`);
}

/** Records the caller's WAL position after each successful write request, before the answer is sent. */
export function registerWriteMarks(api: FastifyInstance, primary: DB): void {
  api.addHook('onSend', async (req, reply, payload) => {
    const user = req.ctx?.user;
    if (user && UNSAFE.has(req.method) && reply.statusCode < 400 && !req.routeOptions.config?.readsOnly) {
      await sql`insert into write_marks (user_id, lsn, at) values (${user.id}, pg_current_wal_lsn(), now())
        on conflict (user_id) do update set lsn = excluded.lsn, at = excluded.at`.execute(primary)
        .catch((err: Error) => {
          unmarked.set(user.id, Date.now() + UNMARKED_MS);
          warn(`write mark not stored: ${err.message}`);
        });
    }
    return payload;
  });
}

/**
 * Where a read of `userId` may run: the replica once it has replayed the user's last write and the metadata the
 * registry was built from (a custom field's column must be there before a query names it), else the primary.
 */
export function replicaReader(primary: DB, replica: DB, userId: string, metaVersion: number): () => Promise<Tx> {
  return async () => {
    const until = unmarked.get(userId);
    if (until !== undefined) {
      if (until > Date.now()) return primary;
      unmarked.delete(userId);
    }
    const mark = await sql<{ lsn: string }>`select lsn::text as lsn from write_marks where user_id = ${userId}`.execute(primary);
    const lsn = mark.rows[0]?.lsn ?? '0/0';
    try {
      // Null on a server that is not a standby (a replica promoted, or the primary itself): it has every write.
      const r = await sql<{ caught_up: boolean | null; same_meta: boolean }>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as caught_up,
        coalesce((select (value #>> '{}')::int from settings where key = 'meta_version'), 0) >= ${metaVersion} as same_meta`.execute(replica);
      const row = r.rows[0];
      return row && row.caught_up !== false && row.same_meta ? replica : primary;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      warn(`the read replica is unavailable, reading from the primary: ${(err as Error).message}`);
      return primary;
    }
  };
}
