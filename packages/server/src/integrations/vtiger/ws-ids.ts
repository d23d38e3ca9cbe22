import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';
import { GROUPS_TYPE, USERS_TYPE, vtModuleByType, vtModuleOf } from './vtiger-map.js';

/**
 * vTiger ids are `<type>x<number>`; Karta's are UUIDs. Each record gets a number the first time the webservice
 * names it, kept for good (a migrated record keeps its vTiger number), so an integration's stored ids work.
 */
export async function wsIds(db: Tx, module: string, ids: string[]): Promise<Map<string, string>> {
  return wsIdsOf(db, ids.map((id) => ({ module, id })));
}

/** The ws ids of records of any modules: one statement to read them, one a module to give numbers to the new. */
export async function wsIdsOf(db: Tx, records: { module: string; id: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const typed = new Map<string, number>();
  for (const r of records) {
    const type = r.id ? typeOf(r.module) : null;
    if (type !== null) typed.set(`${r.module}:${r.id}`, type);
  }
  if (!typed.size) return out;
  const read = async (ids: string[]) => {
    const r = await sql<{ module: string; record_id: string; n: string }>`select module, record_id, min(n)::text as n from ws_ids
      where record_id = any(${ids}::uuid[]) group by module, record_id`.execute(db);
    for (const row of r.rows) {
      const type = typed.get(`${row.module}:${row.record_id}`);
      if (type !== undefined) out.set(row.record_id, `${type}x${row.n}`);
    }
  };
  await read([...new Set(records.filter((r) => typed.has(`${r.module}:${r.id}`)).map((r) => r.id))]);
  const missing = new Map<string, string[]>();
  for (const key of typed.keys()) {
    const [module, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (!out.has(id)) missing.set(module, [...(missing.get(module) ?? []), id]);
  }
  for (const [module, ids] of missing) {
    await sql`insert into ws_ids (module, n, record_id) select ${module}, nextval('ws_id_seq'), x
      from unnest(${ids}::uuid[]) as x where not exists (select 1 from ws_ids w where w.record_id = x and w.module = ${module})
      on conflict do nothing`.execute(db);
  }
  if (missing.size) await read([...missing.values()].flat());
  return out;
}

export function typeOf(module: string): number | null {
  if (module === 'users') return USERS_TYPE;
  if (module === 'groups') return GROUPS_TYPE;
  return vtModuleOf(module)?.typeId ?? null;
}

export function moduleOfType(type: number): string | null {
  if (type === USERS_TYPE) return 'users';
  if (type === GROUPS_TYPE) return 'groups';
  return vtModuleByType(type)?.karta ?? null;
}

/** `11x123` → the record's module and id; null for a malformed or unknown id. */
export async function fromWsId(db: Tx, wsId: unknown): Promise<{ module: string; id: string } | null> {
  const m = typeof wsId === 'string' ? /^(\d+)x(\d+)$/.exec(wsId.trim()) : null;
  if (!m) return null;
  const module = moduleOfType(Number(m[1]));
  if (!module) return null;
  const r = await sql<{ record_id: string }>`select record_id from ws_ids where module = ${module} and n = ${m[2]}::bigint`.execute(db);
  return r.rows[0] ? { module, id: r.rows[0].record_id } : null;
}

/** Keeps a vTiger record's own number for its Karta copy (migration), so `11x123` still names it; false when that number names another record. */
export async function adoptWsId(db: Tx, module: string, n: number, recordId: string): Promise<boolean> {
  await sql`insert into ws_ids (module, n, record_id) values (${module}, ${n}, ${recordId}) on conflict do nothing`.execute(db);
  const r = await sql<{ record_id: string }>`select record_id::text from ws_ids where module = ${module} and n = ${n}`.execute(db);
  return r.rows[0]?.record_id === recordId;
}

/**
 * What a vTiger id names in Karta during a migration: the copy an earlier record of the run (or an earlier run)
 * made of it, by the vTiger id it remembers — never a record Karta numbered itself that happens to have that
 * webservice id. Users and groups are matched by their webservice ids (they are adopted before anything else).
 */
export async function fromVtId(db: Tx, vtId: unknown): Promise<{ module: string; id: string } | null> {
  const m = typeof vtId === 'string' ? /^(\d+)x(\d+)$/.exec(vtId.trim()) : null;
  const module = m ? moduleOfType(Number(m[1])) : null;
  if (!m || !module) return null;
  if (module === 'users' || module === 'groups') return fromWsId(db, vtId);
  const r = await sql<{ record_id: string }>`select record_id::text from vtiger_migrated where module = ${module} and vt_n = ${m[2]}::bigint`.execute(db);
  if (r.rows[0]) return { module, id: r.rows[0].record_id };
  // Brought over before runs were remembered: below a million, a webservice id was only ever vTiger's own.
  return Number(m[2]) < OWN_IDS_FROM ? fromWsId(db, vtId) : null;
}

/** Where Karta's own webservice ids began before they moved above any vTiger's (core migration 17). */
const OWN_IDS_FROM = 1_000_000;
