/**
 * Approval processes (Согласование). A record an active process's condition matches can be submitted; it is then
 * `pending` and locked (423) until each step's approvers have approved it, or one rejects it (editable again).
 * A process may say what needs the approval first: setting a field to some values (a quote "accepted") or
 * running actions (convert, send_email) — refused with 423 until the record's latest approval is approved.
 * Approvers and the submitter hear of each step in the app and by e-mail.
 */
import { uuidv7 } from 'uuidv7';
import { sql } from 'kysely';
import { PLAN_FIXED_HINT } from '../../platform/plan-fixed.js';
import { isUuid, whereFields, type Where } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import type { ActionHandler, ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { compileWhere } from '../../engine/query/filter-sql.js';
import { userTimeZone } from '../../platform/time-zone.js';
import { getRecord } from '../../engine/records/get.js';
import { can, requireAdmin } from '../../engine/access/permissions.js';
import { fullRegistry, registryFor } from '../../engine/access/field-view.js';
import { loadCurrentUser } from '../../engine/access/load-user.js';
import { labelFor } from '../../engine/access/label-for.js';
import { isEffect } from '../pricing/effects.js';
import { recordLabel } from '../../engine/records/serialize.js';
import { isVisible, runWrite, lockForWrite } from '../../engine/records/write-helpers.js';
import { AppError } from '../../platform/errors.js';
import { perTransaction } from '../../platform/db.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { notify } from '../activities/notifications.js';
import { checkModuleName } from './template-behaviour.js';
import { people } from './workflow-actions.js';

export const MAX_STEPS = 10;
/** A step's approver: `manager`, a user id or `role:<id>`. */
const isApprover = (a: unknown) => a === 'manager' || (typeof a === 'string' && isUuid(a.startsWith('role:') ? a.slice(5) : a));

interface Unlocks { field?: string; values?: unknown[]; actions?: string[] }
interface Process { id: string; name: string; module: string; where: Where | null; steps: { approver: string }[]; unlocks: Unlocks | null }
/** `voided`: approved, then changed (beyond what the approval unlocks): what it guards needs a new approval. */
interface Approval { id: string; process_id: string; state: 'pending' | 'approved' | 'rejected' | 'voided'; step: number; approver_ids: string[]; submitted_by: string }

function invalid(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid approval process: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

// ---- the process definition --------------------------------------------------------------------------

async function processBeforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  // They act with their owner's access (a workflow's actions, a webhook's view of records, an approval's locks):
  // only administrators build, delete or restore them, whatever a profile grants on these modules.
  requireAdmin(ctx);
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = { ...change.before, ...change.values };
  checkModuleName(ctx, 'module', v.module, invalid);
  const m = ctx.registry.module(String(v.module));
  // Checked when written: a process whose condition broke later (a field deleted) can still be switched off.
  if (v.where != null && (change.action === 'create' || 'where' in change.values || 'module' in change.values)) compileWhere(m, v.where as Where, ctx.lang);
  const steps = v.steps;
  if (!Array.isArray(steps) || !steps.length || steps.length > MAX_STEPS) throw invalid('steps', msg('must list 1 to {max} steps', { max: MAX_STEPS }));
  steps.forEach((s, i) => {
    if (typeof s !== 'object' || s === null || !isApprover((s as { approver?: unknown }).approver)) {
      throw invalid(`steps[${i}].approver`, 'must be manager, a user id or role:<id>');
    }
  });
  const u = v.unlocks as Unlocks | null | undefined;
  if (u != null) {
    if (typeof u !== 'object' || Array.isArray(u)) throw invalid('unlocks', 'must be an object');
    if (u.field !== undefined && !m.fieldMap.has(u.field)) throw invalid('unlocks.field', msg('"{field}" is not a field of {module}', { field: String(u.field), module: m.name }));
    if (u.values !== undefined && (!Array.isArray(u.values) || !u.field)) throw invalid('unlocks.values', 'must be a list of values of unlocks.field');
    if (u.actions !== undefined && (!Array.isArray(u.actions) || u.actions.some((a) => typeof a !== 'string'))) throw invalid('unlocks.actions', 'must be a list of action names');
  }
}

export const approvalProcessBehaviour: ModuleBehaviour = { beforeWrite: processBeforeWrite };

// ---- the lock on records ------------------------------------------------------------------------------

/** A record's latest approval, if it was ever submitted. */
export async function latest(ctx: RequestContext, recordId: string): Promise<Approval | null> {
  const r = await sql<Approval>`select id, process_id, state, step, approver_ids, submitted_by::text from approvals where record_id = ${recordId} order by submitted_at desc, id desc limit 1`.execute(ctx.db);
  return r.rows[0] ?? null;
}

interface Guard { where: Where | null; unlocks: Unlocks }

/** Per transaction, the unlock rules of a module's active processes with their conditions (an import asks once, not per row). */
const guardCache = perTransaction<Guard[]>();
function guards(ctx: RequestContext, module: string): Promise<Guard[]> {
  return guardCache(ctx.db, module, async () => {
    const r = await sql<Guard>`${sql.raw(PLAN_FIXED_HINT)} select "where", unlocks from approval_processes where module = ${module} and active and deleted_at is null and unlocks is not null`.execute(ctx.db);
    return r.rows;
  });
}

/**
 * Whether a process's condition holds for the record as stored now (in the caller's transaction). A process is the
 * company's rule: it reads every field, whatever the caller's profile hides, and its "today" is the company's. A
 * condition that no longer compiles (a field or picklist value it names is gone) applies to every record: what it
 * guards still needs an approval until an administrator fixes it, rather than going unguarded.
 */
async function applies(ctx: RequestContext, module: string, where: Where | null, id: string, ifBroken = true): Promise<boolean> {
  const zone = await userTimeZone(ctx.db, null);
  let cond;
  try {
    cond = compileWhere(fullRegistry(ctx.registry).module(module), where ?? undefined, ctx.lang, 't', zone);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (!ifBroken) return false;
    cond = undefined;
  }
  return (await sql`select 1 from ${sql.table(module)} t where t.id = ${id} ${cond ? sql`and ${cond}` : sql``}`.execute(ctx.db)).rows.length > 0;
}

/** Two values of a field the same: numbers by value ("20" sent is "20.000" stored), anything else as JSON. */
function same(a: unknown, b: unknown): boolean {
  const num = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ? Number(v) : null);
  const [x, y] = [num(a), num(b)];
  return x !== null && y !== null ? x === y : JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields a change wrote with a value other than the one stored. */
const changedFields = (change: WriteChange) => Object.keys(change.values).filter((k) => !same(change.values[k], change.before?.[k]));

const pendingLock = () => new AppError('LOCKED', 'This record is waiting for approval and cannot be changed until it is approved or rejected');

/** A record waiting for approval is locked: refused before anything else is done (a reply mailed, say). */
export async function refuseIfPending(ctx: RequestContext, id: string): Promise<void> {
  if ((await latest(ctx, id))?.state === 'pending') throw pendingLock();
}

/**
 * A pending record is locked. An approval covers the record as approved: a later change of what people enter (not the
 * owner, tags or the value the approval unlocks; not what the system keeps, read-only fields such as totals or
 * counters) voids it, and what it unlocked needs a new one.
 */
async function lockBeforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (!ctx.registry.has('approval_processes') || change.action === 'create') return;
  const current = await latest(ctx, change.id);
  if (current?.state === 'pending') throw pendingLock();
  if (current?.state !== 'approved' || change.action !== 'update' || isEffect(ctx)) return;
  const m = fullRegistry(ctx.registry).module(change.module);
  // A module that keeps its own approved state (an offer: its terms changed, it is not approved) decides for itself.
  if (m.behaviour.onApproved) return;
  const free = new Set(['assigned_to', 'tags', ...(change.systemFields ?? []), ...(await guards(ctx, change.module)).flatMap((g) => (g.unlocks.field ? [g.unlocks.field] : []))]);
  const changed = changedFields(change).filter((k) => !free.has(k) && m.fieldMap.has(k) && !m.fieldMap.get(k)!.readOnly);
  if (changed.length) await voidApproval(ctx, current, changed);
}

/**
 * The record's approval no longer covers it (`changed`: the fields that moved): voided, with the history saying why.
 * A module that keeps its own approved state (an offer) calls it when that state leaves approved.
 */
export async function voidApproval(ctx: RequestContext, current: Pick<Approval, 'id' | 'step'>, changed: string[]): Promise<void> {
  const voided = await sql`update approvals set state = 'voided' where id = ${current.id} and state = 'approved' returning 1`.execute(ctx.db);
  if (!voided.rows.length) return;
  await sql`insert into approval_history (approval_id, step, user_id, decision, comment) values (${current.id}, ${current.step}, ${ctx.user.id}, 'voided', ${changed.slice(0, 20).join(', ')})`.execute(ctx.db);
}

/**
 * A record a process applies to (as the write leaves it) may hold a guarded value only with its latest approval
 * approved: checked when the write sets that value, and when it changes what the condition reads while the record
 * holds it (accepting at 5 %, then raising the discount to 40 %, is refused like doing both at once).
 */
async function guardAfterWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (!ctx.registry.has('approval_processes') || (change.action !== 'create' && change.action !== 'update')) return;
  const changed = new Set(changedFields(change));
  for (const { where, unlocks: rule } of await guards(ctx, change.module)) {
    if (!rule.field) continue;
    const value = rule.field in change.values ? change.values[rule.field] : change.before?.[rule.field];
    if (!(rule.values ?? []).some((x) => x === value)) continue;
    const asked = change.action === 'create' || changed.has(rule.field) || (where ? whereFields(where) : []).some((f) => changed.has(f));
    if (!asked || !(await applies(ctx, change.module, where, change.id))) continue;
    if ((await latest(ctx, change.id))?.state !== 'approved') {
      throw new AppError('LOCKED', msg('Setting {field} to {value} needs an approval first', { field: rule.field, value: String(value) }));
    }
  }
}

/** Wraps the actions a process guards (convert, send_email…): refused until the record is approved, where the process applies. */
export function guardAction(name: string, handler: ActionHandler): ActionHandler {
  return async (ctx, id, body, module) => {
    if (ctx.registry.has('approval_processes') && !['submit_for_approval', 'approve', 'reject'].includes(name)) {
      for (const g of await guards(ctx, module)) {
        if (!g.unlocks.actions?.includes(name) || !(await applies(ctx, module, g.where, id))) continue;
        if ((await latest(ctx, id))?.state !== 'approved') throw new AppError('LOCKED', msg('{action} needs an approval first', { action: name }));
      }
    }
    return handler(ctx, id, body, module);
  };
}

export const approvalLockBehaviour: ModuleBehaviour = { beforeWrite: lockBeforeWrite, afterWrite: guardAfterWrite };

// ---- submit, approve, reject --------------------------------------------------------------------------

/**
 * A step's approvers: never the one who submitted (four eyes; an administrator may still decide anything), and only
 * those who may read the record (they are told of it and decide on it).
 */
async function approversOf(ctx: RequestContext, p: Process, step: number, record: Record<string, unknown>, excluded: string[], module: string): Promise<string[]> {
  const out: string[] = [];
  for (const userId of (await people(ctx.db, p.steps[step].approver, record)).filter((u) => !excluded.includes(u))) {
    const user = await loadCurrentUser(ctx.db, userId);
    if (!user) continue;
    const theirs: RequestContext = { ...ctx, user, registry: registryFor(fullRegistry(ctx.registry), user.fieldRules) };
    if (can(theirs, module, 'view') && (await isVisible(theirs, fullRegistry(ctx.registry).module(module), String(record.id), 'read'))) out.push(userId);
  }
  return out;
}

/** Tells each user, naming the record as they may see it (`row` is the stored row; `message` is given that label). */
async function tell(ctx: RequestContext, users: string[], kind: string, module: string, row: Record<string, unknown>, message: (label: string) => string): Promise<void> {
  for (const userId of new Set(users)) {
    const label = await labelFor(ctx.db, ctx.registry, userId, module, row);
    await notify(ctx.db, { userId, kind, module, recordId: String(row.id), label, message: message(label) });
  }
}

function commentOf(body: unknown): string | null {
  const c = (body as { comment?: unknown } | null)?.comment;
  if (c === undefined || c === null || c === '') return null;
  if (typeof c !== 'string' || c.length > 2000) throw new AppError('VALIDATION_FAILED', 'The comment is not valid', { comment: 'must be text of at most 2000 characters' });
  return c.trim();
}

/** `submit_for_approval`: the first active process whose condition the record meets starts at its first step. */
const submit: ActionHandler = async (ctx, id, body, module) => {
  const comment = commentOf(body);
  return runWrite(ctx, async (tctx) => {
    const m = tctx.registry.module(module);
    const row = await lockForWrite(tctx, m, id); // the submitter may change the record
    await getRecord(tctx, module, id); // as the submitter may read it
    const current = await latest(tctx, id);
    if (current?.state === 'pending') throw new AppError('CONFLICT', 'This record is already waiting for approval');
    const processes = (await sql<Process>`select id, name, module, "where", steps, unlocks from approval_processes
      where module = ${module} and active and deleted_at is null order by created_at, id`.execute(tctx.db)).rows;
    let chosen: Process | undefined;
    for (const p of processes) {
      // A broken condition is no process to submit to (its guard still holds until an administrator fixes it).
      if (await applies(tctx, module, p.where, id, false)) { chosen = p; break; }
    }
    if (!chosen) throw new AppError('VALIDATION_FAILED', 'No approval process applies to this record');
    const approvers = await approversOf(tctx, chosen, 0, row, [tctx.user.id], module);
    if (!approvers.length) throw new AppError('VALIDATION_FAILED', 'No one can approve this record: the first step names no active user, other than the submitter, who may read it');
    const approvalId = uuidv7();
    await sql`insert into approvals (id, process_id, module, record_id, state, step, approver_ids, submitted_by, comment)
      values (${approvalId}, ${chosen.id}, ${module}, ${id}, 'pending', 0, ${JSON.stringify(approvers)}::jsonb, ${tctx.user.id}, ${comment})`.execute(tctx.db);
    await sql`insert into approval_history (approval_id, step, user_id, decision, comment) values (${approvalId}, 0, ${tctx.user.id}, 'submitted', ${comment})`.execute(tctx.db);
    const name = chosen.name;
    await tell(tctx, approvers, 'approval_request', module, row, (label) => `${name}: ${label}`);
    return { status: 201, body: { data: await approvalJson(tctx, approvalId) } };
  });
};

function decide(decision: 'approved' | 'rejected'): ActionHandler {
  return async (ctx, id, body, module) => {
    const comment = commentOf(body);
    return runWrite(ctx, async (tctx) => {
      const r = await sql<Approval & { name: string; steps: Process['steps'] }>`select a.id, a.process_id, a.state, a.step, a.approver_ids, a.submitted_by::text, p.name, p.steps
        from approvals a join approval_processes p on p.id = a.process_id where a.record_id = ${id} and a.module = ${module} and a.state = 'pending' for update of a`.execute(tctx.db);
      const a = r.rows[0];
      if (!a) throw new AppError('NOT_FOUND', 'Nothing is waiting for approval on this record');
      if (!a.approver_ids.includes(tctx.user.id) && !tctx.user.isAdmin) throw new AppError('FORBIDDEN', 'You are not an approver of this step');
      // A decision names the step it was made on when the client says (a double click must not approve the next step too).
      const asked = (body as { step?: unknown } | null)?.step;
      if (asked !== undefined && asked !== null && asked !== a.step) throw new AppError('CONFLICT', 'This approval has moved on since you opened it');
      await getRecord(tctx, module, id); // an approver decides only what they may read
      const m = tctx.registry.module(module);
      const row = (await sql<Record<string, unknown>>`select * from ${sql.table(module)} where id = ${id}`.execute(tctx.db)).rows[0];
      await sql`insert into approval_history (approval_id, step, user_id, decision, comment) values (${a.id}, ${a.step}, ${tctx.user.id}, ${decision}, ${comment})`.execute(tctx.db);
      const next = a.step + 1;
      if (decision === 'approved' && next < a.steps.length) {
        // Each step another pair of eyes where there is one: who approved an earlier step decides the next only when
        // the step names nobody else (in a small company the manager may be the director too). Never the submitter.
        const deciders = (await sql<{ user_id: string }>`select user_id::text from approval_history where approval_id = ${a.id} and decision = 'approved'`.execute(tctx.db)).rows.map((x) => x.user_id);
        const others = await approversOf(tctx, { steps: a.steps } as Process, next, row, [a.submitted_by, ...deciders], module);
        const approvers = others.length ? others : await approversOf(tctx, { steps: a.steps } as Process, next, row, [a.submitted_by], module);
        // Nobody left to decide the next step would leave the record locked with nobody told: refused, nothing changes.
        if (!approvers.length) throw new AppError('VALIDATION_FAILED', 'No one can approve the next step: it names no active user, other than the submitter, who may read the record');
        await sql`update approvals set step = ${next}, approver_ids = ${JSON.stringify(approvers)}::jsonb where id = ${a.id}`.execute(tctx.db);
        await tell(tctx, approvers, 'approval_request', module, row, (label) => `${a.name}: ${label}`);
      } else {
        await sql`update approvals set state = ${decision}, decided_at = now(), approver_ids = '[]'::jsonb where id = ${a.id}`.execute(tctx.db);
        // What the module does once approved (an offer becomes usable), in the same transaction.
        if (decision === 'approved') await m.behaviour.onApproved?.(tctx, id);
        await tell(tctx, [a.submitted_by], 'approval_decided', module, row, (label) => `${a.name}: ${decision}${comment ? ` — ${comment}` : ''}`);
      }
      return { body: { data: await approvalJson(tctx, a.id) } };
    });
  };
}

/** One approval with its history, as the API shows it. */
export async function approvalJson(ctx: RequestContext, approvalId: string): Promise<Record<string, unknown>> {
  const a = (await sql<Record<string, unknown>>`select a.id, a.process_id, p.name as process_name, a.module, a.record_id, a.state, a.step, a.approver_ids,
    a.submitted_by, a.submitted_at, a.decided_at, a.comment from approvals a left join approval_processes p on p.id = a.process_id where a.id = ${approvalId}`.execute(ctx.db)).rows[0];
  const history = (await sql`select step, user_id, decision, comment, at from approval_history where approval_id = ${approvalId} order by id`.execute(ctx.db)).rows;
  return { ...a, history };
}

export const approvalActions: Record<string, ActionHandler> = { submit_for_approval: submit, approve: decide('approved'), reject: decide('rejected') };

/**
 * `GET /approvals`: `mine=1` — waiting for the caller; otherwise the caller's own submissions and what waits for them
 * (administrators: all); `record_id` — a record's approvals (for those who may read it). Labels come with them: an
 * approver is entitled to know what they are asked to approve.
 */
export async function listApprovals(ctx: RequestContext, q: { state?: string; mine?: boolean; recordId?: string; module?: string; limit: number }): Promise<Record<string, unknown>[]> {
  const me = JSON.stringify([ctx.user.id]);
  if (q.recordId && q.module) await getRecord(ctx, q.module, q.recordId);
  const who = q.recordId ? sql`a.record_id = ${q.recordId}`
    : q.mine ? sql`a.approver_ids @> ${me}::jsonb`
    : ctx.user.isAdmin ? sql`true` : sql`(a.approver_ids @> ${me}::jsonb or a.submitted_by = ${ctx.user.id})`;
  const r = await sql<Record<string, any>>`select a.id, a.process_id, p.name as process_name, a.module, a.record_id, a.state, a.step, a.approver_ids,
      a.submitted_by, a.submitted_at, a.decided_at, a.comment
    from approvals a left join approval_processes p on p.id = a.process_id
    where ${who} ${q.state ? sql`and a.state = ${q.state}` : sql``} order by a.submitted_at desc limit ${q.limit}`.execute(ctx.db);
  const labels = new Map<string, string>();
  const byModule = new Map<string, string[]>();
  for (const a of r.rows) if (ctx.registry.has(a.module)) byModule.set(a.module, [...(byModule.get(a.module) ?? []), a.record_id]);
  for (const [module, ids] of byModule) {
    const m = ctx.registry.module(module);
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(module)} where id = any(${ids}::uuid[])`.execute(ctx.db)).rows;
    for (const row of rows) labels.set(String(row.id), recordLabel(m, row));
  }
  return r.rows.map((a) => ({ ...a, label: labels.get(a.record_id) ?? null }));
}
