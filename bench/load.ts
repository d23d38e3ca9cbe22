/**
 * Bulk loader for the benchmark data set. Rows are built exactly as the create pipeline builds them
 * (validateInput's values and defaults — see validate.ts —, number = prefix + sequence, search_text from buildSearchText, version 1,
 * created_by/assigned_to, one audit row per record), then written in batches: one multi-row INSERT
 * (json_populate_recordset: one parameter, no 65,535-parameter limit) per table, both tables in one statement
 * (a data-modifying CTE: one transaction, one round trip).
 * Memory stays bounded: a batch is generated, written and dropped. As pg_restore does, the table's
 * secondary indexes (all but the primary key and the unique number) are dropped before the load and
 * built again after it, from their own definitions: maintaining the trigram index row by row costs
 * ~3/4 of the insert time.
 */
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { dbAssignments } from '../packages/server/src/engine/records/write-helpers.js';
import { buildSearchText } from '../packages/server/src/engine/query/search-text.js';
import type { DB } from '../packages/server/src/platform/db.js';
import { checkedValidate } from './validate.js';
import { GROUP_SLOTS, MODULES, USER_SLOTS, generateRecord, type BenchModule, type GenContext, type OwnerSlot } from './generate.js';

export interface LoadStats {
  module: string;
  rows: number;
  seconds: number;
  rows_per_s: number;
  /** Share of the time spent building rows in JS (overlapping the database's work on pg). */
  build_share: number;
  /** Share of the time the database spent on the batches' INSERTs (overlaps building on pg). */
  db_share: number;
  /** Of `seconds`, building the secondary indexes after the rows were in. */
  index_seconds: number;
}

export async function ownerIds(db: DB): Promise<Record<OwnerSlot, string>> {
  const users = await sql<{ id: string; username: string }>`select id, username from users where username = any(${[...USER_SLOTS]}::text[])`.execute(db);
  const groups = await sql<{ id: string; name: string }>`select id, name from groups where name = any(${Object.values(GROUP_SLOTS)}::text[])`.execute(db);
  const out: Record<string, string> = {};
  for (const u of users.rows) out[u.username] = u.id;
  for (const [slot, name] of Object.entries(GROUP_SLOTS)) out[slot] = groups.rows.find((g) => g.name === name)?.id ?? '';
  for (const slot of [...USER_SLOTS, ...Object.keys(GROUP_SLOTS)]) if (!out[slot]) throw new Error(`bench: no user or group for ${slot}`);
  return out as Record<OwnerSlot, string>;
}

/** Drops the secondary indexes of a table and returns a function that builds them again. */
async function withoutSecondaryIndexes(db: DB, table: string, opts: LoadOpts, log: (s: string) => void): Promise<() => Promise<number>> {
  const r = await sql<{ indexname: string; indexdef: string }>`select i.indexname, i.indexdef from pg_indexes i
    join pg_class c on c.relname = i.indexname join pg_index x on x.indexrelid = c.oid
    where i.schemaname = current_schema() and i.tablename = ${table} and not x.indisprimary and not x.indisunique`.execute(db);
  for (const ix of r.rows) await sql`drop index ${sql.id(ix.indexname)}`.execute(db);
  return async () => {
    const t0 = performance.now();
    for (const ix of r.rows) {
      await db.transaction().execute(async (trx) => {
        if (opts.maintenanceWorkMem) await sql`select set_config('maintenance_work_mem', ${opts.maintenanceWorkMem}, true)`.execute(trx);
        await sql.raw(ix.indexdef).execute(trx);
      });
    }
    const s = (performance.now() - t0) / 1000;
    log(`  ${table}: ${r.rows.length} indexes built in ${s.toFixed(1)} s`);
    return s;
  };
}

export interface LoadOpts {
  batchSize: number;
  /** For the index builds (PostgreSQL: more is faster; PGlite: its WASM heap never shrinks, keep the default). */
  maintenanceWorkMem: string | null;
}

export async function loadModule(db: DB, gen: GenContext, module: BenchModule, owners: Record<OwnerSlot, string>, opts: LoadOpts, log: (s: string) => void): Promise<LoadStats> {
  const batchSize = opts.batchSize;
  const m = gen.registry.module(module);
  const total = gen.counts[module];
  const numbering = await sql<{ next_number: number }>`select next_number from module_numbering where module = ${module}`.execute(db);
  const first = Number(numbering.rows[0]?.next_number ?? 1);
  const t0 = performance.now();
  const rebuildIndexes = await withoutSecondaryIndexes(db, module, opts, log);
  let buildMs = 0;
  let dbMs = 0;
  let nextLog = 0.1;
  let pending: Promise<void> = Promise.resolve();
  for (let start = 0; start < total; start += batchSize) {
    const b0 = performance.now();
    const rows: string[] = [];
    const audit: string[] = [];
    for (let i = start; i < Math.min(total, start + batchSize); i++) {
      const rec = generateRecord(gen, module, i);
      const values = checkedValidate(m, rec.body, i);
      values.assigned_to = owners[rec.owner];
      const createdBy = rec.owner.startsWith('g:') ? owners.manager : owners[rec.owner];
      const number = `${m.numberPrefix}${first + i}`;
      const row: Record<string, unknown> = {
        id: rec.id, number, created_by: createdBy, search_text: buildSearchText(m, { ...values, number }),
        created_at: new Date(rec.createdAt).toISOString(), updated_at: new Date(rec.updatedAt).toISOString(), version: 1,
      };
      for (const [k, v] of dbAssignments(m, values)) row[k] = v;
      rows.push(JSON.stringify(row));
      const changes = Object.fromEntries(Object.entries(values)
        .filter(([k, v]) => v != null && m.fieldMap.has(k) && !(Array.isArray(v) && !v.length)).map(([k, v]) => [k, [null, v]]));
      audit.push(JSON.stringify({ module, record_id: rec.id, user_id: createdBy, action: 'create', at: row.created_at, changes }));
    }
    buildMs += performance.now() - b0;
    const rowsJson = `[${rows.join(',')}]`;
    const auditJson = `[${audit.join(',')}]`;
    // The previous batch was being written while this one was built (pg: another process does the work).
    await pending;
    const d0 = performance.now();
    // One statement (its own transaction): no round trip waits for this process while it builds the next batch.
    pending = sql`with module_rows as (
        insert into ${sql.table(module)} select * from json_populate_recordset(null::${sql.table(module)}, ${rowsJson}::json))
      insert into audit_log (module, record_id, user_id, action, at, changes)
        select module, record_id, user_id, action, at, changes from json_populate_recordset(null::audit_log, ${auditJson}::json)`
      .execute(db).then(() => { dbMs += performance.now() - d0; });
    pending.catch(() => {}); // awaited below; keeps an early failure from being reported as unhandled
    const done = Math.min(total, start + batchSize);
    if (done / total >= nextLog || done === total) {
      const s = (performance.now() - t0) / 1000;
      const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
      log(`  ${module}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows, ${Math.round(done / s).toLocaleString('en')} rows/s, loader RSS ${rss} MB`);
      while (done / total >= nextLog) nextLog += 0.1;
    }
  }
  await pending;
  const indexSeconds = await rebuildIndexes();
  await sql`insert into module_numbering (module, prefix, next_number) values (${module}, ${m.numberPrefix}, ${first + total})
    on conflict (module) do update set next_number = greatest(module_numbering.next_number, excluded.next_number)`.execute(db);
  const seconds = (performance.now() - t0) / 1000;
  return {
    module, rows: total, seconds: round(seconds), rows_per_s: Math.round(total / seconds),
    build_share: round(buildMs / 1000 / seconds), db_share: round(dbMs / 1000 / seconds), index_seconds: round(indexSeconds),
  };
}

export async function loadAll(db: DB, gen: GenContext, opts: LoadOpts, log: (s: string) => void): Promise<{ modules: LoadStats[]; vacuum_s: number; total_s: number; rows_per_s: number }> {
  const owners = await ownerIds(db);
  const t0 = performance.now();
  const stats: LoadStats[] = [];
  for (const module of MODULES) stats.push(await loadModule(db, gen, module, owners, opts, log));
  const v0 = performance.now();
  log('  vacuum analyze…');
  for (const t of [...MODULES, 'audit_log', 'module_numbering', 'users', 'groups', 'group_members']) await sql`vacuum (analyze) ${sql.table(t)}`.execute(db);
  const vacuum = (performance.now() - v0) / 1000;
  const total = (performance.now() - t0) / 1000;
  const rows = stats.reduce((s, x) => s + x.rows, 0);
  return { modules: stats, vacuum_s: round(vacuum), total_s: round(total), rows_per_s: Math.round(rows / total) };
}

const round = (x: number) => Math.round(x * 100) / 100;
