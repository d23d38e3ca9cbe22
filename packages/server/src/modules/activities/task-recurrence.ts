/**
 * Recurring tasks: a task may carry a recurrence rule (the events' RRULE subset). Completing it makes the next task
 * of the series, due at the rule's next date after its own — once (the completed task keeps `next_task_id`).
 */
import { expandWall, formatRecurrence, MAX_COUNT, parseRecurrence } from '@karta/shared';
import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import type { RequestContext } from '../../engine/context.js';
import { createRecord } from '../../engine/records/create.js';
import { validationError } from '../../engine/records/validate-input.js';
import { translated } from '../../platform/messages/say.js';
import { AppError } from '../../platform/errors.js';
import { recurrenceError } from './recurrence.js';

const DAY = 86_400_000;
/** What the next task of a series takes from the one completed. */
const CARRIED = ['subject', 'priority', 'related_to', 'contact_id', 'location', 'reminder_minutes', 'description'];

const day = (v: unknown): string | null => (v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' && v ? v.slice(0, 10) : null);

/**
 * The next due date of a series after `due`, with the rule the next task carries; null when the series has ended or
 * the rule does not parse. A COUNT is carried less the occurrences from this due date up to the next one (cancelled
 * ones count, as in RFC 5545; a due date moved off the rule does not), so the series ends where the rule says. Pure.
 */
export function nextOccurrence(recurrence: string, due: string): { due: string; recurrence: string } | null {
  let rule;
  try { rule = parseRecurrence(recurrence); } catch { return null; }
  const start = new Date(`${due}T00:00:00Z`);
  // Bounded by the expander itself (at most MAX_PERIODS periods are looked at).
  const [next] = expandWall(rule, start, new Date(start.getTime() + DAY), new Date(Date.UTC(9999, 0, 1)), 1);
  if (!next) return null;
  if (rule.count === undefined) return { due: day(next)!, recurrence: formatRecurrence(rule) };
  const used = expandWall({ ...rule, count: undefined, exdates: undefined }, start, start, next, MAX_COUNT + 1).length;
  const count = rule.count - used;
  return count < 1 ? null : { due: day(next)!, recurrence: formatRecurrence({ ...rule, count }) };
}

/** References the next task may not be able to keep: the linked record or the assignee may be gone or hidden by now. */
const DROPPABLE = new Set(['related_to', 'contact_id', 'assigned_to']);

/**
 * The next task of a series, made through the pipeline as the user who completed this one. Links that no longer
 * pass its checks (a deleted deal, a contact the user cannot see, a deactivated assignee) are left off rather than
 * refusing the completion.
 */
async function makeNext(ctx: RequestContext, task: Record<string, unknown>, rule: string): Promise<string | null> {
  const due = day(task.due_date);
  const next = due ? nextOccurrence(rule, due) : null;
  if (!next) return null;
  const view = ctx.registry.module('tasks');
  const values: Record<string, unknown> = { due_date: next.due, recurrence: next.recurrence, status: 'not_started' };
  for (const k of CARRIED) if (view.fieldMap.has(k) && task[k] != null) values[k] = task[k];
  // The same assignee when the user may give them tasks (tasks go down the hierarchy), else the user.
  const to = task.assigned_to;
  values.assigned_to = typeof to === 'string' && (ctx.user.isAdmin || ctx.user.ownerIds.includes(to)) ? to : ctx.user.id;
  try {
    return (await createRecord(ctx, 'tasks', values)).id as string;
  } catch (e) {
    // A refused link is found before anything is written, so the transaction goes on.
    const fields = e instanceof AppError && e.code === 'VALIDATION_FAILED' ? Object.keys(e.fields ?? {}) : [];
    if (!fields.length || !fields.every((f) => DROPPABLE.has(f))) throw e;
    for (const f of fields) delete values[f];
    if (fields.includes('assigned_to')) values.assigned_to = ctx.user.id;
    return (await createRecord(ctx, 'tasks', values)).id as string;
  }
}

export const taskRecurrenceBehaviour: ModuleBehaviour = {
  async beforeWrite(ctx, change) {
    if (change.action !== 'create' && change.action !== 'update') return;
    const v = change.values;
    const before = change.before;
    const raw = 'recurrence' in v ? v.recurrence : before?.recurrence;
    const rule = typeof raw === 'string' && raw.trim() ? raw.trim() : null;
    if (rule && ('recurrence' in v || 'due_date' in v)) {
      const due = day(v.due_date ?? before?.due_date);
      const why = recurrenceError(rule, ctx.lang, due ? `${due}T00:00:00.000Z` : undefined);
      if (why) throw validationError({ recurrence: translated(why) }, ctx.lang);
    }
    // Only completing an existing task moves the series on (an imported or copied completed task does not).
    const completing = change.action === 'update' && v.status === 'completed' && before?.status !== 'completed';
    if (!rule || !completing || before?.next_task_id) return;
    if (!ctx.user.isAdmin && !(ctx.user.permissions.tasks ?? []).includes('create')) return;
    const made = await makeNext(ctx, { ...(before ?? {}), ...v }, rule);
    if (made) v.next_task_id = made;
  },
};
