import { sql } from 'kysely';
import { can } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { recordRefs, type Refs } from '../../engine/records/refs.js';

/** The records the caller changed last (from the audit log), still live and readable, newest first. */
export async function recentRecords(ctx: RequestContext, limit = 10) {
  const r = await sql<{ module: string; record_id: string; at: Date }>`
    select module, record_id, max(at) as at from (
      select module, record_id, at from audit_log where user_id = ${ctx.user.id} order by id desc limit 200) a
    group by module, record_id order by max(at) desc limit ${limit * 3}`.execute(ctx.db);
  const byModule = new Map<string, string[]>();
  // Only modules the caller may view (their writes touch others: a sale's stock, a merge's references).
  for (const row of r.rows) {
    if (!ctx.registry.has(row.module) || row.module === 'comments' || !can(ctx, row.module, 'view')) continue;
    (byModule.get(row.module) ?? byModule.set(row.module, []).get(row.module)!).push(row.record_id);
  }
  const found: Refs = {};
  await Promise.all([...byModule].map(async ([mod, ids]) => Object.assign(found, await recordRefs(ctx, mod, ids, { live: true }))));
  return r.rows.flatMap((row) => (found[row.record_id] ? [{ ...found[row.record_id], id: row.record_id, at: row.at }] : [])).slice(0, limit);
}
