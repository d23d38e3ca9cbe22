/**
 * A service contract's usage, kept from its tickets: used units (the tickets' hours or days, or their count for
 * incidents), progress in percent of the total; the owner hears at 80 % and at 100 %, and on the due date.
 * Computed before every write of the contract, like a document's totals; a ticket's change writes its contract again
 * through the record pipeline (validated, permitted, audited) in the same transaction.
 */
import Decimal from 'decimal.js';
import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { can } from '../../engine/access/permissions.js';
import { loadCurrentUser } from '../../engine/access/load-user.js';
import { updateRecord } from '../../engine/records/update.js';
import { inSavepoint } from '../../engine/io/imports/rows.js';
import { AppError } from '../../platform/errors.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { cancel, enqueue, type JobHandler } from '../../platform/jobs.js';
import { atLocalTime, ownerTimeZone, todayOf } from '../../platform/time-zone.js';
import { validationError } from '../../engine/records/validate-input.js';
import { notify } from '../activities/notifications.js';

/** Used units and progress of a contract (pure): hours or days summed, incidents counted; progress capped at 100. */
export function contractUsage(unit: unknown, total: unknown, tickets: { hours?: unknown; days?: unknown }[]): { used: string; progress: string | null } {
  const sum = (k: 'hours' | 'days') => tickets.reduce((s, t) => s.plus(new Decimal(Number(t[k]) || 0)), new Decimal(0));
  const used = unit === 'incidents' ? new Decimal(tickets.length) : unit === 'days' ? sum('days') : unit === 'hours' ? sum('hours') : new Decimal(0);
  const of = Number(total);
  const progress = of > 0 ? Decimal.min(100, used.div(of).times(100)).toDecimalPlaces(2).toFixed(2) : null;
  return { used: used.toFixed(2), progress };
}

/** The contract's usage from its tickets now (one aggregate over them). */
async function usageOf(ctx: RequestContext, contractId: string, unit: unknown, total: unknown): Promise<ReturnType<typeof contractUsage>> {
  const tickets = (await sql<{ hours: string | null; days: string | null }>`select hours::text, days::text from tickets
    where service_contract_id = ${contractId} and deleted_at is null`.execute(ctx.db)).rows;
  return contractUsage(unit, total, tickets);
}

/**
 * Writes a contract again through the record pipeline, so its usage (computed before every write of it) follows its
 * tickets: as the ticket's author when they may edit it, else as its owner; if neither may, it waits for its next write.
 */
async function refreshContract(ctx: RequestContext, contractId: string): Promise<void> {
  const row = (await sql<{ assigned_to: string }>`select assigned_to from service_contracts where id = ${contractId} and deleted_at is null`.execute(ctx.db)).rows[0];
  if (!row) return;
  const owner = await loadCurrentUser(ctx.db, row.assigned_to);
  const actors = [ctx, ...(owner ? [{ ...ctx, user: owner }] : [])].filter((c) => can(c, 'service_contracts', 'edit'));
  for (const actor of actors) {
    try {
      // In a savepoint: a refusal raised after the row was written (an approval's guard) leaves nothing written.
      await inSavepoint(actor, () => updateRecord(actor, 'service_contracts', contractId, {}));
      return;
    } catch (err) {
      // Not theirs to write, or held by an approval (423): the contract waits for its next write.
      if (!(err instanceof AppError) || (err.code !== 'NOT_FOUND' && err.code !== 'FORBIDDEN' && err.code !== 'LOCKED')) throw err;
    }
  }
}

/** Tickets: a change of contract, hours or days (or a deletion) refreshes the contracts involved. */
async function ticketAfterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  const touched = change.action === 'delete' || change.action === 'restore' || ['service_contract_id', 'hours', 'days'].some((k) => k in change.values);
  if (!touched) return;
  const ids = new Set([change.before?.service_contract_id, record.service_contract_id].filter((x): x is string => typeof x === 'string'));
  for (const id of ids) await refreshContract(ctx, id);
}

/** Contracts: usage from the tickets and planned duration from the dates, before every write. */
async function contractBeforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = { ...(change.before ?? {}), ...change.values };
  const usage = change.action === 'create' ? contractUsage(v.tracking_unit, v.total_units, []) : await usageOf(ctx, change.id, v.tracking_unit, v.total_units);
  // Set only when they differ in value ("6.0000" stored is "6.00" computed): no write or audit line for nothing.
  const differs = (was: unknown, now: string | null) => (was == null || was === '' ? now !== null : now === null || Number(was) !== Number(now));
  if (differs(change.before?.used_units, usage.used)) change.values.used_units = usage.used;
  if (differs(change.before?.progress, usage.progress)) change.values.progress = usage.progress;
  // (Refused as a change; a record brought in as it was — a migration, an import — keeps what it had.)
  if (change.action === 'update' && ('start_date' in change.values || 'due_date' in change.values) && typeof v.start_date === 'string' && typeof v.due_date === 'string' && v.due_date < v.start_date) {
    throw validationError({ due_date: 'must not be before the start date' }, ctx.lang);
  }
  await endOf(ctx, change, v);
  if (typeof v.start_date === 'string' && typeof v.due_date === 'string') {
    change.values.planned_duration = days(v.start_date, v.due_date);
  } else if (change.before?.planned_duration != null) {
    change.values.planned_duration = null; // a date cleared: no duration is planned any more
  }
}

const ENDED = new Set(['complete', 'archived']);
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Completed: the day it ended on its owner's clock, and how long it took from its start; reopened, neither. */
async function endOf(ctx: RequestContext, change: WriteChange, v: Record<string, unknown>): Promise<void> {
  const ended = ENDED.has(String(v.status));
  const wasEnded = ENDED.has(String(change.before?.status));
  // Only a change to completed is dated so: a contract brought in completed (a migration) never gets the day it came.
  if (change.action === 'update' && 'status' in change.values && ended && !wasEnded) change.values.end_date = v.end_date = todayOf(await ownerTimeZone(ctx.db, v, ctx.user));
  if ('status' in change.values && !ended && wasEnded) change.values.end_date = v.end_date = null;
  const actual = typeof v.end_date === 'string' && typeof v.start_date === 'string' ? days(v.start_date, v.end_date) : null;
  if ((change.before?.actual_duration ?? null) !== actual) change.values.actual_duration = actual;
}

/** After a write: the owner hears when 80 % and 100 % are crossed; the due-date notice is queued, moved or dropped. */
async function contractAfterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  if (change.action === 'delete') return cancel(ctx.db, `contract_due:${change.id}`);
  // Back from the recycle bin: tickets changed meanwhile did not count on it, and its due-date notice was dropped.
  if (change.action === 'restore') await refreshContract(ctx, change.id);
  const before = Number(change.before?.progress ?? 0);
  const after = Number(record.progress ?? 0);
  for (const mark of [80, 100]) {
    if (before < mark && after >= mark && typeof record.assigned_to === 'string') {
      await notify(ctx.db, { userId: record.assigned_to, kind: mark === 100 ? 'contract_used_up' : 'contract_80', module: 'service_contracts', recordId: change.id, label: String(record.subject ?? ''), message: `${after} %` });
    }
  }
  if (change.action === 'create' || change.action === 'restore' || 'due_date' in change.values || 'assigned_to' in change.values) {
    const at = contractDueAt(record, await ownerTimeZone(ctx.db, record, ctx.user));
    if (!at) return cancel(ctx.db, `contract_due:${change.id}`);
    await enqueue(ctx.db, { kind: 'contract_due', key: `contract_due:${change.id}`, payload: { id: change.id }, runAt: at });
  }
}

/** The notice comes at 09:00 of the due date on the owner's clock. */
export function contractDueAt(record: Record<string, unknown>, zone: string): Date | null {
  return typeof record.due_date === 'string' ? atLocalTime(record.due_date.slice(0, 10), '09:00', zone) : null;
}

/** On the due date: the owner hears that the contract ends, unless it is complete or gone. */
export const contractDueJob: JobHandler = async (trx, payload) => {
  const c = (await sql<{ subject: string; assigned_to: string; status: string | null }>`select subject, assigned_to, status from service_contracts
    where id = ${String(payload.id)} and deleted_at is null`.execute(trx)).rows[0];
  if (!c || c.status === 'complete' || c.status === 'archived') return;
  await notify(trx, { userId: c.assigned_to, kind: 'contract_due', module: 'service_contracts', recordId: String(payload.id), label: c.subject, message: c.subject });
};

export const ticketContractBehaviour: ModuleBehaviour = { afterWrite: ticketAfterWrite };
export const contractBehaviour: ModuleBehaviour = {
  beforeWrite: contractBeforeWrite, afterWrite: contractAfterWrite,
  // The merged contracts' tickets now name the survivor: its usage counts them.
  onMerge: (ctx, survivor) => refreshContract(ctx, survivor),
};
