/**
 * Scheduled reports on the job queue: a report with an active schedule keeps one pending job (key
 * `report_schedule:<id>`); the job runs the report as its owner (the owner's visibility), e-mails the file with a
 * link, logs the run and schedules the next one. The queue's row lock makes it run once whatever the instances.
 */
import { sql } from 'kysely';
import { isLang, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { contextInTransaction } from '../../engine/system-context.js';
import { requireReportExport } from '../analytics/report-definition.js';
import type { Tx } from '../../platform/db.js';
import { cancel, enqueue, type JobHandler } from '../../platform/jobs.js';
import { sendMail, senderAddress } from '../../platform/mail.js';
import { readCompany } from '../../admin/company-routes.js';
import { AppError } from '../../platform/errors.js';
import { tr } from '../../platform/messages/say.js';
import { exportReport } from '../analytics/report-export.js';
import { runReport } from '../analytics/report-run.js';
import { definitionOf } from './report-behaviour.js';
import { nextRun, type ReportSchedule } from './schedule.js';
import { TIME_ZONE_CHANGED, userTimeZone } from '../../platform/time-zone.js';

export const REPORT_JOB = 'report_schedule';
const jobKey = (id: string) => `report_schedule:${id}`;

export const REPORT_RUNS_MIGRATION = {
  version: 405,
  name: 'analytics: the log of scheduled report runs',
  statements: [
    `create table report_runs (
      id bigint generated always as identity primary key, report_id uuid not null, run_at timestamptz not null default now(),
      status text not null, recipients jsonb not null default '[]', rows int, error text)`,
    `create index report_runs_report on report_runs(report_id, id desc)`,
  ],
};

/** The owner's language, whether they may still run it, and their clock (their zone, else the company's). */
async function ownerZone(db: Tx, owner: unknown): Promise<{ zone: string; language: Lang; active: boolean }> {
  const r = await sql<{ language: string; active: boolean }>`select language, active from users where id = ${String(owner)}::uuid`.execute(db).catch(() => ({ rows: [] }));
  const u = r.rows[0];
  return { zone: u ? await userTimeZone(db, String(owner)) : 'UTC', language: isLang(u?.language) ? u!.language as Lang : 'en', active: Boolean(u?.active) };
}

const MAX_REBOOKED = 10_000;

/** Books the next send of every active schedule of an owner (`null`: of everyone) again, after a change of clock. */
export async function rebookReportSchedules(db: Tx, owner: string | null): Promise<void> {
  const r = await sql<{ id: string; schedule: ReportSchedule; assigned_to: string }>`select id, schedule, assigned_to from reports
    where deleted_at is null and schedule is not null ${owner ? sql`and assigned_to = ${owner}` : sql``} limit ${MAX_REBOOKED}`.execute(db);
  // One owner's clock is read once, however many of their reports are booked.
  const zones = new Map<string, string>();
  for (const report of r.rows) {
    if (report.schedule.active === false) continue;
    let zone = zones.get(report.assigned_to);
    if (zone === undefined) zones.set(report.assigned_to, (zone = (await ownerZone(db, report.assigned_to)).zone));
    await enqueue(db, { kind: REPORT_JOB, key: jobKey(report.id), payload: { id: report.id }, runAt: nextRun(report.schedule, zone, new Date()) });
  }
}

export function registerReportScheduleListeners(app: AppContext): void {
  app.events.on(TIME_ZONE_CHANGED, (p: { userId: string | null }) => rebookReportSchedules(app.database.db, p.userId));
}

/** Keeps the report's pending send in step with its schedule (set, changed, switched off, report deleted). */
export const reportScheduleBehaviour: ModuleBehaviour = {
  async afterWrite(ctx, change, record) {
    const s = record.schedule as ReportSchedule | null;
    if (change.action === 'delete' || !s || s.active === false) return cancel(ctx.db, jobKey(change.id));
    const { zone } = await ownerZone(ctx.db, record.assigned_to);
    await enqueue(ctx.db, { kind: REPORT_JOB, key: jobKey(change.id), payload: { id: change.id }, runAt: nextRun(s, zone, new Date()) });
  },
};

export function reportJobs(app: AppContext): Record<string, JobHandler> {
  return {
    async [REPORT_JOB](trx, payload) {
      const id = String(payload.id);
      const r = await sql<Record<string, unknown>>`select * from reports where id = ${id} and deleted_at is null`.execute(trx);
      const report = r.rows[0];
      const schedule = report?.schedule as ReportSchedule | null | undefined;
      if (!report || !schedule || schedule.active === false) return;
      const owner = await ownerZone(trx, report.assigned_to);
      // The next send is booked first, so a failure here never stops the schedule.
      await enqueue(trx, { kind: REPORT_JOB, key: jobKey(id), payload, runAt: nextRun(schedule, owner.zone, new Date(Date.now() + 60_000)) });
      const users = await sql<{ email: string }>`select email from users where id = any(${schedule.users ?? []}::uuid[]) and active and email is not null`.execute(trx);
      const to = [...new Set([...users.rows.map((u) => u.email), ...(schedule.emails ?? [])])];
      try {
        if (!owner.active) throw new AppError('FORBIDDEN', 'The owner of this report is no longer active');
        const ctx = await contextInTransaction(app, trx, String(report.assigned_to), owner.language);
        const def = definitionOf(report);
        requireReportExport(ctx, def); // the mailed file is an export of the owner's records
        const result = await runReport(ctx, def);
        const file = await exportReport(result, String(report.name), schedule.format ?? 'xlsx', owner.language);
        const link = app.config.publicUrl ? `${app.config.publicUrl.replace(/\/$/, '')}/reports/${id}` : `/reports/${id}`;
        await sendMail({
          from: senderAddress((await readCompany(trx)).email), to, subject: String(report.name),
          text: `${String(report.name)}\n${link}\n`, attachments: [{ filename: file.filename, content: file.body, contentType: file.type }],
        });
        await sql`insert into report_runs (report_id, status, recipients, rows) values (${id}, 'sent', ${JSON.stringify(to)}::jsonb, ${result.rows.length || result.groups.length})`.execute(trx);
      } catch (err) {
        // An unexpected failure (the mail server, the database) is told in the owner's language; its detail goes to the log.
        if (!(err instanceof AppError)) console.error(`karta: scheduled report ${id} failed:`, err);
        const why = err instanceof AppError ? err.render(owner.language).message : tr('The report could not be made or sent; the server log has the details', owner.language);
        await sql`insert into report_runs (report_id, status, recipients, error) values (${id}, 'failed', ${JSON.stringify(to)}::jsonb, ${why.slice(0, 500)})`.execute(trx);
      }
    },
  };
}

/** The last runs of a scheduled report, newest first. */
export async function reportRuns(db: Tx, id: string) {
  const r = await sql`select run_at, status, recipients, rows, error from report_runs where report_id = ${id} order by id desc limit 50`.execute(db);
  return r.rows;
}
