import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import { ENDS_TRANSACTION, NAME_AFTER_RUNS, planFixed } from './plan-fixed.js';
import { boundedRun, largeRows, mayReadPacked, packedRowsOf, readPackedRows, type PackedRows } from './pglite-packed-rows.js';

/** What PGliteDialect asks of its client. */
export interface PGliteQueries {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  close(): Promise<void>;
}

/** A statement that may change what a parameter's type is inferred to be (a column's type, a new table). */
const DDL = /^\s*(alter|create|drop|truncate|comment|do|reindex)\b/i;
const MAX_KNOWN = 2000;
/**
 * Statements kept prepared at most: each holds its parse tree and, once PostgreSQL settles on it, a generic plan
 * (~47 KB for a 50-column insert). When all are taken the least recently run one is dropped for a new one.
 */
export const MAX_NAMED = 200;
/** Ends the transaction or goes back to a savepoint: DDL since the last commit may be undone by it. */
const ROLLBACK = /^\s*(rollback|abort)\b/i;
/** What a kept statement or a learnt result says when the table under it is no longer what it was. */
const STALE = /prepared statement .* does not exist|cached plan must not change result type|columns available but \d+ columns specified|packed rows:/;
interface Known { types: number[]; runs: number; used: number; name?: string; packed?: PackedRows }

/**
 * One statement in one call into PGlite's WebAssembly backend. PGlite's own query() makes six — parse, describe the
 * statement, bind, describe the portal, execute, sync — each a separate entry into the backend and a separate parse of
 * its output; the parameters' types are what it asks the statement description for, to serialise the values. Here they
 * are learnt once per SQL text (PGlite's describeQuery) and each execution sends parse, bind, describe, execute and sync
 * together, the values serialised by PGlite's own serialisers for those types, as its query() does.
 *
 * A statement run a few times whose plan cannot depend on its values (plan-fixed.ts: an insert, a row by its id) is
 * prepared under a name (the most recently run MAX_NAMED), as a driver's named statements are: its parse and analysis are kept, and
 * after five runs PostgreSQL keeps its generic plan — a record read by id planned in about as long as it ran.
 * A statement that may change a table's columns (DDL) drops every named one first — a kept `select *` would
 * otherwise fail ("cached plan must not change result type") — and any error forgets the types learnt for the
 * statements not named (a named one keeps the types it was prepared with until the next DDL).
 *
 * A wide select bounded by a small limit — a list's page, a record — is asked for its rows packed in one value and
 * unpacked here (pglite-packed-rows.ts): PGlite's reader spends far longer on many small fields than on one.
 */
export function pgliteQueries(client: PGlite): PGliteQueries {
  const known = new Map<string, Known>();
  let named = 0;
  let generation = 0;
  let serial = 0; // a name is never given twice
  let tick = 0;
  const run = (message: Uint8Array) => client._runExclusiveQuery(() => client.execProtocolStream(message, { syncToFs: false }));
  /** Drops a named statement. In an aborted transaction it cannot: the statement stays counted until the next DDL. */
  const release = async (entry: Known) => {
    const name = entry.name;
    if (!name) return;
    delete entry.name;
    if (await run(protocol.serialize.query(`deallocate ${name}`)).then(() => true, () => false)) named--;
  };
  /** Prepares a statement under a new name, dropping the least recently run named one when all are taken. */
  const prepare = async (entry: Known, text: string) => {
    if (named >= MAX_NAMED) {
      let oldest: Known | undefined;
      for (const e of known.values()) if (e.name && (!oldest || e.used < oldest.used)) oldest = e;
      if (oldest) await release(oldest);
      if (named >= MAX_NAMED) return;
    }
    const name = `karta_${generation}_${serial++}`;
    // Parsed on its own call, so the name is known to exist whatever its first run then does.
    await run(concat([protocol.serialize.parse({ text, name, types: entry.types }), protocol.serialize.sync()]));
    entry.name = name;
    named++;
  };
  const learn = async (sql: string, params: unknown[]): Promise<Known> => {
    const hit = known.get(sql);
    if (hit) return hit;
    // Its parse and describe are two calls: nothing else may run between them.
    const described = params.length || mayReadPacked(sql) ? await client._runExclusiveQuery(() => client.describeQuery(sql)) : undefined;
    const types = described?.queryParams.map((p) => p.dataTypeID) ?? [];
    // The oldest learnt is forgotten, and its named statement dropped.
    if (known.size >= MAX_KNOWN) {
      const oldest = known.keys().next().value as string;
      const gone = known.get(oldest)!;
      known.delete(oldest);
      await release(gone);
    }
    const entry: Known = { types, runs: 0, used: 0, packed: described && packedRowsOf(sql, described.resultFields) };
    known.set(sql, entry);
    return entry;
  };
  // DDL in the open transaction: a rollback undoes it under the statements and results learnt since.
  let ddlInTransaction = false;
  // A `deallocate all` that failed (in an aborted transaction) is tried again after the next statement.
  let deallocateLater = false;
  const forgetNamed = async () => {
    for (const entry of known.values()) delete entry.name;
    named = 0;
    generation++;
    // In a transaction that has already failed this fails too; so does the DDL after it, which reports why.
    deallocateLater = await run(protocol.serialize.query('deallocate all')).then(() => false, () => true);
  };
  const forgetAll = async () => {
    known.clear();
    await forgetNamed();
  };
  return {
    async query(sql, params = []) {
      if (DDL.test(sql)) {
        ddlInTransaction = true;
        await forgetAll();
      }
      const undoesDdl = ddlInTransaction && ROLLBACK.test(sql);
      let result;
      try {
        const entry = await learn(sql, params);
        const values = params.map((value, i) => {
          if (value === null || value === undefined) return null;
          const serialize = client.serializers[entry.types[i]];
          return serialize ? serialize(value) : String(value);
        });
        const { serialize } = protocol;
        // A page whose limit is a parameter is read packed only when that limit is small: its text varies, so it is not named.
        const packed = entry.packed && boundedRun(entry.packed, params) ? entry.packed : undefined;
        const text = packed?.sql ?? sql;
        entry.used = ++tick;
        if (!entry.name && params.length && !entry.packed?.limitParam && ++entry.runs >= NAME_AFTER_RUNS && planFixed(sql)) {
          entry.runs = 0; // if no name could be had, asked again a few runs later
          await prepare(entry, text);
        }
        const message = concat([
          ...(entry.name ? [] : [serialize.parse({ text })]),
          serialize.bind({ values, statement: entry.name }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync(),
        ]);
        const messages = await run(message);
        await client.syncToFs();
        result = parse.parseResults(messages, client.parsers)[0];
        if (packed) {
          const packedText = (result.rows[0] as { packed: string | null }).packed;
          result = { ...result, rows: readPackedRows(packed, packedText, client.parsers), fields: packed.fields };
          if (largeRows(packedText, result.rows.length)) {
            // Long values read faster the usual way; a name given to the packed text goes with it.
            entry.packed = undefined;
            await release(entry);
            entry.runs = 0;
          }
        }
      } catch (err) {
        if (STALE.test(String((err as Error).message))) await forgetAll();
        for (const sqlText of [...known.keys()]) if (!known.get(sqlText)!.name) known.delete(sqlText);
        throw err;
      }
      if (undoesDdl) await forgetAll();
      else if (deallocateLater) await forgetNamed();
      if (ENDS_TRANSACTION.test(sql)) ddlInTransaction = false;
      return result;
    },
    close: () => client.close(),
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
