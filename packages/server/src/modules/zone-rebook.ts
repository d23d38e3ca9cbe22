/**
 * Notices booked at a time of their owner's day — a task due at 06:00, a reminder before it, a weekly event's
 * reminder at its hour, a claim's deadline at the end of its day, a contract's notice at 09:00 — are booked again
 * when a clock changes: a user's zone moves their records' notices, the company's everyone's (a user without a zone,
 * and a group, read it). A job pages through the pending notices, so a change never waits on them.
 */
import { sql } from 'kysely';
import type { AppContext } from '../app-context.js';
import type { Tx } from '../platform/db.js';
import { enqueue, type JobHandler } from '../platform/jobs.js';
import { ownerTimeZone, TIME_ZONE_CHANGED, userTimeZone } from '../platform/time-zone.js';
import { nextEventReminder, taskDueRun, taskReminder } from './activities/reminders.js';
import { claimOverdueAt } from './claims/claim-flow.js';
import { contractDueAt } from './support/contract-usage.js';

type Row = Record<string, unknown>;
/** The table of a pending notice's record, and when the notice should run on the owner's clock (null: leave it). */
interface Bound { table: (payload: Row) => string | null; when: (record: Row, payload: Row, zone: string, now: Date) => Date | null }

const BOUND: Record<string, Bound> = {
  reminder: {
    table: (p) => (p.module === 'events' || p.module === 'tasks' ? p.module : null),
    when: (r, p, zone, now) => (p.module === 'events' ? nextEventReminder(r, now, zone) : taskReminder(r, now, zone)),
  },
  task_due: { table: () => 'tasks', when: (r, p, zone) => taskDueRun(r, p, zone) },
  claim_overdue: { table: () => 'claims', when: (r, _p, zone) => claimOverdueAt(r, zone) },
  contract_due: { table: () => 'service_contracts', when: (r, _p, zone) => contractDueAt(r, zone) },
};

export const ZONE_REBOOK_JOB = 'zone_rebook';
const PAGE = 200;

interface Pending { id: string; kind: string; payload: Row; run_at: Date | string }

/** Loads the records of a page of notices, by table. */
async function recordsOf(trx: Tx, jobs: Pending[]): Promise<Map<string, Row>> {
  const byTable = new Map<string, string[]>();
  for (const j of jobs) {
    const table = BOUND[j.kind].table(j.payload);
    if (table && typeof j.payload.id === 'string') byTable.set(table, [...(byTable.get(table) ?? []), j.payload.id]);
  }
  const out = new Map<string, Row>();
  for (const [table, ids] of byTable) {
    const r = await sql<Row>`select * from ${sql.table(table)} where id = any(${ids}::uuid[]) and deleted_at is null`.execute(trx);
    for (const row of r.rows) out.set(`${table}:${String(row.id)}`, row);
  }
  return out;
}

/** One page of pending notices (after job id `after`) booked again; queues the next page. `user`: only their records. */
export const zoneRebookJob: JobHandler = async (trx, p) => {
  const user = typeof p.user === 'string' ? p.user.toLowerCase() : null;
  // Ordered by the number, not its text ('10' < '9'), or a later page would skip ids. Jobs already due are left to
  // run as booked (a reminder due now must not move to the next occurrence).
  const jobs = (await sql<Pending>`select jobs.id::text as id, kind, payload, run_at from jobs where done_at is null and kind = any(${Object.keys(BOUND)})
    and jobs.id > ${Number(p.after ?? 0)} order by jobs.id limit ${PAGE}`.execute(trx)).rows;
  const records = await recordsOf(trx, jobs);
  const zones = new Map<string, Promise<string>>();
  const now = new Date();
  for (const job of jobs) {
    const table = BOUND[job.kind].table(job.payload);
    const record = records.get(`${table}:${String(job.payload.id)}`);
    if (!record || (user && String(record.assigned_to).toLowerCase() !== user) || new Date(job.run_at).getTime() <= now.getTime()) continue;
    const owner = String(record.assigned_to ?? '');
    if (!zones.has(owner)) zones.set(owner, ownerTimeZone(trx, record));
    const at = BOUND[job.kind].when(record, job.payload, await zones.get(owner)!, now);
    if (at && at.getTime() !== new Date(job.run_at).getTime()) {
      // A recurring event's reminder names its occurrence: it moves with the reminder (its minutes after it).
      const payload = job.kind === 'reminder' && typeof job.payload.starts === 'string'
        ? { ...job.payload, starts: new Date(at.getTime() + Number(record.reminder_minutes) * 60_000).toISOString() } : job.payload;
      await sql`update jobs set run_at = ${at.toISOString()}::timestamptz, payload = ${JSON.stringify(payload)}::jsonb
        where id = ${job.id}::bigint and done_at is null`.execute(trx);
    }
  }
  if (jobs.length === PAGE) await enqueue(trx, { kind: ZONE_REBOOK_JOB, key: rebookKey(user), payload: { user, after: jobs.at(-1)!.id }, runAt: new Date() });
};

const rebookKey = (user: string | null) => `zone_rebook:${user ?? 'company'}`;

/** A change of clock queues the rebooking (from the first page: a later change starts it over). */
export function registerZoneRebook(app: AppContext): void {
  app.events.on(TIME_ZONE_CHANGED, async (p: { userId: string | null }) => {
    await enqueue(app.database.db, { kind: ZONE_REBOOK_JOB, key: rebookKey(p.userId), payload: { user: p.userId, after: 0 }, runAt: new Date() });
    if (p.userId === null) await recordCompanyZone(app.database.db);
  });
}

const APPLIED_ZONE = 'company_time_zone_applied';

/**
 * Keeps the company clock everything is booked on; answers the one it replaced (null: the same, or the first start).
 * Of several instances starting at once with the same new clock, only one gets the old one back: the update re-reads
 * the row it waited for.
 */
async function recordCompanyZone(db: Tx): Promise<string | null> {
  const zone = await userTimeZone(db, null);
  const r = await sql<{ was: string | null }>`with prev as (select value ->> 'zone' as was from settings where key = ${APPLIED_ZONE})
    insert into settings (key, value) values (${APPLIED_ZONE}, ${JSON.stringify({ zone })}::jsonb)
    on conflict (key) do update set value = excluded.value where settings.value ->> 'zone' is distinct from ${zone}
    returning (select was from prev) as was`.execute(db);
  return r.rows[0]?.was ?? null;
}

/**
 * `KARTA_TIME_ZONE` is the clock of a company without its own zone. A restart with another one changes that clock as
 * a change in the settings does, so it is announced the same way: notices are booked again and segments recomputed.
 * Answers whether it announced one.
 */
export async function announceZoneChangeAtStart(app: AppContext): Promise<boolean> {
  if ((await recordCompanyZone(app.database.db)) === null) return false;
  await app.events.emit(TIME_ZONE_CHANGED, { userId: null });
  return true;
}
