import { ENDS_TRANSACTION, NAME_AFTER_RUNS, planFixed } from './plan-fixed.js';

/**
 * Statements kept prepared on one connection at most; later ones are sent unnamed. Each holds its parse tree and plan in
 * the connection's backend: ~58 KB for a read by id of a 49-column table, so at most ~6 MB a connection.
 */
export const MAX_NAMED_PER_CONNECTION = 100;
/**
 * Run counts kept at most; past it they start again. A statement is named on each connection that runs it once this
 * process has run it NAME_AFTER_RUNS times.
 */
const MAX_COUNTED = 2000;
const BEGINS = /^\s*(begin|start\s+transaction)\b/i;
/**
 * A kept statement that no longer fits its table (DDL here, on another instance or on a replica's primary: a changed
 * result, a column's new type) or no longer exists. PostgreSQL raises either before the statement runs, from the
 * routines named here; the routine is never translated, unlike the message.
 */
const stale = (err: unknown) => {
  const e = err as { code?: string; routine?: string };
  return e.code === '26000' || e.routine === 'RevalidateCachedQuery' || e.routine === 'FetchPreparedStatement'
    // Re-analysed against the table as it now is (a column's new type or a dropped one): the analysis refused it.
    || /^42/.test(e.code ?? '');
};

type Query = (...args: any[]) => Promise<any>;
/**
 * The part of node-postgres' client this relies on: its query(), the names its connection believes parsed, the
 * transaction status of its last ReadyForQuery ('I' idle, 'T' in a transaction, 'E' failed) and its queue.
 */
interface PgClient {
  query: Query;
  connection?: { parsedStatements?: Record<string, string> };
  _txStatus?: string;
  _queryQueue?: unknown[];
}

/**
 * Keeps the statements of `planFixed` (an insert of given rows, a row by its id) prepared on each PostgreSQL connection
 * once they have run a few times, as PGlite's queries are (pglite-query.ts): the parse, the analysis of a wide
 * `select t.*` and, after five runs, the planning are then done once per connection, not per request.
 *
 * Only outside a transaction. A named statement goes stale when its table's columns change; its next run then fails
 * before doing anything, and here it is run again unnamed after the connection's names are dropped. Inside a
 * transaction that failure would abort the transaction, so statements there are sent unnamed, as before: a
 * transaction is known both from the `begin` sent and from PostgreSQL's own status after the last statement.
 */
export function namedStatements(): (pgClient: object) => void {
  const runs = new Map<string, number>();
  let serial = 0; // a name is never given twice in a process
  return (pgClient) => {
    const client = pgClient as PgClient;
    const send: Query = client.query.bind(client);
    const names = new Map<string, string>();
    let inTransaction = false;
    const dropNames = async () => {
      names.clear();
      if (client.connection?.parsedStatements) client.connection.parsedStatements = {};
      await send('deallocate all');
    };
    /** Nothing open or queued on the connection, by what this saw sent and by what PostgreSQL last said. */
    const idle = () => !inTransaction && (client._txStatus ?? 'I') === 'I' && !client._queryQueue?.length;
    client.query = async (...args: any[]) => {
      const [text, values] = args;
      if (typeof text === 'string') {
        if (BEGINS.test(text)) inTransaction = true;
        else if (ENDS_TRANSACTION.test(text)) inTransaction = false;
      }
      if (typeof text !== 'string' || !Array.isArray(values) || args.length !== 2 || !values.length || !idle()) return send(...args);
      let name = names.get(text);
      if (!name) {
        const n = runs.get(text) ?? 0; // -1: never named
        if (n < 0) return send(text, values);
        if (runs.size >= MAX_COUNTED) runs.clear();
        if (n + 1 < NAME_AFTER_RUNS) {
          runs.set(text, n + 1);
          return send(text, values);
        }
        const fixed = planFixed(text);
        runs.set(text, fixed ? n : -1);
        if (!fixed || names.size >= MAX_NAMED_PER_CONNECTION) return send(text, values);
        name = `karta_n${serial++}`;
        names.set(text, name);
      }
      try {
        return await send({ name, text, values });
      } catch (err) {
        if (!stale(err)) throw err;
        // The statement did not run: the connection's names go, and it is sent as it was before it was named (a
        // statement that fails outside a transaction leaves nothing behind, so nothing is done twice either way).
        await dropNames().catch(() => { throw err; });
        return send(text, values);
      }
    };
  };
}
