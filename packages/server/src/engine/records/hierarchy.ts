import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import type { RequestContext } from '../context.js';
import { requirePermission, visibilityPredicate } from '../access/permissions.js';
import { findVisibleRow } from './get.js';
import { recordLabel } from './serialize.js';

export interface HierarchyNode { id: string; parent_id: string | null; number: string; label: string; depth: number }

const MAX_DEPTH = 12;
const MAX_NODES = 500;

/**
 * The tree a record stands in through its `parent_id` (an account's parents and subsidiaries): from the topmost
 * ancestor the caller may see, down through records the caller may see (an invisible one ends its branch, so it is
 * never revealed), at most 12 levels and 500 records.
 */
export async function hierarchy(ctx: RequestContext, moduleName: string, id: string): Promise<{ root: string; nodes: HierarchyNode[]; truncated: boolean }> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'view');
  const parent = m.fieldMap.get('parent_id');
  if (!parent || parent.type !== 'reference' || !parent.reference?.includes(m.name)) throw new AppError('NOT_FOUND', msg('No relation "{name}" on {module}', { name: 'hierarchy', module: m.name }));
  await findVisibleRow(ctx, m, id, ['id']);
  const vis = visibilityPredicate(ctx, m.name, 'read');
  const table = sql.table(m.name);
  const up = await sql<{ id: string }>`with recursive up(id, parent_id, depth) as (
      select t.id, t.parent_id, 0 from ${table} t where t.id = ${id}
      union all select t.id, t.parent_id, up.depth + 1 from up join ${table} t on t.id = up.parent_id
        where up.depth < ${MAX_DEPTH} and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``})
    select id from up order by depth desc limit 1`.execute(ctx.db);
  const root = up.rows[0]?.id ?? id;
  const titles = sql.join(m.titleFields.map((f) => sql.ref(`t.${f}`)));
  const down = await sql<Record<string, unknown>>`with recursive down(id, depth) as (
      select ${root}::uuid, 0
      union all select t.id, down.depth + 1 from down join ${table} t on t.parent_id = down.id
        where down.depth < ${MAX_DEPTH} and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``})
    select t.id, t.parent_id, t.number, ${titles}, d.depth from (select * from down limit ${MAX_NODES + 1}) d join ${table} t on t.id = d.id
    order by d.depth, t.id`.execute(ctx.db);
  const nodes = down.rows.slice(0, MAX_NODES).map((r) => ({
    id: r.id as string, parent_id: r.id === root ? null : (r.parent_id as string | null), number: r.number as string,
    label: recordLabel(m, r) || String(r.number), depth: Number(r.depth),
  }));
  return { root, nodes, truncated: down.rows.length > MAX_NODES };
}
