/**
 * A ticket's service level, kept by the system on every write: `due_at` (when a first answer is due: created +
 * the priority's response time from Settings → Support, moved when the priority changes before any answer),
 * `resolved_at` (set on closing, cleared on reopening). `first_response_at` is set by the first reply (ticket-reply.ts).
 */
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { PRIORITIES, readSupportSettings } from './support-settings.js';

const HOUR = 3_600_000;

/** When the first answer is due for a ticket made at `created` with `priority` (pure: the hours are given). */
export function dueAt(created: Date, priority: unknown, hours: Record<string, number>): string {
  const p = (PRIORITIES as readonly unknown[]).includes(priority) ? String(priority) : 'normal';
  return new Date(created.getTime() + hours[p] * HOUR).toISOString();
}

/** Open, not answered, and past its due time. */
export function isOverdue(t: { status?: unknown; first_response_at?: unknown; due_at?: unknown }, now = new Date()): boolean {
  return t.status !== 'closed' && !t.first_response_at && typeof t.due_at === 'string' && new Date(t.due_at).getTime() < now.getTime();
}

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  const v = change.values;
  const before = change.before ?? {};
  if (change.action === 'create') {
    v.due_at = dueAt(new Date(), v.priority, (await readSupportSettings(ctx.db)).response_hours);
    if (v.status === 'closed') v.resolved_at = new Date().toISOString();
    return;
  }
  if (change.action !== 'update') return;
  if ('priority' in v && v.priority !== before.priority && !before.first_response_at) {
    const created = typeof before.created_at === 'string' ? new Date(before.created_at) : new Date();
    v.due_at = dueAt(created, v.priority, (await readSupportSettings(ctx.db)).response_hours);
  }
  if ('status' in v && v.status !== before.status) {
    if (v.status === 'closed') v.resolved_at = new Date().toISOString();
    else if (before.status === 'closed') v.resolved_at = null;
  }
}

export const ticketSlaBehaviour: ModuleBehaviour = { beforeWrite };
