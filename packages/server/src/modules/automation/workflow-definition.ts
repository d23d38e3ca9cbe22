/**
 * A workflow's trigger, conditions and actions: their shapes and what each means. Pure — the checks against
 * the registry (fields, filters) are in workflow-behaviour.ts.
 */
import { isCondition, type Condition, type Where } from '@karta/shared';
import type { Changes } from '../../engine/audit/audit.js';
import { todayOf } from '../../platform/time-zone.js';

export const TRIGGER_TYPES = ['create', 'save', 'field_change', 'schedule', 'date'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];
export interface Trigger {
  type: TriggerType;
  /** field_change: the field; date: the date or datetime field. */
  field?: string;
  from?: unknown;
  to?: unknown;
  /** schedule: five-field cron, in the company's time zone. */
  cron?: string;
  /** date: before (negative) or after (positive) the field's value. */
  offset_days?: number;
  offset_hours?: number;
}

export const ACTION_TYPES = ['create_task', 'create_event', 'update_fields', 'create_record', 'send_email', 'notify', 'webhook', 'sms'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export type Action = { type: ActionType } & Record<string, unknown>;

/** Who an action names: the record's owner, the owner's head, a user by id, `role:<id>`, `group:<id>`. */
export const PERSON = /^(owner|manager|((role|group):)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export const CHANGE_OPS = ['changed', 'changed_to', 'changed_from'] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];
export type { Changes };

export const MAX_ACTIONS = 20;
/** A workflow whose own updates trigger workflows again stops at this depth (the loop guard). */
export const MAX_DEPTH = 3;
/**
 * Records the workflows of one change may make, by the change's depth (a user's write, then a workflow's, then the
 * next): 20, 5, 2. With the depth limit this bounds what one save sets off — by the records made, and by how many
 * workflows update the records in between (each update is a change with its own allowance).
 */
export const RECORDS_PER_CHANGE = [20, 5, 2];

/** Does this write fire the trigger? (`schedule` and `date` fire from the job queue, never from a write.) */
export function triggerFires(trigger: Trigger, action: 'created' | 'updated' | 'deleted', changes: Changes): boolean {
  switch (trigger.type) {
    case 'create': return action === 'created';
    case 'save': return action === 'created' || action === 'updated';
    case 'field_change': {
      if (action !== 'updated' || !trigger.field || !(trigger.field in changes)) return false;
      const [before, after] = changes[trigger.field];
      if (trigger.from !== undefined && !same(before, trigger.from)) return false;
      if (trigger.to !== undefined && !same(after, trigger.to)) return false;
      return true;
    }
    default: return false;
  }
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == b;
  return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
}

/**
 * Splits conditions into the filter part (compiled to SQL against the record as it is now) and the change
 * conditions (`{"field":"stage","op":"changed_to","value":"negotiation"}`), which only the top-level "and" may hold.
 */
export function splitWhere(where: Where | null | undefined): { filter: Where | undefined; change: Condition[] } {
  if (!where) return { filter: undefined, change: [] };
  const top = isCondition(where) ? [where] : 'and' in where && Array.isArray(where.and) ? where.and : null;
  if (!top) return { filter: where, change: [] };
  const change = top.filter((c): c is Condition => isCondition(c) && (CHANGE_OPS as readonly string[]).includes(c.op));
  const rest = top.filter((c) => !change.includes(c as Condition));
  return { filter: rest.length ? { and: rest } : undefined, change };
}

/** Whether the change conditions hold for what this write changed (all of them). */
export function changesMatch(conditions: Condition[], changes: Changes): boolean {
  return conditions.every((c) => {
    const hit = changes[c.field];
    if (!hit) return false;
    const op = c.op as string;
    if (op === 'changed') return true;
    return same(op === 'changed_to' ? hit[1] : hit[0], c.value);
  });
}

/** The date `n` days after today on a zone's clocks. */
export function daysFrom(now: Date, n: number, zone: string): string {
  return new Date(Date.parse(todayOf(zone, now.getTime())) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * An update_fields value: a literal, `{"today_plus_days": n}` or `{"copy": "field" | "reference.field"}` —
 * resolved by `read` (which fetches the copied value); anything else stays a literal.
 */
export async function resolveValue(v: unknown, now: Date, zone: string, read: (path: string) => Promise<unknown>): Promise<unknown> {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.today_plus_days === 'number') return daysFrom(now, o.today_plus_days, zone);
    if (typeof o.copy === 'string') return read(o.copy);
  }
  return v;
}
