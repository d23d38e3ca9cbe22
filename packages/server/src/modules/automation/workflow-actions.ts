/**
 * What a workflow does. Record changes (tasks, events, updates, new records, in-app notifications) happen in the
 * run's transaction through the record pipeline, as the workflow's owner; outside effects (e-mail, webhook, SMS)
 * are queued as jobs keyed by run and action, so each happens once even when the run is retried.
 */
import { sql, type RawBuilder } from 'kysely';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { createRecord, type CreateOptions } from '../../engine/records/create.js';
import { getRecord } from '../../engine/records/get.js';
import { updateRecord } from '../../engine/records/update.js';
import { recordLabel, type RecordJson } from '../../engine/records/serialize.js';
import { contextInTransaction, readsThrough } from '../../engine/system-context.js';
import { enqueue } from '../../platform/jobs.js';
import { perTransaction, type Tx } from '../../platform/db.js';
import { notify } from '../activities/notifications.js';
import { queueDelivery, withoutSecrets } from './webhooks.js';
import { daysFrom, resolveValue, type Action } from './workflow-definition.js';

export interface ActionScope {
  app: AppContext;
  trx: Tx;
  /** The workflow owner's context, one automated step deeper. */
  ctx: RequestContext;
  module: string;
  record: RecordJson;
  workflowId: string;
  /** Unique per run and action: the key of queued effects. */
  key: string;
  runId: number;
  now: Date;
  /** The clock "today" is read on: the run's (a schedule's: the company's), else the owner's. */
  zone: string;
  /** Records the workflows of this change may still make (a change's runs share it); none for a scheduled run. */
  allowance?: { left: number; of: number };
}

/**
 * Makes a record within the change's allowance, or stops the action (a fan-out of workflows making records). Only a
 * record made counts: an action that fails (and is rolled back) leaves the allowance to the others.
 */
async function withinAllowance<T>(s: ActionScope, make: () => Promise<T>): Promise<T> {
  if (s.allowance && s.allowance.left <= 0) throw new Error(`stopped: the workflows of one change may make ${s.allowance.of} records at this depth, and have`);
  const made = await make();
  if (s.allowance) s.allowance.left -= 1;
  return made;
}

/** The head of a user: an active user in the parent role of theirs (the first by name). */
async function headOf(trx: Tx, userId: string): Promise<string | null> {
  const r = await sql<{ id: string }>`select h.id from users u join roles r on r.id = u.role_id join users h on h.role_id = r.parent_id and h.active
    where u.id = ${userId} order by h.username limit 1`.execute(trx);
  return r.rows[0]?.id ?? null;
}

/** Per transaction (a batch of events), whether a user is active. */
const activeUser = perTransaction<boolean>();

/** Users a person spec names: owner, manager, a user id, `role:<id>`, `group:<id>` (owners that are groups: their members). */
export async function people(trx: Tx, spec: string, record: RecordJson): Promise<string[]> {
  const owner = typeof record.assigned_to === 'string' ? record.assigned_to : null;
  const members = async (groupId: string) => (await sql<{ id: string }>`select user_id as id from group_members m join users u on u.id = m.user_id and u.active where group_id = ${groupId}`.execute(trx)).rows.map((r) => r.id);
  const isUser = (id: string) => activeUser(trx, id, async () => (await sql`select 1 from users where id = ${id} and active`.execute(trx)).rows.length > 0);
  if (spec === 'owner') return owner ? ((await isUser(owner)) ? [owner] : members(owner)) : [];
  if (spec === 'manager') {
    const head = owner && (await isUser(owner)) ? await headOf(trx, owner) : null;
    return head ? [head] : [];
  }
  if (spec.startsWith('role:')) return (await sql<{ id: string }>`select id from users where role_id = ${spec.slice(5)} and active order by username limit 100`.execute(trx)).rows.map((r) => r.id);
  if (spec.startsWith('group:')) return members(spec.slice(6));
  return (await isUser(spec)) ? [spec] : [];
}

/** Who a new task or event is assigned to: the one person named (a group stays a group owner). */
async function assignee(s: ActionScope, spec: unknown): Promise<string | undefined> {
  if (typeof spec !== 'string' || spec === 'owner') return typeof s.record.assigned_to === 'string' ? s.record.assigned_to : undefined;
  if (spec.startsWith('group:')) return spec.slice(6);
  return (await people(s.trx, spec, s.record))[0] ?? (typeof s.record.assigned_to === 'string' ? s.record.assigned_to : undefined);
}

/** Reads `field` or `reference.field` of the record (for `{"copy": …}`), with the owner's visibility. */
async function readPath(s: ActionScope, path: string): Promise<unknown> {
  const [first, rest] = path.split('.', 2);
  const v = s.record[first];
  if (!rest) return v ?? null;
  const f = s.ctx.registry.module(s.module).fieldMap.get(first);
  if (!f || f.type !== 'reference' || typeof v !== 'string') return null;
  for (const target of [f.reference ?? []].flat()) {
    try {
      return (await getRecord(s.ctx, target, v)).data[rest] ?? null;
    } catch { /* not this module, or not visible */ }
  }
  return null;
}

async function values(s: ActionScope, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = await resolveValue(v, s.now, s.zone, (p) => readPath(s, p));
  return out;
}

/** A reference to the record when the target's `related_to` may point at this module (and that module, for the check). */
function relatedTo(s: ActionScope, target: string): { link: Record<string, unknown>; opts: CreateOptions } {
  const f = s.ctx.registry.module(target).fieldMap.get('related_to');
  return f && [f.reference ?? []].flat().includes(s.module)
    ? { link: { related_to: s.record.id }, opts: { systemValues: { related_to_module: s.module } } } : { link: {}, opts: {} };
}

type Result = Record<string, unknown>;

const RUNNERS: Record<Action['type'], (s: ActionScope, a: Action) => Promise<Result>> = {
  async create_task(s, a) {
    const { link, opts } = relatedTo(s, 'tasks');
    const assigned = await assignee(s, a.assigned_to);
    const task = await withinAllowance(s, () => createRecord(s.ctx, 'tasks', {
      subject: a.subject, due_date: daysFrom(s.now, Number(a.due_in_days ?? 0), s.zone), assigned_to: assigned,
      ...(typeof a.description === 'string' ? { description: a.description } : {}), ...link,
    }, opts));
    return { task_id: task.id };
  },
  async create_event(s, a) {
    const start = new Date(s.now.getTime() + (Number(a.start_in_days ?? 0) * 24 + Number(a.start_in_hours ?? 0)) * 3_600_000);
    const end = new Date(start.getTime() + Number(a.duration_minutes ?? 60) * 60_000);
    const { link, opts } = relatedTo(s, 'events');
    const assigned = await assignee(s, a.assigned_to);
    const event = await withinAllowance(s, () => createRecord(s.ctx, 'events', {
      subject: a.subject, start_at: start.toISOString(), end_at: end.toISOString(), assigned_to: assigned, ...link,
    }, opts));
    return { event_id: event.id };
  },
  async update_fields(s, a) {
    const v = await values(s, a.values as Record<string, unknown>);
    await updateRecord(s.ctx, s.module, String(s.record.id), v);
    return { fields: Object.keys(v) };
  },
  async create_record(s, a) {
    const target = String(a.module);
    const v = await values(s, a.values as Record<string, unknown>);
    if (typeof a.link_field === 'string') v[a.link_field] = s.record.id;
    const rec = await withinAllowance(s, () => createRecord(s.ctx, target, v));
    return { module: target, id: rec.id };
  },
  async notify(s, a) {
    const ids = new Set<string>();
    for (const spec of a.users as string[]) for (const id of await people(s.trx, spec, s.record)) ids.add(id);
    const told: string[] = [];
    for (const userId of ids) {
      // Only people who may read the record hear of it (checked in the notification's own statement).
      const reader = await userContext(s.app, s.trx, userId);
      const visible = readable(reader, s.module, String(s.record.id));
      if (!visible) continue;
      const notice = { userId, kind: 'workflow', module: s.module, recordId: String(s.record.id), label: recordLabel(reader.registry.module(s.module), s.record) || String(s.record.number ?? ''), message: String(a.message) };
      if (await notify(s.trx, notice, { onlyIf: visible, ctx: s.ctx })) told.push(userId);
    }
    return { users: told };
  },
  async send_email(s, a) {
    // The run's clock goes with it: a scheduled run's {{today}} is the company's, as its today_plus_days is.
    await enqueue(s.trx, { kind: 'workflow_email', key: `${s.key}`, ifAbsent: true, runAt: new Date(), payload: { ...a, module: s.module, id: s.record.id, owner: s.ctx.user.id, run: s.runId, depth: s.ctx.automationDepth ?? 1, zone: s.zone } });
    return { queued: true };
  },
  async webhook(s, a) {
    await queueDelivery(s.trx, { webhookId: null, url: String(a.url), event: `workflow.${s.workflowId}`, runId: s.runId, payload: { event: 'workflow', workflow_id: s.workflowId, module: s.module, id: s.record.id, data: withoutSecrets(s.module, s.record) } });
    return { queued: true };
  },
  async sms(s, a) {
    await enqueue(s.trx, { kind: 'workflow_sms', key: `${s.key}`, ifAbsent: true, runAt: new Date(), payload: { ...a, module: s.module, id: s.record.id, owner: s.ctx.user.id, depth: s.ctx.automationDepth ?? 1 } });
    return { queued: true };
  },
};

export function runAction(s: ActionScope, a: Action): Promise<Result> {
  return RUNNERS[a.type](s, a);
}

/** Per job transaction, the users' contexts already loaded (several workflows of one owner, a batch of events). */
const users = perTransaction<RequestContext>();

/** A user's context in the job's transaction, loaded once per transaction. */
function userContext(app: AppContext, trx: Tx, userId: string): Promise<RequestContext> {
  return users(trx, userId, async () => {
    const loaded = await contextInTransaction(app, trx, userId);
    // Messages and e-mails of the owner's automation speak the owner's language.
    return { ...loaded, lang: loaded.user.language };
  });
}

/** SQL that holds when the reader may read the record (null: they may not view the module at all). */
function readable(reader: RequestContext, module: string, id: string): RawBuilder<unknown> | null {
  if (!can(reader, module, 'view')) return null;
  const vis = visibilityPredicate(reader, module, 'read');
  return sql`exists (select 1 from ${sql.table(module)} t where t.id = ${id} and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``})`;
}

/**
 * Whether a user may read the record: what a workflow tells people about a record goes only to its readers. As
 * `readableBy`, but in the job's own transaction (on PGlite a query beside it would wait for it).
 */
export function readsRecord(app: AppContext, trx: Tx, userId: string, module: string, id: string): Promise<boolean> {
  return readsThrough(() => userContext(app, trx, userId), module, id);
}

/** The contexts actions run in: the workflow's owner, one automated step deeper. */
export async function ownerContext(app: AppContext, trx: Tx, ownerId: string, depth: number): Promise<RequestContext> {
  // Each run collects the events its own writes raise.
  return { ...(await userContext(app, trx, ownerId)), pendingEvents: [], automationDepth: depth + 1 };
}
