import { sql, type RawBuilder } from 'kysely';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import { singular } from '../../engine/schema/module-tables.js';
import { AppError } from '../../platform/errors.js';
import { ACTIVITY_TARGETS } from '../common.js';

export interface TimelineItem { kind: string; id: string; at: string; user_id: string | null; title: string | null; detail: unknown }

/**
 * Everything that happened around a record, newest first: comments, events, tasks, e-mails and documents about it
 * (those the caller may see), its field changes and, for deals, its stage changes — one UNION ALL,
 * paged by time (`before` = the `at` of the last item shown).
 */
export async function timeline(ctx: RequestContext, module: string, id: string, q: { before?: string; limit?: string }): Promise<{ data: TimelineItem[]; next_before: string | null }> {
  await getRecord(ctx, module, id);
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new AppError('VALIDATION_FAILED', 'limit must be 1 to 200', { limit: 'must be 1 to 200' });
  if (q.before !== undefined && Number.isNaN(Date.parse(q.before))) throw new AppError('VALIDATION_FAILED', 'before must be a date-time', { before: 'must be a date-time' });
  const before = q.before ?? '9999-12-31T00:00:00Z';
  const branches: RawBuilder<unknown>[] = [];
  const about = (m: string, kind: string, at: string, title: string, detail: RawBuilder<unknown>, link = sql`t.related_to = ${id}`) => {
    if (!ctx.registry.has(m) || !can(ctx, m, 'view')) return;
    const vis = visibilityPredicate(ctx, m, 'read');
    branches.push(sql`select ${kind}::text as kind, t.id::text as id, ${sql.ref(`t.${at}`)}::timestamptz as at, t.created_by as user_id,
      ${sql.ref(`t.${title}`)}::text as title, ${detail} as detail
      from ${sql.table(m)} t where t.deleted_at is null and ${link} ${vis ? sql`and ${vis}` : sql``}`);
  };
  about('comments', 'comment', 'created_at', 'body', sql`jsonb_build_object('parent_id', t.parent_id)`);
  about('events', 'event', 'start_at', 'subject', sql`jsonb_build_object('status', t.status, 'event_type', t.event_type, 'end_at', t.end_at)`);
  about('tasks', 'task', 'created_at', 'subject', sql`jsonb_build_object('status', t.status, 'due_date', t.due_date)`);
  about('emails', 'email', 'created_at', 'subject', sql`jsonb_build_object('to', t.to_addresses, 'status', t.status)`,
    sql`(t.related_to = ${id} or t.account_id = ${id} or t.contact_id = ${id})`);
  if (ACTIVITY_TARGETS.includes(module)) {
    const table = `${singular(module)}_documents`;
    about('documents', 'document', 'created_at', 'title', sql`jsonb_build_object('file_id', t.file_id, 'url', t.url, 'folder', t.folder)`,
      sql`exists (select 1 from ${sql.table(table)} l where l.document_id = t.id and ${sql.ref(`l.${singular(module)}_id`)} = ${id})`);
  }
  branches.push(sql`select 'change'::text, a.id::text, a.at, a.user_id, a.action::text, a.changes from audit_log a where a.record_id = ${id}`);
  if (module === 'deals') {
    branches.push(sql`select 'stage'::text, h.id::text, h.entered_at, h.user_id, h.stage, jsonb_build_object('status', h.status, 'left_at', h.left_at)
      from deal_stage_history h where h.deal_id = ${id}`);
  }
  const r = await sql<TimelineItem>`select * from (${sql.join(branches, sql` union all `)}) x
    where x.at < ${before}::timestamptz order by x.at desc, x.id desc limit ${limit + 1}`.execute(ctx.db);
  const rows = r.rows.slice(0, limit).map((x) => ({ ...x, at: new Date(x.at).toISOString() }));
  return { data: rows, next_before: r.rows.length > limit ? rows[rows.length - 1].at : null };
}
