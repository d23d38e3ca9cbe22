import { isUuid } from '@karta/shared';
import { sql } from 'kysely';
import type { RequestContext } from '../context.js';
import { can, visibilityPredicate } from './permissions.js';

/**
 * Of `refs` (module + record id), those the caller may read now — one query per module. Things kept beside a record
 * (notifications, reminders) show its label only while this holds.
 */
export async function readableRefs(ctx: RequestContext, refs: { module: string | null; id: string | null }[]): Promise<Set<string>> {
  const byModule = new Map<string, Set<string>>();
  for (const r of refs) {
    if (!r.module || !r.id || !isUuid(r.id) || !ctx.registry.has(r.module) || !can(ctx, r.module, 'view')) continue;
    if (!byModule.has(r.module)) byModule.set(r.module, new Set());
    byModule.get(r.module)!.add(r.id);
  }
  const out = new Set<string>();
  await Promise.all([...byModule].map(async ([module, ids]) => {
    const vis = visibilityPredicate(ctx, module, 'read');
    const r = await sql<{ id: string }>`select t.id from ${sql.table(module)} t
      where t.id = any(${[...ids]}::uuid[]) and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db);
    for (const row of r.rows) out.add(`${module}:${row.id}`);
  }));
  return out;
}
