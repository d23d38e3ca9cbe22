/**
 * Time triggers without scanning tables every minute. A date trigger ("3 days before close_date") puts one job
 * per record at its due time, keyed by workflow, record and due time — so it fires once per due time across
 * instances and restarts; a record whose date moved later still has its old job, which sees the new due time and
 * does nothing. Saving the workflow plans the records already there (in pages, through the date field's order).
 * A schedule trigger (cron, in the company's zone) is one job per workflow that plans its own next run.
 */
import { sql } from 'kysely';
import { requireAdmin } from '../../engine/access/permissions.js';
import type { AppContext } from '../../app-context.js';
import { readCompany } from '../../admin/company-routes.js';
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { compileWhere } from '../../engine/query/filter-sql.js';
import { cancel, enqueue, type JobHandler } from '../../platform/jobs.js';
import type { DB, Tx } from '../../platform/db.js';
import { zonedInstant } from '../reports/schedule.js';
import { checkActions, checkTrigger, checkWhere, invalidWorkflow, nextCron } from './workflow-check.js';
import { checkModuleName } from './template-behaviour.js';
import { splitWhere, type Trigger } from './workflow-definition.js';
import { loadWorkflow, loggedIfRefused, publishAfter, runWorkflow, type WorkflowRow } from './workflow-run.js';
import { firstTimeZone, TIME_ZONE_CHANGED } from '../../platform/time-zone.js';

/** Records a scheduled run or a planning job handles at once (bounded work per job; the next page is a new job). */
const PAGE = 500;
/** A schedule touches at most this many records per run, this many per job (its own transaction). */
const MAX_SCHEDULED = 5_000;
const SCHEDULE_PAGE = 100;
/** Date triggers on dates (not datetimes) fire at this local hour. */
const DATE_HOUR = 9;

/** The company's time zone: the company setting, else `KARTA_TIME_ZONE`, else UTC. */
export async function companyZone(db: DB | Tx): Promise<string> {
  return firstTimeZone([(await readCompany(db)).time_zone, process.env.KARTA_TIME_ZONE]);
}

/** When a date trigger is due for a field value: a date at 09:00 in the zone, a datetime as it is; plus the offsets. */
export function dueAt(trigger: Trigger, value: unknown, zone: string): Date | null {
  if (typeof value !== 'string' || !value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    // Days move the calendar date, so the time stays 09:00 on the zone's clocks across a DST change.
    const day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + (trigger.offset_days ?? 0)));
    const base = zonedInstant(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), DATE_HOUR, 0, zone);
    return Number.isNaN(base.getTime()) ? null : new Date(base.getTime() + (trigger.offset_hours ?? 0) * 3_600_000);
  }
  const base = new Date(value);
  const offset = ((trigger.offset_days ?? 0) * 24 + (trigger.offset_hours ?? 0)) * 3_600_000;
  return Number.isNaN(base.getTime()) ? null : new Date(base.getTime() + offset);
}

/** Plans a record's date trigger (nothing when the due time has passed). */
export async function scheduleDate(trx: Tx, wf: WorkflowRow, recordId: string, zone?: string): Promise<void> {
  const field = wf.trigger.field!;
  const r = await sql<{ v: string | null }>`select ${sql.ref(field)}::text as v from ${sql.table(wf.module)} where id = ${recordId} and deleted_at is null`.execute(trx);
  const due = dueAt(wf.trigger, r.rows[0]?.v, zone ?? (await companyZone(trx)));
  if (!due || due.getTime() < Date.now()) return;
  await enqueue(trx, { kind: 'workflow_date', key: `wfd:${wf.id}:${recordId}:${due.toISOString()}`, ifAbsent: true, runAt: due, payload: { workflow: wf.id, record: recordId, due: due.toISOString() } });
}

function onDate(app: AppContext): JobHandler {
  return async (trx, p) => {
    const wf = await loadWorkflow(trx, String(p.workflow));
    if (!wf || wf.trigger.type !== 'date') return;
    const r = await sql<{ v: string | null }>`select ${sql.ref(wf.trigger.field!)}::text as v from ${sql.table(wf.module)} where id = ${String(p.record)} and deleted_at is null`.execute(trx);
    const zone = await companyZone(trx);
    const due = dueAt(wf.trigger, r.rows[0]?.v, zone);
    if (!due || due.toISOString() !== p.due) return; // the date moved: another job is planned for the new one
    const pending: RequestContext[] = [];
    await loggedIfRefused(trx, wf, String(p.record), 'date', () => runWorkflow(app, trx, wf, String(p.record), { trigger: 'date', changes: {}, depth: 0, key: `wfd:${wf.id}:${p.record}:${p.due}`, zone }, pending));
    return publishAfter(pending);
  };
}

/** Plans the date trigger for records already there whose due time is ahead, a page at a time (cursor: the id). */
function onPlan(): JobHandler {
  return async (trx, p) => {
    const wf = await loadWorkflow(trx, String(p.workflow));
    if (!wf || wf.trigger.type !== 'date') return;
    const after = typeof p.after === 'string' ? p.after : '00000000-0000-0000-0000-000000000000';
    // Only records whose date is not long past (the index on the field narrows it); the exact due time is checked per record.
    const afterHours = Math.max(0, (wf.trigger.offset_days ?? 0) * 24 + (wf.trigger.offset_hours ?? 0));
    const horizon = new Date(Date.now() - (afterHours + 48) * 3_600_000).toISOString().slice(0, 10);
    const r = await sql<{ id: string }>`select id from ${sql.table(wf.module)} where deleted_at is null and ${sql.ref(wf.trigger.field!)} >= ${horizon}
      and id > ${after} order by id limit ${PAGE}`.execute(trx);
    const zone = await companyZone(trx);
    for (const row of r.rows) await scheduleDate(trx, wf, row.id, zone);
    if (r.rows.length === PAGE) await enqueue(trx, { kind: 'workflow_plan', key: `wfp:${wf.id}`, runAt: new Date(), payload: { workflow: wf.id, after: r.rows.at(-1)!.id } });
  };
}

/**
 * One page of a cron run: the next records meeting the filter after `after`; the rest is a job of its own, so no
 * transaction (on PGlite: the one connection) is held for a whole run.
 */
async function schedulePage(app: AppContext, trx: Tx, wf: WorkflowRow, at: string, after: string, seen: number) {
  const m = app.meta.registry.module(wf.module);
  // "Due today" on the company's clock: a schedule runs for the company, not for one reader (its runs check the same).
  const zone = await companyZone(trx);
  const cond = compileWhere(m, splitWhere(wf.where).filter, 'en', 't', zone);
  const r = await sql<{ id: string }>`select id from ${sql.table(m.name)} t where t.deleted_at is null ${cond ? sql`and ${cond}` : sql``}
    and t.id > ${after} order by t.id limit ${SCHEDULE_PAGE}`.execute(trx);
  const pending: RequestContext[] = [];
  for (const row of r.rows) await runWorkflow(app, trx, wf, row.id, { trigger: 'schedule', changes: {}, depth: 0, key: `wfs:${wf.id}:${at}:${row.id}`, zone }, pending);
  const done = seen + r.rows.length;
  if (r.rows.length === SCHEDULE_PAGE && done < MAX_SCHEDULED) {
    await enqueue(trx, { kind: 'workflow_schedule_page', key: `wfsp:${wf.id}:${at}`, runAt: new Date(), payload: { workflow: wf.id, at, after: r.rows.at(-1)!.id, seen: done } });
  }
  return publishAfter(pending);
}

/** A cron run: plans the next one, then walks the records meeting the filter a page per job, up to a bound. */
function onSchedule(app: AppContext): JobHandler {
  return async (trx, p) => {
    const wf = await loadWorkflow(trx, String(p.workflow));
    if (!wf || wf.trigger.type !== 'schedule' || !wf.trigger.cron) return;
    const next = nextCron(wf.trigger.cron, await companyZone(trx), new Date());
    await enqueue(trx, { kind: 'workflow_schedule', key: `wfs:${wf.id}`, runAt: next, payload: { workflow: wf.id, at: next.toISOString() } });
    return loggedIfRefused(trx, wf, null, 'schedule', () => schedulePage(app, trx, wf, String(p.at ?? ''), '00000000-0000-0000-0000-000000000000', 0));
  };
}

function onSchedulePage(app: AppContext): JobHandler {
  return async (trx, p) => {
    const wf = await loadWorkflow(trx, String(p.workflow));
    if (!wf || wf.trigger.type !== 'schedule') return;
    return loggedIfRefused(trx, wf, null, 'schedule', () => schedulePage(app, trx, wf, String(p.at), String(p.after), Number(p.seen)));
  };
}

export function workflowTimeJobs(app: AppContext): Record<string, JobHandler> {
  return { workflow_date: onDate(app), workflow_plan: onPlan(), workflow_schedule: onSchedule(app), workflow_schedule_page: onSchedulePage(app) };
}

/** A workflow is checked on save, and its time trigger (re)planned in the same transaction. */
async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  // They act with their owner's access (a workflow's actions, a webhook's view of records, an approval's locks):
  // only administrators build, delete or restore them, whatever a profile grants on these modules.
  requireAdmin(ctx);
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = { ...change.before, ...change.values };
  if ('module' in change.values) checkModuleName(ctx, 'module', v.module, invalidWorkflow);
  if (typeof v.module !== 'string' || !ctx.registry.has(v.module)) throw invalidWorkflow('module', 'is required');
  if (change.before && 'module' in change.values && change.values.module !== change.before.module) throw invalidWorkflow('module', 'cannot change once saved');
  // A stored trigger or filter is checked when it is written: one naming a field deleted since must not stop the
  // workflow from being switched off or renamed (its runs log why they fail).
  if (change.action === 'create' || 'trigger' in change.values) checkTrigger(ctx, v.module, v.trigger);
  // The rules about how conditions and actions fit the trigger apply to what is written now: a workflow stored before
  // them can still be renamed or switched off.
  const definition = ['where', 'trigger'].some((k) => k in change.values);
  if (change.action === 'create' || definition) checkWhere(ctx, v.module, v.where, (v.trigger as { type?: string } | null)?.type);
  checkActions(ctx, v.module, v.actions, 'actions' in change.values);
}

async function afterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  await cancel(ctx.db, `wfs:${change.id}`);
  const live = change.action !== 'delete' && record.active !== false;
  const trigger = record.trigger as Trigger | undefined;
  if (live && trigger) await planTimeTrigger(ctx.db, change.id, trigger, await companyZone(ctx.db));
}

/** The next cron run on the zone's clock; a date trigger's plan of every record (from the first page). */
async function planTimeTrigger(db: Tx, id: string, trigger: Trigger, zone: string): Promise<void> {
  if (trigger.type === 'schedule' && trigger.cron) {
    const next = nextCron(trigger.cron, zone, new Date());
    await enqueue(db, { kind: 'workflow_schedule', key: `wfs:${id}`, runAt: next, payload: { workflow: id, at: next.toISOString() } });
  }
  if (trigger.type === 'date') await enqueue(db, { kind: 'workflow_plan', key: `wfp:${id}`, runAt: new Date(), payload: { workflow: id } });
}

/**
 * A new company clock moves every time trigger: a cron's next run is its time on the new clock, and a date trigger's
 * records are planned again (a run booked on the old clock finds its due time moved and does nothing).
 */
export function registerWorkflowZoneListener(app: AppContext): void {
  app.events.on(TIME_ZONE_CHANGED, async (p: { userId: string | null }) => {
    if (p.userId !== null) return;
    const db = app.database.db;
    const zone = await companyZone(db);
    const timed = await sql<{ id: string; trigger: Trigger }>`select id::text, trigger from workflows
      where coalesce(active, true) and deleted_at is null and trigger ->> 'type' in ('schedule', 'date')`.execute(db);
    for (const wf of timed.rows) await planTimeTrigger(db, wf.id, wf.trigger, zone);
  });
}

export const workflowBehaviour: ModuleBehaviour = { beforeWrite, afterWrite };
