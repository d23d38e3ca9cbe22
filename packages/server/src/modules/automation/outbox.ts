/**
 * The automation outbox: a write that some active workflow or webhook may care about queues one
 * `automation_event` job in the write's own transaction — so a committed write is never missed (a crash right
 * after the commit still leaves the job), a rolled-back one never fires, and the write itself only pays for
 * one INSERT … WHERE EXISTS. Everything else (conditions, actions, deliveries) runs after the commit.
 */
import { sql } from 'kysely';
import { PLAN_FIXED_HINT } from '../../platform/plan-fixed.js';
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { diff, type Changes } from '../../engine/audit/audit.js';

export interface AutomationEvent {
  module: string;
  id: string;
  action: 'created' | 'updated' | 'deleted';
  changes: Changes;
  actor: string;
  depth: number;
  at: string;
  /** The record as the write left it (webhooks send this, even when a later write changed or deleted it). */
  record?: Record<string, unknown>;
}

const ACTIONS: Record<WriteChange['action'], AutomationEvent['action'] | null> = { create: 'created', update: 'updated', delete: 'deleted', restore: null };

async function afterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  const action = ACTIONS[change.action];
  if (!action || !ctx.registry.has('workflows') || !ctx.registry.has('webhooks')) return;
  const name = `${change.module}.${action}`;
  // A batch (an import's chunk) asks once per transaction whether anyone listens, not once per row — and a row
  // nobody listens to costs nothing more.
  let seen = interest.get(ctx.db);
  if (!seen) interest.set(ctx.db, (seen = new Map()));
  const known = seen.get(name);
  if (known && !known.workflows && !known.webhooks) return;
  const fields = ctx.registry.module(change.module).fieldMap;
  const written = Object.fromEntries(Object.entries(change.values).filter(([k]) => fields.has(k)));
  const changes = action === 'deleted' ? {} : diff(change.before ?? {}, written);
  if (action === 'updated' && !Object.keys(changes).length) return;
  const event: AutomationEvent = {
    module: change.module, id: change.id, action, changes, actor: ctx.user.id, depth: ctx.automationDepth ?? 0, at: new Date().toISOString(),
  };
  const payload = JSON.stringify(event);
  // Only webhooks send the record itself: it is added to the event only when one listens.
  const snapshot = action === 'deleted' || (known && !known.webhooks) ? null : JSON.stringify(record);
  if (known) {
    const body = known.webhooks && snapshot ? sql`${payload}::jsonb || jsonb_build_object('record', ${snapshot}::jsonb)` : sql`${payload}::jsonb`;
    await sql`insert into jobs (kind, payload, run_at, max_attempts) values ('automation_event', ${body}, now(), 5)`.execute(ctx.db);
    return;
  }
  const r = await sql<{ workflows: boolean; webhooks: boolean }>`${sql.raw(PLAN_FIXED_HINT)} with listening as (
      select exists (select 1 from workflows w where w.module = ${change.module} and w.active and w.deleted_at is null
                       and w.trigger->>'type' in ('create', 'save', 'field_change', 'date')) as workflows,
             exists (select 1 from webhooks h where h.active and h.deleted_at is null
                       and (h.events ? ${name} or h.events ? ${`*.${action}`})) as webhooks),
    queued as (insert into jobs (kind, payload, run_at, max_attempts)
      select 'automation_event', case when l.webhooks and ${snapshot}::text is not null
        then ${payload}::jsonb || jsonb_build_object('record', ${snapshot}::jsonb) else ${payload}::jsonb end, now(), 5
      from listening l where l.workflows or l.webhooks returning id)
    select workflows, webhooks from listening`.execute(ctx.db);
  seen.set(name, r.rows[0] ?? { workflows: false, webhooks: false });
}

/** Per transaction: do active workflows or webhooks listen to `<module>.<action>`? */
const interest = new WeakMap<object, Map<string, { workflows: boolean; webhooks: boolean }>>();

/** The outbox hook, for every module. */
export const outboxBehaviour: ModuleBehaviour = { afterWrite };
