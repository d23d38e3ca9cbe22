/**
 * A service contract's usage, kept from its tickets: used units (the tickets' hours or days, or their count for
 * incidents), progress in percent of the total; the owner hears at 80 % and at 100 %, and on the due date.
 * A derived value like a document's totals: written in the same transaction as the ticket that changed it, and
 * audited as the ticket's author's change.
 */
import Decimal from 'decimal.js';
import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { writeAudit } from '../../engine/audit/audit.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { cancel, enqueue, type JobHandler } from '../../platform/jobs.js';
import { notify } from '../activities/notifications.js';

/** Used units and progress of a contract (pure): hours or days summed, incidents counted; progress capped at 100. */
export function contractUsage(unit: unknown, total: unknown, tickets: { hours?: unknown; days?: unknown }[]): { used: string; progress: string | null } {
  const sum = (k: 'hours' | 'days') => tickets.reduce((s, t) => s.plus(new Decimal(Number(t[k]) || 0)), new Decimal(0));
  const used = unit === 'incidents' ? new Decimal(tickets.length) : unit === 'days' ? sum('days') : unit === 'hours' ? sum('hours') : new Decimal(0);
  const of = Number(total);
  const progress = of > 0 ? Decimal.min(100, used.div(of).times(100)).toDecimalPlaces(2).toFixed(2) : null;
  return { used: used.toFixed(2), progress };
}

/** Recomputes a contract from its tickets, tells the owner when 80 % and 100 % are crossed. */
export async function recomputeContract(ctx: RequestContext, contractId: string): Promise<void> {
  const c = (await sql<{ id: string; subject: string; tracking_unit: string | null; total_units: string | null; used_units: string | null; progress: string | null; assigned_to: string }>`
    select id, subject, tracking_unit, total_units::text, used_units::text, progress::text, assigned_to from service_contracts
    where id = ${contractId} and deleted_at is null for update`.execute(ctx.db)).rows[0];
  if (!c) return;
  const tickets = (await sql<{ hours: string | null; days: string | null }>`select hours::text, days::text from tickets
    where service_contract_id = ${contractId} and deleted_at is null`.execute(ctx.db)).rows;
  const now = contractUsage(c.tracking_unit, c.total_units, tickets);
  const same = (a: string | null, b: string | null) => (a === null ? b === null : b !== null && new Decimal(a).equals(b));
  if (same(c.used_units, now.used) && same(c.progress, now.progress)) return;
  await sql`update service_contracts set used_units = ${now.used}, progress = ${now.progress}, updated_at = now(), version = version + 1 where id = ${contractId}`.execute(ctx.db);
  await writeAudit(ctx.db, { module: 'service_contracts', recordId: contractId, userId: ctx.user.id, action: 'update', changes: { used_units: [c.used_units, now.used], progress: [c.progress, now.progress] } });
  const before = Number(c.progress ?? 0);
  const after = Number(now.progress ?? 0);
  for (const mark of [80, 100]) {
    if (before < mark && after >= mark) {
      await notify(ctx.db, { userId: c.assigned_to, kind: mark === 100 ? 'contract_used_up' : 'contract_80', module: 'service_contracts', recordId: contractId, label: c.subject, message: `${now.progress} %` });
    }
  }
}

/** Tickets: a change of contract, hours or days (or a deletion) recomputes the contracts involved. */
async function ticketAfterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  const touched = change.action === 'delete' || change.action === 'restore' || ['service_contract_id', 'hours', 'days'].some((k) => k in change.values);
  if (!touched) return;
  const ids = new Set([change.before?.service_contract_id, record.service_contract_id].filter((x): x is string => typeof x === 'string'));
  for (const id of ids) await recomputeContract(ctx, id);
}

/** Contracts: usage again when the unit or total changes, planned duration from the dates (before the write); the due-date notice queued (after it). */
async function contractBeforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = { ...(change.before ?? {}), ...change.values };
  if (change.action === 'create' || 'tracking_unit' in change.values || 'total_units' in change.values) {
    const tickets = change.action === 'create' ? [] : (await sql<{ hours: string | null; days: string | null }>`select hours::text, days::text from tickets
      where service_contract_id = ${change.id} and deleted_at is null`.execute(ctx.db)).rows;
    const usage = contractUsage(v.tracking_unit, v.total_units, tickets);
    change.values.used_units = usage.used;
    change.values.progress = usage.progress;
  }
  if (typeof v.start_date === 'string' && typeof v.due_date === 'string') {
    change.values.planned_duration = Math.round((Date.parse(v.due_date) - Date.parse(v.start_date)) / 86_400_000);
  }
}

async function contractAfterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  if (change.action === 'delete') return cancel(ctx.db, `contract_due:${change.id}`);
  if (change.action === 'create' || 'due_date' in change.values) {
    if (typeof record.due_date !== 'string') return cancel(ctx.db, `contract_due:${change.id}`);
    await enqueue(ctx.db, { kind: 'contract_due', key: `contract_due:${change.id}`, payload: { id: change.id }, runAt: new Date(`${record.due_date}T09:00:00Z`) });
  }
}

/** On the due date: the owner hears that the contract ends, unless it is complete or gone. */
export const contractDueJob: JobHandler = async (trx, payload) => {
  const c = (await sql<{ subject: string; assigned_to: string; status: string | null }>`select subject, assigned_to, status from service_contracts
    where id = ${String(payload.id)} and deleted_at is null`.execute(trx)).rows[0];
  if (!c || c.status === 'complete' || c.status === 'archived') return;
  await notify(trx, { userId: c.assigned_to, kind: 'contract_due', module: 'service_contracts', recordId: String(payload.id), label: c.subject, message: c.subject });
};

export const ticketContractBehaviour: ModuleBehaviour = { afterWrite: ticketAfterWrite };
export const contractBehaviour: ModuleBehaviour = { beforeWrite: contractBeforeWrite, afterWrite: contractAfterWrite };
