/**
 * Marketing events at work: partners and the task plan checked on save (an empty plan takes its type's); `…/actions/
 * create_tasks` turns the plan into tasks on the event (once per subject); `…/actions/invite` invites contacts, leads
 * or accounts (by ids, or the event's customer segment) with an RSVP link; participants' attendance; the results.
 */
import { sql } from 'kysely';
import { isUuid, type Lang } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import type { ActionHandler, ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { createRecord } from '../../engine/records/create.js';
import { getRecord } from '../../engine/records/get.js';
import { lockForWrite, runWrite } from '../../engine/records/write-helpers.js';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { Tx } from '../../platform/db.js';
import { checkAudience } from './mailing-audience.js';
import { invite, type Composer } from './invitations.js';
import { checkPartners, checkPlan, defaultPlan, invalidEvent, planDate, type PlanItem } from './event-plan.js';
import { escapeHtml } from './web-form-page.js';

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = change.values;
  if ('partners' in v) {
    const partners = checkPartners(v.partners, isUuid);
    for (const [i, p] of (partners ?? []).entries()) {
      const vis = visibilityPredicate(ctx, 'accounts', 'read', 'a') ?? sql`true`;
      const found = await sql`select 1 from accounts a where a.id = ${p.account_id} and a.deleted_at is null and ${vis}`.execute(ctx.db);
      if (!found.rows.length) throw invalidEvent(`partners[${i}].account_id`, 'names no record');
    }
    v.partners = partners;
  }
  if ('task_plan' in v) v.task_plan = checkPlan(v.task_plan);
  const plan = v.task_plan !== undefined ? v.task_plan : change.before?.task_plan;
  if (change.action === 'create' && (!Array.isArray(plan) || !plan.length)) v.task_plan = defaultPlan(String(v.event_type ?? 'seminar'), ctx.lang);
}

/** Creates the plan's tasks on the event, due relative to its start, for its responsible; a subject already there is skipped. */
/** The event, for a change on it: the right to edit events and this one writable by the caller (locked). */
async function editable(ctx: RequestContext, id: string): Promise<Record<string, unknown>> {
  requirePermission(ctx, 'marketing_events', 'edit');
  await lockForWrite(ctx, ctx.registry.module('marketing_events'), id);
  return (await getRecord(ctx, 'marketing_events', id)).data;
}

const createTasks: ActionHandler = async (ctx, id) => runWrite(ctx, async (tctx) => {
  const event = await editable(tctx, id);
  const plan = (Array.isArray(event.task_plan) ? event.task_plan : []) as PlanItem[];
  const had = new Set((await sql<{ subject: string }>`select subject from tasks where related_to = ${id} and deleted_at is null`.execute(tctx.db)).rows.map((r) => r.subject));
  const created: string[] = [];
  for (const item of plan) {
    if (had.has(item.subject)) continue;
    const task = await createRecord(tctx, 'tasks', { subject: item.subject, due_date: planDate(String(event.start_date), item.offset_days), related_to: id, assigned_to: event.assigned_to });
    created.push(String(task.id));
    had.add(item.subject);
  }
  return { body: { data: { created: created.length, ids: created } } };
});

/** `{"ids":[…]}` (or `contact_ids`), `{"segment_id"}`, or nothing: the event's customer segment. */
const inviteAction: ActionHandler = async (ctx, id, body) => runWrite(ctx, async (tctx) => {
  const event = await editable(tctx, id);
  const b = (body ?? {}) as Record<string, unknown>;
  const ids = b.ids ?? b.contact_ids;
  const segment = b.segment_id ?? (ids === undefined ? event.target_segment_id : undefined);
  if (!ids && !segment) throw invalidEvent('segment_id', 'name the records to invite or give the event a customer segment');
  const audience = checkAudience(segment ? { segment_id: segment } : { ids });
  const channel = b.channel === 'sms' ? 'sms' : 'email';
  return { body: { data: await invite(tctx, 'event', id, audience, { language: tctx.lang, expiresAt: null, channel }) } };
});

export const marketingEventBehaviour: ModuleBehaviour = { beforeWrite, actions: { create_tasks: createTasks, invite: inviteAction } };

const INVITE: Record<Lang, { subject: string; when: string; where: string; yes: string; no: string }> = {
  en: { subject: 'Invitation: {name}', when: 'When', where: 'Where', yes: 'I will come', no: 'I cannot come' },
  ru: { subject: 'Приглашение: {name}', when: 'Когда', where: 'Где', yes: 'Приду', no: 'Не смогу' },
  uk: { subject: 'Запрошення: {name}', when: 'Коли', where: 'Де', yes: 'Прийду', no: 'Не зможу' },
  zh: { subject: '邀请：{name}', when: '时间', where: '地点', yes: '我会参加', no: '我无法参加' },
};
export const RSVP_WORDS = INVITE;

export interface EventInfo { name: string; start_date: string; end_date: string | null; place: string | null; online_url: string | null; description: string | null }

export async function readEvent(db: Tx, id: string): Promise<EventInfo | null> {
  return (await sql<EventInfo>`select name, start_date::text, end_date::text, place, online_url, description from marketing_events where id = ${id} and deleted_at is null`.execute(db)).rows[0] ?? null;
}

export const eventComposer: Composer = async (db, id, lang, link, company) => {
  const e = await readEvent(db, id);
  if (!e) return null;
  const w = INVITE[lang];
  const when = e.end_date && e.end_date !== e.start_date ? `${e.start_date} — ${e.end_date}` : e.start_date;
  const where = e.place || e.online_url || '';
  const lines = [`${w.when}: ${when}`, ...(where ? [`${w.where}: ${where}`] : [])];
  return {
    subject: `${w.subject.replace('{name}', e.name)} — ${company}`,
    html: `<p>${lines.map(escapeHtml).join('<br>')}</p>${e.description ? `<p>${escapeHtml(e.description).replace(/\n/g, '<br>')}</p>` : ''}
<p><a href="${escapeHtml(link)}?answer=yes">${w.yes}</a> · <a href="${escapeHtml(link)}?answer=no">${w.no}</a></p>`,
    text: `${lines.join('\n')}\n\n${e.description ?? ''}\n\n${w.yes}: ${link}?answer=yes\n${w.no}: ${link}?answer=no`,
    sms: `${w.subject.replace('{name}', e.name)}, ${when}${where ? `, ${where}` : ''}. ${link}`,
  };
};
