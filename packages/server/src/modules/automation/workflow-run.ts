/**
 * Running workflows from the job queue. An `automation_event` (queued by the outbox in the write's transaction)
 * feeds the webhooks and the workflows its write triggers; date and schedule triggers are jobs of their own, at
 * their due time. A run happens in the job's transaction — its record changes commit exactly once, with the job —
 * each action under a savepoint, so one failing action is logged and the others still run.
 */
import { sql } from 'kysely';
import type { Where } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { rowToRecord, selectColumns } from '../../engine/records/serialize.js';
import { compileWhere } from '../../engine/query/filter-sql.js';
import type { AfterCommit, JobHandler } from '../../platform/jobs.js';
import type { Tx } from '../../platform/db.js';
import type { AutomationEvent } from './outbox.js';
import { queueWebhooks } from './webhooks.js';
import { ownerContext, runAction } from './workflow-actions.js';
import { changesMatch, MAX_DEPTH, splitWhere, triggerFires, type Action, type Changes, type Trigger } from './workflow-definition.js';
import { scheduleDate } from './workflow-schedule.js';

export interface WorkflowRow { id: string; name: string; module: string; trigger: Trigger; where: Where | null; actions: Action[]; owner: string }

export async function activeWorkflows(trx: Tx, module: string, types: string[]): Promise<WorkflowRow[]> {
  const r = await sql<WorkflowRow>`select id, name, module, trigger, "where", actions, coalesce(assigned_to, created_by)::text as owner from workflows
    where module = ${module} and active and deleted_at is null and trigger->>'type' = any(${types}::text[]) order by created_at, id`.execute(trx);
  return r.rows;
}

export async function loadWorkflow(trx: Tx, id: string): Promise<WorkflowRow | null> {
  const r = await sql<WorkflowRow>`select id, name, module, trigger, "where", actions, coalesce(assigned_to, created_by)::text as owner from workflows
    where id = ${id} and active and deleted_at is null`.execute(trx);
  return r.rows[0] ?? null;
}

/** The record as it is now, if the owner may see it and it meets the workflow's filter (one statement), else null. */
async function matchingRecord(ctx: RequestContext, wf: WorkflowRow, recordId: string): Promise<Record<string, unknown> | null> {
  const m = ctx.registry.module(wf.module);
  const cond = compileWhere(m, splitWhere(wf.where).filter, ctx.lang);
  const vis = visibilityPredicate(ctx, m.name, 'read');
  const r = await sql<Record<string, unknown>>`select ${selectColumns(m.allFields)} from ${sql.table(m.name)} t where t.id = ${recordId} and t.deleted_at is null
    ${cond ? sql`and ${cond}` : sql``} ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db);
  return r.rows[0] ? rowToRecord(m.allFields, r.rows[0]) : null;
}

export interface RunOutcome { id: number; status: 'ok' | 'error' | 'stopped' | 'skipped'; actions: Record<string, unknown>[] }

/**
 * One run of a workflow for one record: conditions, then each action in order. Nothing is logged when the
 * conditions do not hold (a save that is not for this workflow); a run past the depth limit is logged as stopped.
 */
export async function runWorkflow(app: AppContext, trx: Tx, wf: WorkflowRow, recordId: string, opts: { trigger: string; changes: Changes; depth: number; key: string }, pending: RequestContext[]): Promise<RunOutcome | null> {
  const started = Date.now();
  let ctx: RequestContext;
  try {
    ctx = await ownerContext(app, trx, wf.owner, opts.depth);
  } catch {
    return null; // its owner is gone: the workflow has no one to act as
  }
  if (!changesMatch(splitWhere(wf.where).change, opts.changes)) return null;
  const record = await matchingRecord(ctx, wf, recordId);
  if (!record) return null;
  if (opts.depth >= MAX_DEPTH) {
    const r = await sql<{ id: number }>`insert into workflow_runs (workflow_id, module, record_id, trigger, status, error, depth, duration_ms)
      values (${wf.id}, ${wf.module}, ${recordId}, ${opts.trigger}, 'stopped', ${`stopped: ${MAX_DEPTH} workflows in a row changed this record (a loop?)`}, ${opts.depth}, 0) returning id`.execute(trx);
    return { id: Number(r.rows[0].id), status: 'stopped', actions: [] };
  }
  const run = await sql<{ id: number }>`insert into workflow_runs (workflow_id, module, record_id, trigger, status, depth)
    values (${wf.id}, ${wf.module}, ${recordId}, ${opts.trigger}, 'running', ${opts.depth}) returning id`.execute(trx);
  const runId = Number(run.rows[0].id);
  const results: Record<string, unknown>[] = [];
  for (const [i, action] of wf.actions.entries()) {
    const t0 = Date.now();
    await sql`savepoint workflow_action`.execute(trx);
    try {
      const result = await runAction({ app, trx, ctx, module: wf.module, record, workflowId: wf.id, key: `${opts.key}:${i}`, runId, now: new Date() }, action);
      await sql`release savepoint workflow_action`.execute(trx);
      results.push({ type: action.type, status: 'ok', result, ms: Date.now() - t0 });
    } catch (err) {
      await sql`rollback to savepoint workflow_action`.execute(trx);
      results.push({ type: action.type, status: 'error', error: problemOf(err), ms: Date.now() - t0 });
    }
  }
  const failed = results.filter((r) => r.status === 'error').length;
  await sql`update workflow_runs set status = ${failed ? 'error' : 'ok'}, actions = ${JSON.stringify(results)}::jsonb,
    error = ${failed ? `${failed} of ${results.length} actions failed` : null}, duration_ms = ${Date.now() - started} where id = ${runId}`.execute(trx);
  pending.push(ctx);
  return { id: runId, status: failed ? 'error' : 'ok', actions: results };
}

/** An action's failure in words, with the fields it names (a record the action made was not valid). */
export function problemOf(err: unknown): string {
  const e = err as { message?: string; fields?: Record<string, unknown> };
  const fields = e.fields ? Object.entries(e.fields).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ') : '';
  return `${String(e.message ?? err)}${fields ? ` (${fields})` : ''}`.slice(0, 500);
}

/** Events raised by the runs' writes (a created task's notifications…), published once the job has committed. */
export function publishAfter(pending: RequestContext[]): AfterCommit {
  return async () => {
    for (const ctx of pending) for (const e of ctx.pendingEvents ?? []) await ctx.events.emit(e.name, e.payload);
  };
}

/** The `automation_event` job: webhooks first, then the workflows the write triggers; date triggers are (re)planned. */
function onEvent(app: AppContext): JobHandler {
  return async (trx, payload) => {
    const ev = payload as unknown as AutomationEvent;
    if (!app.meta.registry.has(ev.module)) return;
    await queueWebhooks(app, trx, ev);
    if (ev.action === 'deleted') return;
    const pending: RequestContext[] = [];
    const eventKey = `wfe:${ev.module}:${ev.id}:${ev.at}`;
    for (const wf of await activeWorkflows(trx, ev.module, ['create', 'save', 'field_change', 'date'])) {
      // One workflow that cannot run (a field deleted since it was saved) is logged; the others still run.
      await sql`savepoint workflow_run`.execute(trx);
      try {
        if (wf.trigger.type === 'date') {
          if (ev.action === 'created' || (wf.trigger.field && wf.trigger.field in ev.changes)) await scheduleDate(trx, wf, ev.id);
        } else if (triggerFires(wf.trigger, ev.action, ev.changes)) {
          await runWorkflow(app, trx, wf, ev.id, { trigger: wf.trigger.type, changes: ev.changes, depth: ev.depth, key: `${eventKey}:${wf.id}` }, pending);
        }
        await sql`release savepoint workflow_run`.execute(trx);
      } catch (err) {
        await sql`rollback to savepoint workflow_run`.execute(trx);
        await sql`insert into workflow_runs (workflow_id, module, record_id, trigger, status, error, depth, duration_ms)
          values (${wf.id}, ${wf.module}, ${ev.id}, ${wf.trigger.type}, 'error', ${problemOf(err)}, ${ev.depth}, 0)`.execute(trx);
      }
    }
    return publishAfter(pending);
  };
}

export function workflowEventJobs(app: AppContext): Record<string, JobHandler> {
  return { automation_event: onEvent(app) };
}
