import { sql } from 'kysely';
import type { DB, Tx } from '../../platform/db.js';
import { enqueue, type JobHandler } from '../../platform/jobs.js';
import type { MetaStore } from '../meta-store.js';
import { buildSearchText, SEARCH_TEXT_VERSION } from './search-text.js';

/**
 * When buildSearchText learns something new (SEARCH_TEXT_VERSION goes up), the records already stored are
 * rebuilt in the background: a queued job takes one batch of one module per run, in id order, and queues
 * itself again with where it stopped — each batch its own short transaction, so nobody's edit waits for it,
 * and several instances never do the same batch. A record edited since the batch read it keeps its own
 * (newer) text. The database records the version it is built by in settings.search_text_version.
 */
export const SEARCH_REBUILD_JOB = 'rebuild_search_text';
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

async function storedVersion(db: Tx): Promise<number | null> {
  const r = await sql<{ v: number }>`select (value #>> '{}')::int as v from settings where key = 'search_text_version'`.execute(db);
  return r.rows[0]?.v ?? null;
}

async function markBuilt(db: Tx): Promise<void> {
  await sql`insert into settings (key, value) values ('search_text_version', ${JSON.stringify(SEARCH_TEXT_VERSION)}::jsonb)
    on conflict (key) do update set value = excluded.value`.execute(db);
}

/**
 * At start: a new database is built by this version already; an older one gets the rebuild queued (once,
 * however many instances start).
 */
export async function scheduleSearchRebuild(db: DB, opts: { newDatabase: boolean }): Promise<boolean> {
  if (opts.newDatabase) {
    await markBuilt(db);
    return false;
  }
  if (((await storedVersion(db)) ?? 1) >= SEARCH_TEXT_VERSION) return false;
  const pending = await sql`select 1 from jobs where key = ${SEARCH_REBUILD_JOB} and done_at is null`.execute(db);
  if (pending.rows.length) return false;
  await enqueue(db, { kind: SEARCH_REBUILD_JOB, key: SEARCH_REBUILD_JOB, payload: {}, runAt: new Date() });
  return true;
}

/** The job: one batch, then the next batch (or module) queued, or the version recorded when all are done. */
export function searchRebuildJobs(meta: MetaStore, batch = 1000): Record<string, JobHandler> {
  return {
    [SEARCH_REBUILD_JOB]: async (trx, payload) => {
      const modules = meta.registry.list().map((m) => m.name).sort();
      const module = typeof payload.module === 'string' && modules.includes(payload.module) ? payload.module : modules[0];
      const after = typeof payload.after === 'string' ? payload.after : FIRST_ID;
      const m = meta.registry.module(module);
      const rows = await sql<Record<string, unknown> & { id: string; version: number }>`
        select * from ${sql.table(module)} where id > ${after} order by id limit ${batch}`.execute(trx);
      const changed = rows.rows
        .map((r) => ({ id: r.id, version: r.version, text: buildSearchText(m, r) }))
        .filter((r, i) => r.text !== rows.rows[i].search_text);
      if (changed.length) {
        await sql`update ${sql.table(module)} t set search_text = v.text
          from (values ${sql.join(changed.map((c) => sql`(${c.id}::uuid, ${c.version}::int, ${c.text})`))}) v(id, version, text)
          where t.id = v.id and t.version = v.version`.execute(trx);
      }
      const next = rows.rows.length === batch ? { module, after: rows.rows[rows.rows.length - 1].id } : modules[modules.indexOf(module) + 1];
      if (next === undefined) return markBuilt(trx);
      await enqueue(trx, { kind: SEARCH_REBUILD_JOB, key: SEARCH_REBUILD_JOB, payload: typeof next === 'string' ? { module: next } : next, runAt: new Date() });
    },
  };
}
