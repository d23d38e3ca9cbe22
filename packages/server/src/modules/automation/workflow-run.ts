/**
 * Running workflows from the job queue. An `automation_event` (queued by the outbox in the write's transaction)
 * feeds the webhooks and the workflows its write triggers; date and schedule triggers are jobs of their own, at
 * their due time. A run happens in the job's transaction — its record changes commit exactly once, with the job —
 * each action under a savepoint, so one failing action is logged and the others still run. Events run in batches
 * (see workflowEventJobs) optimistically, without those savepoints: a failure fails the batch and each of its events
 * runs again alone, carefully.
 */
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { Where } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { fullModule } from '../../engine/access/field-view.js';
import type { RequestContext } from '../../engine/context.js';
import { rowToRecord, selectColumns } from '../../engine/records/serialize.js';
import { compileWhere } from '../../engine/query/filter-sql.js';
import { batched, type AfterCommit, type JobHandler, type JobRun } from '../../platform/jobs.js';
import { perTransaction, type Tx } from '../../platform/db.js';
import type { AutomationEvent } from './outbox.js';
import { queueWebhooks } from './webhooks.js';
import { ownerContext, runAction } from './workflow-actions.js';
import { changesMatch, MAX_DEPTH, RECORDS_PER_CHANGE, splitWhere, triggerFires, type Action, type Changes, type Trigger } from './workflow-definition.js';
import { scheduleDate } from './workflow-schedule.js';

export interface WorkflowRow { id: string; name: string; module: string; trigger: Trigger; where: Where | null; actions: Action[]; owner: string }

const workflowsOf = perTransaction<WorkflowRow[]>();

/** A module's active workflows with these triggers (read once per transaction: a batch of events shares them). */
export function activeWorkflows(trx: Tx, module: string, types: string[]): Promise<WorkflowRow[]> {
  return workflowsOf(trx, `${module}:${types.join(',')}`, async () => {
    const r = await sql<WorkflowRow>`select id, name, module, trigger, "where", actions, coalesce(assigned_to, created_by)::text as owner from workflows
      where module = ${module} and active and deleted_at is null and trigger->>'type' = any(${types}::text[]) order by created_at, id`.execute(trx);
    return r.rows;
  });
}

export async function loadWorkflow(trx: Tx, id: string): Promise<WorkflowRow | null> {
  const r = await sql<WorkflowRow>`select id, name, module, trigger, "where", actions, coalesce(assigned_to, created_by)::text as owner from workflows
    where id = ${id} and active and deleted_at is null`.execute(trx);
  return r.rows[0] ?? null;
}

/** A workflow about to run for a record: the owner's context it acts in and its conditions compiled for that owner. */
interface Candidate { wf: WorkflowRow; ctx: RequestContext; test: RawBuilder<unknown> }
/** The record as it is now, with the id a workflow's run will be logged under. */
export interface Match { record: Record<string, unknown>; runId: number }

/**
 * A workflow's owner context and its conditions (the filter as the owner sees records), or null when the workflow
 * does not run: its owner is gone, or the change conditions do not hold. Throws when the filter no longer compiles.
 */
const OWNER_GONE = "the workflow's owner cannot run it";

async function candidate(app: AppContext, trx: Tx, wf: WorkflowRow, recordId: string, opts: RunOptions): Promise<Candidate | null> {
  if (!changesMatch(splitWhere(wf.where).change, opts.changes)) return null;
  let ctx: RequestContext;
  try {
    ctx = await ownerContext(app, trx, wf.owner, opts.depth);
  } catch (err) {
    // Its owner left (or is a group): it has no one to act as. Logged — at most once an hour, not once per record of
    // an import — so that an administrator sees why it stopped.
    const said = opts.log?.some((r) => r.workflow_id === wf.id && r.error?.startsWith(OWNER_GONE))
      || (await sql`select 1 from workflow_runs where workflow_id = ${wf.id} and status = 'error' and started_at > now() - interval '1 hour'
        and error like ${`${OWNER_GONE}%`} limit 1`.execute(trx)).rows.length > 0;
    if (!said) {
      const row = runRow(wf, recordId, { trigger: opts.trigger, status: 'error', error: `${OWNER_GONE}: ${problemOf(err)}`, depth: opts.depth, started: Date.now() });
      if (opts.log) opts.log.push(row); else await writeRuns(trx, [row]);
    }
    return null;
  }
  const m = ctx.registry.module(wf.module);
  const parts = [compileWhere(m, splitWhere(wf.where).filter, ctx.lang, 't', opts.zone ?? ctx.user.timeZone), visibilityPredicate(ctx, m.name, 'read')].filter((x) => x !== null && x !== undefined);
  return { wf, ctx, test: parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true` };
}

/**
 * The record as it is now — for each workflow as its owner may see it (fields hidden from the owner left out) — and,
 * for each workflow whose owner may see the record and whose filter it meets, the id its run will be logged under: one
 * statement for all of them (no id is taken for a workflow it does not meet).
 */
async function matching(trx: Tx, candidates: Candidate[], recordId: string): Promise<(Match | null)[]> {
  if (!candidates.length) return [];
  const all = fullModule(candidates[0].ctx.registry, candidates[0].wf.module);
  const ids = candidates.map((c, i) => sql`case when ${c.test} then nextval(pg_get_serial_sequence('workflow_runs', 'id')) end as ${sql.id(`karta_run_${i}`)}`);
  const r = await sql<Record<string, unknown>>`select ${sql.join(ids)}, ${selectColumns(all.allFields)}
    from ${sql.table(all.name)} t where t.id = ${recordId} and t.deleted_at is null`.execute(trx);
  const row = r.rows[0];
  if (!row) return candidates.map(() => null);
  return candidates.map((c, i) => (row[`karta_run_${i}`] == null ? null
    : { record: rowToRecord(c.ctx.registry.module(all.name).allFields, row), runId: Number(row[`karta_run_${i}`]) }));
}

export interface RunOutcome { id: number; status: 'ok' | 'error' | 'stopped' | 'skipped'; actions: Record<string, unknown>[] }

/** A line of the run log; runs of the workflow's own have their id already (taken with the record). */
interface RunRow { id?: number; workflow_id: string; module: string; record_id: string | null; trigger: string; status: string; actions: unknown[]; error: string | null; depth: number; started_at: string; duration_ms: number }

function runRow(wf: WorkflowRow, recordId: string | null, run: { id?: number; trigger: string; status: string; error: string | null; depth: number; actions?: unknown[]; started: number }): RunRow {
  return {
    id: run.id, workflow_id: wf.id, module: wf.module, record_id: recordId, trigger: run.trigger, status: run.status, actions: run.actions ?? [],
    error: run.error, depth: run.depth, started_at: new Date(run.started).toISOString(), duration_ms: Date.now() - run.started,
  };
}

/** Writes lines of the run log, one statement for any number of them (a line without its id gets the next one). */
/**
 * A time-triggered run that could not start — its filter names a field deleted since — is logged as an error run
 * instead of failing its job (which would be retried, then dropped with the schedule's next turn): the schedule goes on,
 * and an administrator sees why nothing happened. Other failures (the database) still fail the job, to be retried.
 */
export async function loggedIfRefused<T>(trx: Tx, wf: WorkflowRow, recordId: string | null, trigger: string, run: () => Promise<T>): Promise<T | undefined> {
  await sql`savepoint workflow_start`.execute(trx);
  try {
    const out = await run();
    await sql`release savepoint workflow_start`.execute(trx);
    return out;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await sql`rollback to savepoint workflow_start`.execute(trx);
    await writeRuns(trx, [runRow(wf, recordId, { trigger, status: 'error', error: problemOf(err), depth: 0, started: Date.now() })]);
    return undefined;
  }
}

async function writeRuns(trx: Tx, rows: RunRow[]): Promise<void> {
  if (!rows.length) return;
  const cols = sql`workflow_id, module, record_id, trigger, status, actions, error, depth, started_at, duration_ms`;
  await sql`insert into workflow_runs (id, ${cols}) overriding system value
    select coalesce(id, nextval(pg_get_serial_sequence('workflow_runs', 'id'))), ${cols} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(id bigint, workflow_id uuid, module text, record_id uuid, trigger text, status text, actions jsonb, error text, depth int, started_at timestamptz, duration_ms int)`.execute(trx);
}

/** The run log of a batch of events, written once before it commits (a failing batch writes none: it runs again). */
const batchRuns = perTransaction<RunRow[]>();

export interface RunOptions {
  trigger: string; changes: Changes; depth: number; key: string;
  /** Where the run's line of the log goes, to be written later with others (else it is written now). */
  log?: RunRow[];
  /**
   * A failing action throws instead of being logged (no savepoint per action): for a job in a batch, which then runs
   * again alone, carefully.
   */
  failFast?: boolean;
  /** The clock the filter counts days on (a schedule's or date trigger's: the company's); else the owner's. */
  zone?: string;
  /** Records the runs of one change may still make (shared by its workflows). */
  allowance?: { left: number; of: number };
}

/**
 * One run of a workflow for one record: conditions, then each action in order (each under a savepoint, so one failing
 * is logged and the others still run), then one row in the run log. Nothing is logged when the conditions do not hold
 * (a save that is not for this workflow); a run past the depth limit is logged as stopped.
 */
export async function runWorkflow(app: AppContext, trx: Tx, wf: WorkflowRow, recordId: string, opts: RunOptions, pending: RequestContext[]): Promise<RunOutcome | null> {
  const started = Date.now();
  const c = await candidate(app, trx, wf, recordId, opts);
  const [found] = c ? await matching(trx, [c], recordId) : [null];
  return c && found ? runMatched(app, trx, c, recordId, found, opts, pending, started) : null;
}

/** Actions that write records: the record may be another after them (its workflows' conditions are read again). */
const WRITES_RECORDS = new Set<Action['type']>(['create_task', 'create_event', 'update_fields', 'create_record']);

async function runMatched(app: AppContext, trx: Tx, c: Candidate, recordId: string, found: Match, opts: RunOptions, pending: RequestContext[], started: number): Promise<RunOutcome> {
  const { wf, ctx } = c;
  const { record, runId } = found;
  const log = { id: runId, trigger: opts.trigger, depth: opts.depth, started };
  const logged = async (row: RunRow) => { if (opts.log) opts.log.push(row); else await writeRuns(trx, [row]); };
  if (opts.depth >= MAX_DEPTH) {
    await logged(runRow(wf, recordId, { ...log, status: 'stopped', error: `stopped: ${MAX_DEPTH} workflows in a row changed this record (a loop?)` }));
    return { id: runId, status: 'stopped', actions: [] };
  }
  const results: Record<string, unknown>[] = [];
  for (const [i, action] of wf.actions.entries()) {
    const t0 = Date.now();
    const scope = { app, trx, ctx, module: wf.module, record, workflowId: wf.id, key: `${opts.key}:${i}`, runId, now: new Date(), zone: opts.zone ?? ctx.user.timeZone ?? 'UTC', allowance: opts.allowance };
    if (opts.failFast) {
      results.push({ type: action.type, status: 'ok', result: await runAction(scope, action), ms: Date.now() - t0 });
      continue;
    }
    await sql`savepoint workflow_action`.execute(trx);
    try {
      const result = await runAction(scope, action);
      await sql`release savepoint workflow_action`.execute(trx);
      results.push({ type: action.type, status: 'ok', result, ms: Date.now() - t0 });
    } catch (err) {
      await sql`rollback to savepoint workflow_action`.execute(trx);
      results.push({ type: action.type, status: 'error', error: problemOf(err), ms: Date.now() - t0 });
    }
  }
  const failed = results.filter((r) => r.status === 'error').length;
  await logged(runRow(wf, recordId, { ...log, status: failed ? 'error' : 'ok', error: failed ? `${failed} of ${results.length} actions failed` : null, actions: results }));
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
  return async (trx, payload, job) => {
    // Alone, an event writes its runs' log at its end; in a batch, the last event writes the whole batch's.
    const runs = job.alone ? [] : await batchRuns(trx, 'runs', async () => []);
    const after = await handleEvent(app, trx, payload as unknown as AutomationEvent, job, runs);
    if (job.alone || job.last) await writeRuns(trx, runs.splice(0));
    return after;
  };
}

async function handleEvent(app: AppContext, trx: Tx, ev: AutomationEvent, job: JobRun, runs: RunRow[]): Promise<AfterCommit | undefined> {
  if (!app.meta.registry.has(ev.module)) return;
  await queueWebhooks(app, trx, ev);
  if (ev.action === 'deleted') return;
  const pending: RequestContext[] = [];
  const eventKey = `wfe:${ev.module}:${ev.id}:${ev.at}`;
  const workflows = await activeWorkflows(trx, ev.module, ['create', 'save', 'field_change', 'date']);
  const of = RECORDS_PER_CHANGE[ev.depth] ?? 0;
  const allowance = { left: of, of };
  const opts = (wf: WorkflowRow): RunOptions => ({ trigger: wf.trigger.type, changes: ev.changes, depth: ev.depth, key: `${eventKey}:${wf.id}`, failFast: !job.alone, log: runs, allowance });
  const fires = (wf: WorkflowRow) => triggerFires(wf.trigger, ev.action, ev.changes);
  /** A date workflow plans its job for the record (when the date is new or moved) and runs nothing now. */
  const planned = async (wf: WorkflowRow): Promise<boolean> => {
    if (wf.trigger.type !== 'date') return false;
    if (ev.action === 'created' || (wf.trigger.field && wf.trigger.field in ev.changes)) await scheduleDate(trx, wf, ev.id);
    return true;
  };
  if (job.alone) {
    // Carefully: each workflow under a savepoint, so one that cannot run (a field deleted since it was saved, a
    // statement failing) is logged as an error run and the others still run.
    for (const wf of workflows) {
      const started = Date.now();
      await sql`savepoint workflow_run`.execute(trx);
      try {
        if (!(await planned(wf)) && fires(wf)) await runWorkflow(app, trx, wf, ev.id, opts(wf), pending);
        await sql`release savepoint workflow_run`.execute(trx);
      } catch (err) {
        await sql`rollback to savepoint workflow_run`.execute(trx);
        runs.push(runRow(wf, ev.id, { trigger: wf.trigger.type, status: 'error', error: problemOf(err), depth: ev.depth, started }));
      }
    }
    return publishAfter(pending);
  }
  // In a batch, fast: any failure fails the batch (and this event runs again alone). The record is read once for all
  // the workflows, and again for those still to run after one that wrote records.
  const firing: { c: Candidate; started: number }[] = [];
  for (const wf of workflows) {
    const started = Date.now();
    const c = !(await planned(wf)) && fires(wf) ? await candidate(app, trx, wf, ev.id, opts(wf)) : null;
    if (c) firing.push({ c, started });
  }
  let matches: (Match | null)[] = [];
  let from = 0;
  for (const [i, f] of firing.entries()) {
    if (i >= from + matches.length) {
      matches = await matching(trx, firing.slice(i).map((x) => x.c), ev.id);
      from = i;
    }
    const found = matches[i - from];
    if (!found) continue;
    await runMatched(app, trx, f.c, ev.id, found, opts(f.c.wf), pending, f.started);
    if (f.c.wf.actions.some((a) => WRITES_RECORDS.has(a.type))) matches = [];
  }
  return publishAfter(pending);
}

export function workflowEventJobs(app: AppContext): Record<string, JobHandler> {
  // Events are many and light: 50 to a transaction spare a claim and a commit each, the reads the batch shares and
  // (failing fast) the savepoints around each action.
  return { automation_event: batched(onEvent(app), 50) };
}
