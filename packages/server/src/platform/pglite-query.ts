import { parse, protocol, type PGlite } from '@electric-sql/pglite';

/** What PGliteDialect asks of its client. */
export interface PGliteQueries {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  close(): Promise<void>;
}

/** A statement that may change what a parameter's type is inferred to be (a column's type, a new table). */
const DDL = /^\s*(alter|create|drop|truncate|comment|do|reindex)\b/i;
const MAX_KNOWN = 2000;

/**
 * One statement in one call into PGlite's WebAssembly backend. PGlite's own query() makes six — parse, describe the
 * statement, bind, describe the portal, execute, sync — each a separate entry into the backend and a separate parse of
 * its output; the parameters' types are what it asks the statement description for, to serialise the values. Here they
 * are learnt once per SQL text (PGlite's describeQuery) and each execution sends parse, bind, describe, execute and sync
 * together, the values serialised by PGlite's own serialisers for those types, as its query() does. The parse leaves
 * the types to the database every time; a statement that may change them (DDL) or any error forgets what was learnt.
 */
export function pgliteQueries(client: PGlite): PGliteQueries {
  const known = new Map<string, number[]>();
  const paramTypes = async (sql: string, params: unknown[]): Promise<number[]> => {
    if (!params.length) return [];
    const hit = known.get(sql);
    if (hit) return hit;
    // Its parse and describe are two calls: nothing else may run between them.
    const described = await client._runExclusiveQuery(() => client.describeQuery(sql));
    const types = described.queryParams.map((p) => p.dataTypeID);
    if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value as string);
    known.set(sql, types);
    return types;
  };
  return {
    async query(sql, params = []) {
      if (DDL.test(sql)) known.clear();
      try {
        const types = await paramTypes(sql, params);
        const values = params.map((value, i) => {
          if (value === null || value === undefined) return null;
          const serialize = client.serializers[types[i]];
          return serialize ? serialize(value) : String(value);
        });
        const { serialize } = protocol;
        const message = concat([serialize.parse({ text: sql }), serialize.bind({ values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);
        const messages = await client._runExclusiveQuery(() => client.execProtocolStream(message, { syncToFs: false }));
        await client.syncToFs();
        return parse.parseResults(messages, client.parsers)[0];
      } catch (err) {
        known.clear();
        throw err;
      }
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
