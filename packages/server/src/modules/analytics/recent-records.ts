import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { recordLabel } from '../../engine/records/serialize.js';

/** The records the caller changed last (from the audit log), still live and readable, newest first. */
export async function recentRecords(ctx: RequestContext, limit = 10) {
  const r = await sql<{ module: string; record_id: string; at: Date }>`
    select module, record_id, max(at) as at from (
      select module, record_id, at from audit_log where user_id = ${ctx.user.id} order by id desc limit 200) a
    group by module, record_id order by max(at) desc limit ${limit * 3}`.execute(ctx.db);
  const byModule = new Map<string, string[]>();
  for (const row of r.rows) if (ctx.registry.has(row.module) && row.module !== 'comments') (byModule.get(row.module) ?? byModule.set(row.module, []).get(row.module)!).push(row.record_id);
  const found = new Map<string, { module: string; id: string; number: string; label: string }>();
  await Promise.all([...byModule].map(async ([mod, ids]) => {
    const m = ctx.registry.module(mod);
    const vis = visibilityPredicate(ctx, mod, 'read');
    const rows = await sql<Record<string, unknown>>`select t.id, t.number, ${sql.join(m.titleFields.map((f) => sql.ref(`t.${f}`)))} from ${sql.table(mod)} t
      where t.id = any(${ids}::uuid[]) and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db);
    for (const row of rows.rows) found.set(row.id as string, { module: mod, id: row.id as string, number: row.number as string, label: recordLabel(m, row) });
  }));
  return r.rows.map((row) => found.get(row.record_id) ? { ...found.get(row.record_id)!, at: row.at } : null).filter(Boolean).slice(0, limit);
}
