import { sql } from 'kysely';
import type { RequestContext } from '../context.js';
import { requirePermission } from '../access/permissions.js';
import { findVisibleRow } from './get.js';
import { auditViewer } from '../access/field-view.js';

export interface HistoryEntry {
  at: string;
  user: { id: string; label: string } | null;
  action: string;
  changes: Record<string, [unknown, unknown]>;
}

/** Who changed what, newest first — only for records the caller can see. */
export async function recordHistory(ctx: RequestContext, moduleName: string, id: string, limit = 200): Promise<HistoryEntry[]> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'view');
  await findVisibleRow(ctx, m, id, ['id']);
  const r = await sql<{ at: Date; user_id: string | null; label: string | null; action: string; changes: Record<string, [unknown, unknown]> }>`
    select a.at, a.user_id, a.action, a.changes,
      coalesce(nullif(trim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')), ''), u.username) as label
    from audit_log a left join users u on u.id = a.user_id
    where a.record_id = ${id} and a.module = ${m.name} order by a.id desc limit ${limit}`.execute(ctx.db);
  // A change of only hidden fields is not shown at all (that something changed there is itself a disclosure).
  const shown = await auditViewer(ctx, m.name);
  return r.rows.flatMap((row) => {
    const changes = shown(row.changes) as Record<string, [unknown, unknown]>;
    // (Nor is a change whose fields are all gone: a purged field's edits.)
    if ((Object.keys(row.changes).length || row.action === 'update') && !Object.keys(changes).length) return [];
    return [{ at: new Date(row.at).toISOString(), user: row.user_id ? { id: row.user_id, label: row.label ?? '' } : null, action: row.action, changes }];
  });
}
