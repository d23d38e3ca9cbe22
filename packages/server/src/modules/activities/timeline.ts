import { sql, type RawBuilder } from 'kysely';
import { auditViewer, withoutHiddenFields } from '../../engine/access/field-view.js';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import { recordLabel } from '../../engine/records/serialize.js';
import { singular } from '../../engine/schema/module-tables.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { ACTIVITY_TARGETS } from '../common.js';

export interface TimelineItem {
  kind: string; id: string; at: string; user_id: string | null; title: string | null; detail: unknown;
  /** The record it happened on, when that is not the one asked for (a contact of the account). */
  about: { module: string; id: string; label: string } | null;
}

export const TIMELINE_KINDS = ['comment', 'event', 'task', 'email', 'sms', 'document', 'change', 'stage', 'workflow', 'invitation'] as const;
/** Related records rolled up into a timeline, at most, per module (the newest first). */
const ROLLUP_LIMIT = 500;

interface Query { before?: string; limit?: string; kinds?: string; include?: string }

/**
 * Everything that happened around a record, newest first: comments, events, tasks, e-mails and documents about it
 * (those the caller may see), its field changes and, for deals, its stage changes — and, for a module that rolls up
 * others (an account: its contacts, deals, tickets), their activity too, each item naming what it was about.
 * `kinds` narrows to some kinds, `include=self` leaves the rolled-up records out. One UNION ALL, paged by time.
 */
export async function timeline(ctx: RequestContext, module: string, id: string, q: Query): Promise<{ data: TimelineItem[]; next_before: string | null }> {
  await getRecord(ctx, module, id);
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new AppError('VALIDATION_FAILED', 'limit must be 1 to 200', { limit: 'must be 1 to 200' });
  const cursor = readBefore(q.before);
  const kinds = q.kinds ? [q.kinds].flat().join(',').split(',').map((k) => k.trim()).filter(Boolean) : [...TIMELINE_KINDS];
  if (kinds.some((k) => !(TIMELINE_KINDS as readonly string[]).includes(k))) {
    throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { kinds: msg('must be one of {values}', { values: TIMELINE_KINDS.join(', ') }) });
  }
  if (q.include !== undefined && q.include !== 'self' && q.include !== 'all') {
    throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { include: msg('must be one of {values}', { values: 'self, all' }) });
  }
  const about = await rolledUp(ctx, module, id, q.include === 'self');
  const ids = [id, ...about.keys()];
  const branches: RawBuilder<unknown>[] = [];
  // A title or detail field the caller's field rules hide is left out (null), as on the record itself. An item is
  // found only through link fields the caller sees (a hidden `related_to` would tell what it points at), and placed
  // at its creation when its own time (an event's start) is hidden.
  const add = (m: string, kind: string, at: string, title: string, detail: Record<string, string>, via: string[] | { link: RawBuilder<unknown>; on: RawBuilder<unknown> } = ['related_to']) => {
    if (!kinds.includes(kind) || !ctx.registry.has(m) || !can(ctx, m, 'view')) return;
    const shown = (field: string) => Object.keys(withoutHiddenFields(ctx.registry, m, { [field]: true })).length > 0;
    const fields = Array.isArray(via) ? via.filter(shown) : [];
    if (Array.isArray(via) && !fields.length) return;
    const link = Array.isArray(via) ? sql`(${sql.join(fields.map((f) => sql`${sql.ref(`t.${f}`)} = any(${ids}::uuid[])`), sql` or `)})` : via.link;
    const on = Array.isArray(via) ? sql`coalesce(${sql.join(fields.map((f) => sql.ref(`t.${f}`)))})` : via.on;
    const vis = visibilityPredicate(ctx, m, 'read');
    const pairs = Object.entries(detail).filter(([, field]) => shown(field)).map(([key, field]) => sql`${key}::text, ${sql.ref(`t.${field}`)}`);
    branches.push(sql`select ${kind}::text as kind, t.id::text as id, ${sql.ref(`t.${shown(at) ? at : 'created_at'}`)}::timestamptz as at, t.created_by as user_id,
      ${shown(title) ? sql`${sql.ref(`t.${title}`)}::text` : sql`null::text`} as title, jsonb_build_object(${sql.join(pairs)}) as detail, ${on}::text as on_id
      from ${sql.table(m)} t where t.deleted_at is null and ${link} ${vis ? sql`and ${vis}` : sql``}`);
  };
  add('comments', 'comment', 'created_at', 'body', { parent_id: 'parent_id' });
  add('events', 'event', 'start_at', 'subject', { status: 'status', event_type: 'event_type', end_at: 'end_at' });
  add('tasks', 'task', 'created_at', 'subject', { status: 'status', due_date: 'due_date' });
  add('emails', 'email', 'created_at', 'subject', { to: 'to_addresses', status: 'status' }, ['related_to', 'contact_id', 'account_id']);
  // Documents linked to the record or to a rolled-up one (each module has its own link table).
  for (const target of [module, ...new Set([...about.values()].map((a) => a.module))]) {
    if (!ACTIVITY_TARGETS.includes(target)) continue;
    const s = singular(target);
    add('documents', 'document', 'created_at', 'title', { file_id: 'file_id', url: 'url', folder: 'folder' }, {
      link: sql`exists (select 1 from ${sql.table(`${s}_documents`)} l where l.document_id = t.id and ${sql.ref(`l.${s}_id`)} = any(${ids}::uuid[]))`,
      on: sql`(select ${sql.ref(`l.${s}_id`)} from ${sql.table(`${s}_documents`)} l where l.document_id = t.id and ${sql.ref(`l.${s}_id`)} = any(${ids}::uuid[]) limit 1)`,
    });
  }
  // SMS sent about the record or a rolled-up one: they live on it, so whoever sees it sees them (as GET /sms does).
  if (kinds.includes('sms')) {
    branches.push(sql`select 'sms'::text as kind, s.id::text as id, s.created_at as at, s.user_id, s.text as title,
        jsonb_build_object('to', s.to_number, 'state', s.state, 'error', s.error) as detail, s.record_id::text as on_id
      from sms_messages s where s.record_id = any(${ids}::uuid[])`);
  }
  if (kinds.includes('change')) branches.push(sql`select 'change'::text as kind, a.id::text as id, a.at, a.user_id, a.action::text as title, a.changes as detail, a.record_id::text as on_id from audit_log a where a.record_id = ${id}`);
  if (module === 'deals' && kinds.includes('stage')) {
    branches.push(sql`select 'stage'::text as kind, h.id::text as id, h.entered_at as at, h.user_id, h.stage as title, jsonb_build_object('status', h.status, 'left_at', h.left_at) as detail, h.deal_id::text as on_id
      from deal_stage_history h where h.deal_id = ${id}`);
  }
  // Workflow runs on the record: which workflow, how it went (the record's readers see that automation acted on it).
  if (kinds.includes('workflow') && ctx.registry.has('workflows')) {
    branches.push(sql`select 'workflow'::text as kind, r.id::text as id, r.started_at as at, null::uuid as user_id, w.name as title, jsonb_build_object('status', r.status, 'workflow_id', r.workflow_id, 'error', r.error) as detail, r.record_id::text as on_id
      from workflow_runs r join workflows w on w.id = r.workflow_id where r.record_id = ${id}`);
  }
  // Invitations the record (a contact, lead or account) received to surveys and marketing events, and how they answered.
  if (kinds.includes('invitation') && ctx.registry.has('surveys') && ctx.registry.has('marketing_events')) {
    const parents = (['surveys', 'marketing_events'] as const).filter((m) => can(ctx, m, 'view'));
    if (parents.length) {
      const seen = (m: 'surveys' | 'marketing_events', alias: string) => (parents.includes(m) ? visibilityPredicate(ctx, m, 'read', alias) ?? sql`true` : sql`false`);
      branches.push(sql`select 'invitation'::text as kind, i.id::text as id, coalesce(i.responded_at, i.sent_at, i.created_at) as at, i.created_by as user_id,
          coalesce(s.name, e.name) as title, jsonb_build_object('kind', i.kind, 'status', i.status, 'parent_id', i.parent_id) as detail, i.record_id::text as on_id
        from invitations i left join surveys s on i.kind = 'survey' and s.id = i.parent_id and s.deleted_at is null
          left join marketing_events e on i.kind = 'event' and e.id = i.parent_id and e.deleted_at is null
        where i.record_id = ${id} and ((s.id is not null and ${seen('surveys', 's')}) or (e.id is not null and ${seen('marketing_events', 'e')}))`);
    }
  }
  if (!branches.length) return { data: [], next_before: null };
  // Paged by (time, kind, id): items written in one transaction share their time, and a page may end among them.
  const after = !cursor ? sql`true` : cursor.kind === undefined ? sql`x.at < ${cursor.at}::timestamptz`
    : sql`(x.at, x.kind collate "C", x.id collate "C") < (${cursor.at}::timestamptz, ${cursor.kind}::text collate "C", ${cursor.id}::text collate "C")`;
  const r = await sql<Omit<TimelineItem, 'about'> & { on_id: string | null; cursor_at: string }>`select *,
      to_char(x.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at from (${sql.join(branches, sql` union all `)}) x
    where ${after} order by x.at desc, x.kind collate "C" desc, x.id collate "C" desc limit ${limit + 1}`.execute(ctx.db);
  const page = r.rows.slice(0, limit);
  const shown = await auditViewer(ctx, module);
  const last = page.at(-1);
  const rows = page.flatMap(({ on_id, cursor_at: _c, ...x }) => {
    const item = { ...x, at: new Date(x.at).toISOString(), about: on_id && on_id !== id ? about.get(on_id) ?? null : null };
    if (x.kind !== 'change' || !x.detail) return [item];
    // A change of only hidden fields is not shown at all, as in the record's history.
    const changes = x.detail as Record<string, unknown>;
    const detail = shown(changes);
    // (Nor is an edit whose fields are all gone: a purged field's. A delete or a restore says nothing more anyway.)
    return (Object.keys(changes).length || x.title === 'update') && !Object.keys(detail).length ? [] : [{ ...item, detail }];
  });
  return { data: rows, next_before: r.rows.length > limit && last ? `${last.cursor_at}|${last.kind}|${last.id}` : null };
}

/**
 * `before`: the `next_before` of the previous page (`<time to the microsecond>|<kind>|<id>`: the last item shown), or
 * a date-time (everything strictly earlier).
 */
function readBefore(before: string | undefined): { at: string; kind?: string; id?: string } | null {
  if (before === undefined) return null;
  const [at, kind, id, ...rest] = String(before).split('|');
  const bad = Number.isNaN(Date.parse(at)) || rest.length > 0 || (kind !== undefined && (!(TIMELINE_KINDS as readonly string[]).includes(kind) || !id || id.length > 64));
  if (bad) throw new AppError('VALIDATION_FAILED', 'before must be a date-time', { before: 'must be a date-time' });
  return kind === undefined ? { at } : { at, kind, id };
}

/** The records a module rolls up (an account's contacts, deals, tickets) that the caller may see, by id. */
async function rolledUp(ctx: RequestContext, module: string, id: string, selfOnly: boolean): Promise<Map<string, { module: string; id: string; label: string }>> {
  const out = new Map<string, { module: string; id: string; label: string }>();
  const rollup = ctx.registry.module(module).timelineRollup ?? [];
  if (selfOnly) return out;
  for (const { module: m, field } of rollup) {
    if (!ctx.registry.has(m) || !can(ctx, m, 'view')) continue;
    const target = ctx.registry.module(m);
    if (!target.fieldMap.has(field)) continue; // rolled up through a field the caller's rules hide: not theirs to follow
    const vis = visibilityPredicate(ctx, m, 'read');
    const r = await sql<Record<string, unknown>>`select t.id, ${sql.join(target.titleFields.map((f) => sql.ref(`t.${f}`)))}, t.number from ${sql.table(m)} t
      where ${sql.ref(`t.${field}`)} = ${id} and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}
      order by t.updated_at desc limit ${ROLLUP_LIMIT}`.execute(ctx.db);
    for (const row of r.rows) out.set(row.id as string, { module: m, id: row.id as string, label: recordLabel(target, row) || String(row.number) });
  }
  return out;
}
