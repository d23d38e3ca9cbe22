import { planFixed } from './plan-fixed.js';

/**
 * Statements kept prepared on one connection at most; later ones are sent unnamed. Each holds its parse tree and plan in
 * the connection's backend: ~58 KB for a read by id of a 49-column table, so at most ~6 MB a connection.
 */
export const MAX_NAMED_PER_CONNECTION = 100;
/** A statement run this often (in this process) is prepared under a name on each connection that runs it next. */
const NAME_AFTER_RUNS = 3;
/** Run counts kept at most; past it they start again (a statement then takes three more runs to be named). */
const MAX_COUNTED = 2000;
const BEGINS = /^\s*(begin|start\s+transaction)\b/i;
const ENDS = /^\s*(commit|end|rollback|abort)\b(?!\s+to\b)/i;
/**
 * A kept statement that no longer fits its table (after DDL here, on another instance or on a replica's primary) or no
 * longer exists. Either fails before the statement runs.
 */
const stale = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return e.code === '26000' || (e.code === '0A000' && /cached plan must not change result type/.test(e.message ?? ''));
};

type Query = (...args: any[]) => Promise<any>;
/** The part of node-postgres' client this relies on: its query(), and the names its connection believes parsed. */
interface PgClient { query: Query; connection?: { parsedStatements?: Record<string, string> } }

/**
 * Keeps the statements of `planFixed` (an insert of given rows, a row by its id) prepared on each PostgreSQL connection
 * once they have run a few times, as PGlite's queries are (pglite-query.ts): the parse, the analysis of a wide
 * `select t.*` and, after five runs, the planning are then done once per connection, not per request.
 *
 * Only outside a transaction. A named statement goes stale when its table's columns change; its next run then fails
 * before doing anything, and here it is run again unnamed after the connection's names are dropped. Inside a
 * transaction that failure would abort the transaction, so statements there are sent unnamed, as before.
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
    client.query = async (...args: any[]) => {
      const [text, values] = args;
      if (typeof text !== 'string' || !Array.isArray(values) || args.length !== 2) return send(...args);
      if (BEGINS.test(text)) inTransaction = true;
      else if (ENDS.test(text)) inTransaction = false;
      if (inTransaction || !values.length) return send(text, values);
      let name = names.get(text);
      if (!name) {
        const n = (runs.get(text) ?? 0) + 1;
        if (runs.size >= MAX_COUNTED) runs.clear();
        runs.set(text, n);
        if (n < NAME_AFTER_RUNS || names.size >= MAX_NAMED_PER_CONNECTION || !planFixed(text)) return send(text, values);
        name = `karta_n${serial++}`;
        names.set(text, name);
      }
      try {
        return await send({ name, text, values });
      } catch (err) {
        if (!stale(err)) throw err;
        await dropNames();
        return send(text, values);
      }
    };
  };
}
