/**
 * A claim's life: registered → in progress → satisfied, not satisfied or rejected (a claim may be rejected outright,
 * and a closed one reopened into work). Closing needs the decision written down; `closed_at` follows the status. A
 * claim with a deadline books a check for that day: if it is still open then, its responsible hears it is overdue
 * (every member when a group is responsible).
 */
import { sql } from 'kysely';
import { isUuid, pickText } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { AppError } from '../../platform/errors.js';
import { cancel, enqueue, type JobHandler } from '../../platform/jobs.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import type { Tx } from '../../platform/db.js';
import { dayEnd, ownerTimeZone } from '../../platform/time-zone.js';
import { notify } from '../activities/notifications.js';

export type ClaimStatus = 'registered' | 'in_progress' | 'satisfied' | 'not_satisfied' | 'rejected';
export const CLOSED: ClaimStatus[] = ['satisfied', 'not_satisfied', 'rejected'];

const NEXT: Record<ClaimStatus, ClaimStatus[]> = {
  registered: ['in_progress', 'rejected'],
  in_progress: ['satisfied', 'not_satisfied', 'rejected'],
  satisfied: ['in_progress'],
  not_satisfied: ['in_progress'],
  rejected: ['in_progress'],
};

/** The statuses a claim may move to from `from` (pure). */
export function nextStatuses(from: ClaimStatus): ClaimStatus[] {
  return NEXT[from] ?? [];
}

/** Why a status change is not allowed, or null (pure): the flow, and a decision before a claim is closed. */
export function statusProblem(from: ClaimStatus | null, to: ClaimStatus, decision: unknown, label: (s: ClaimStatus) => string = (s) => s): { field: string; problem: Said } | null {
  if (from === null) return to === 'registered' || to === 'in_progress' ? null : { field: 'status', problem: 'a new claim is registered or in progress' };
  if (from !== to && !nextStatuses(from).includes(to)) return { field: 'status', problem: msg('cannot go from {from} to {to}', { from: label(from), to: label(to) }) };
  if (CLOSED.includes(to) && (typeof decision !== 'string' || !decision.trim())) return { field: 'decision', problem: 'is needed to close a claim' };
  return null;
}

const MAX_PARTICIPANTS = 50;

function invalidClaim(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('The claim cannot be saved: {problem}', { problem: nested(problem) }), { [key]: problem });
}

/** `[{"user_id"|"contact_id","role"}]`: at most 50, each naming an existing user or a contact the writer may see exists. */
async function checkParticipants(ctx: RequestContext, raw: unknown): Promise<unknown> {
  if (raw === null || raw === undefined) return null;
  if (!Array.isArray(raw) || raw.length > MAX_PARTICIPANTS) throw invalidClaim('participants', 'must be a list of up to 50 participants');
  const out: { user_id?: string; contact_id?: string; role: string }[] = [];
  for (const [i, p] of raw.entries()) {
    const o = (p ?? {}) as Record<string, unknown>;
    const role = typeof o.role === 'string' ? o.role.trim().slice(0, 100) : '';
    const [kind, table] = isUuid(o.user_id) ? ['user_id', 'users'] as const : isUuid(o.contact_id) ? ['contact_id', 'contacts'] as const : [null, null];
    if (!kind) throw invalidClaim(`participants[${i}]`, 'must name a user_id or a contact_id');
    const vis = table === 'contacts' ? visibilityPredicate(ctx, 'contacts', 'read', 'x') ?? sql`true` : sql`x.active`;
    const live = table === 'contacts' ? sql`and x.deleted_at is null` : sql``;
    const exists = (await sql`select 1 from ${sql.table(table)} x where x.id = ${o[kind] as string} ${live} and ${vis}`.execute(ctx.db)).rows.length > 0;
    if (!exists) throw invalidClaim(`participants[${i}].${kind}`, 'names no record');
    out.push({ [kind]: (o[kind] as string).toLowerCase(), role });
  }
  return out;
}

const jobKey = (id: string) => `claim_overdue:${id}`;

/** A status as the writer reads it ("Зарегистрирована"), for the flow's message. */
const statusLabel = (ctx: RequestContext) => (s: ClaimStatus) => {
  const option = ctx.registry.module('claims').fieldMap.get('status')?.options?.find((o) => o.value === s);
  return option ? pickText(option.label, ctx.lang) : s;
};

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = { ...(change.before ?? {}), ...change.values };
  const from = change.action === 'create' ? null : ((change.before?.status as ClaimStatus | undefined) ?? 'registered');
  const to = (v.status as ClaimStatus | undefined) ?? 'registered';
  const problem = 'status' in change.values || 'decision' in change.values || change.action === 'create' ? statusProblem(from, to, v.decision, statusLabel(ctx)) : null;
  if (problem) throw invalidClaim(problem.field, problem.problem);
  if (change.action === 'create' && !v.received_at) change.values.received_at = new Date().toISOString();
  const closedNow = CLOSED.includes(to);
  if (closedNow && (from === null || !CLOSED.includes(from) || !change.before?.closed_at)) change.values.closed_at = new Date().toISOString();
  if ('participants' in change.values) change.values.participants = await checkParticipants(ctx, change.values.participants);
  if (!closedNow && change.before?.closed_at) change.values.closed_at = null;
}

async function afterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  if (change.action === 'delete') return cancel(ctx.db, jobKey(change.id));
  // Made, or back from the recycle bin (its check was dropped when it went there): the deadline check is booked.
  if (change.action !== 'create' && change.action !== 'restore' && !['deadline', 'status', 'assigned_to'].some((f) => f in change.values)) return;
  const at = claimOverdueAt(record, await ownerTimeZone(ctx.db, record, ctx.user));
  if (!at) return cancel(ctx.db, jobKey(change.id));
  await enqueue(ctx.db, { kind: 'claim_overdue', key: jobKey(change.id), payload: { id: change.id }, runAt: at });
}

/** The check runs at the end of the deadline day on the responsible's clock: a claim answered that day is not overdue. */
export function claimOverdueAt(record: Record<string, unknown>, zone: string): Date | null {
  if (typeof record.deadline !== 'string' || CLOSED.includes(record.status as ClaimStatus)) return null;
  return dayEnd(record.deadline.slice(0, 10), zone);
}

/** The users behind an owner: the user, or a group's active members. */
export async function usersOf(db: Tx, ownerId: string): Promise<string[]> {
  return (await sql<{ id: string }>`select id::text from users where id = ${ownerId} and active
    union select m.user_id::text from group_members m join users u on u.id = m.user_id and u.active where m.group_id = ${ownerId}`.execute(db)).rows.map((r) => r.id);
}

/** On the deadline: a claim still open tells its responsible it is overdue. */
export const claimOverdueJob: JobHandler = async (trx, payload) => {
  const c = (await sql<{ subject: string; assigned_to: string; status: string; deadline: string }>`select subject, assigned_to, status, deadline::text
    from claims where id = ${String(payload.id)} and deleted_at is null`.execute(trx)).rows[0];
  if (!c || CLOSED.includes(c.status as ClaimStatus)) return;
  for (const userId of await usersOf(trx, c.assigned_to)) {
    await notify(trx, { userId, kind: 'claim_overdue', module: 'claims', recordId: String(payload.id), label: c.subject, message: c.deadline });
  }
};

export const claimBehaviour: ModuleBehaviour = { beforeWrite, afterWrite };
