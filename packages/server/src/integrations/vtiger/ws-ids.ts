import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';
import { GROUPS_TYPE, USERS_TYPE, vtModuleByType, vtModuleOf } from './vtiger-map.js';

/**
 * vTiger ids are `<type>x<number>`; Karta's are UUIDs. Each record gets a number the first time the webservice
 * names it, kept for good (a migrated record keeps its vTiger number), so an integration's stored ids work.
 */
export async function wsIds(db: Tx, module: string, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return out;
  const type = typeOf(module);
  if (type === null) return out;
  await sql`insert into ws_ids (module, n, record_id) select ${module}, nextval('ws_id_seq'), x
    from unnest(${unique}::uuid[]) as x where not exists (select 1 from ws_ids w where w.record_id = x)
    on conflict do nothing`.execute(db);
  const r = await sql<{ record_id: string; n: string }>`select record_id, min(n)::text as n from ws_ids
    where record_id = any(${unique}::uuid[]) group by record_id`.execute(db);
  for (const row of r.rows) out.set(row.record_id, `${type}x${row.n}`);
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

/** Keeps a vTiger record's own number for its Karta copy (migration), so `11x123` still names it. */
export async function adoptWsId(db: Tx, module: string, n: number, recordId: string): Promise<void> {
  await sql`insert into ws_ids (module, n, record_id) values (${module}, ${n}, ${recordId}) on conflict do nothing`.execute(db);
}

/** The Karta record a migrated vTiger id became, if any. */
export async function recordOfWsNumber(db: Tx, module: string, n: number): Promise<string | null> {
  const r = await sql<{ record_id: string }>`select record_id from ws_ids where module = ${module} and n = ${n}`.execute(db);
  return r.rows[0]?.record_id ?? null;
}
