/**
 * Reminders and due tasks on the job queue (platform/jobs.ts):
 *   - an event or a task with `reminder_minutes` reminds its assignee and invitees that long before it starts
 *     (a recurring event, before each occurrence); moving or deleting it moves or drops the reminder;
 *   - a task not completed notifies its assignee on its due date and again the day after (overdue);
 *   - times of day are the owner's (their zone, else the company's): a task is due at 06:00 on their clock, a
 *     weekly event repeats at its hour on their clock across DST; `zone-rebook.ts` moves them when a clock changes.
 *   - "remind me about this record at …" is a personal reminder (reminder-routes.ts).
 * Jobs name the record, not its state: the handler reads the record when it fires.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { readableInTransaction } from '../../engine/system-context.js';
import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import type { Tx } from '../../platform/db.js';
import { cancel, enqueue, type JobHandler } from '../../platform/jobs.js';
import { notify } from './notifications.js';
import { occurrences } from './recurrence.js';
import { atLocalTime, firstTimeZone, ownerTimeZone, userTimeZone } from '../../platform/time-zone.js';
import { isLang, LOCALES } from '@karta/shared';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Tasks are due in the morning of their date, on the owner's clock: when people start the day's work. */
const DUE_TIME = '06:00';
/** An overdue notice comes at least this long after the due one (which may have fired late). */
const OVERDUE_GAP = 20 * 3_600_000;

const reminderKey = (module: string, id: string) => `reminder:${module}:${id}`;
const dueKey = (id: string) => `task_due:${id}`;

type Row = Record<string, unknown>;

/** When the next reminder of an event should fire (the first occurrence whose reminder is still ahead). */
export function nextEventReminder(event: Row, now: Date, zone = 'UTC'): Date | null {
  const minutes = Number(event.reminder_minutes);
  if (event.reminder_minutes == null || !Number.isFinite(minutes) || minutes < 0 || !event.start_at) return null;
  if (event.status === 'held' || event.status === 'not_held' || event.status === 'cancelled') return null;
  const lead = minutes * MINUTE;
  const from = new Date(now.getTime() + lead);
  const next = occurrences({ start_at: String(event.start_at), recurrence: (event.recurrence as string | null) ?? null }, zone, from, new Date(from.getTime() + 400 * DAY), 1)[0];
  return next ? new Date(Date.parse(next.start) - lead) : null;
}

/** When a task is due on its owner's clock (`overdue`: the morning after). */
export function taskDueAt(dueDate: string, zone: string, overdue = false): Date {
  return atLocalTime(dueDate.slice(0, 10), DUE_TIME, zone, overdue ? 1 : 0);
}

/** When a task reminds (its reminder minutes before the morning of its due date). */
export function taskReminder(task: Row, now: Date, zone = 'UTC'): Date | null {
  const minutes = Number(task.reminder_minutes);
  if (task.reminder_minutes == null || !Number.isFinite(minutes) || task.status === 'completed' || !task.due_date) return null;
  const at = new Date(taskDueAt(String(task.due_date), zone).getTime() - minutes * MINUTE);
  return at > now ? at : null;
}

/**
 * When a `task_due` job (`{stage, due_sent_at}`) should run: the morning of the date, or (overdue) the next — never
 * within hours of the due notice, which may have gone out late (`due_sent_at`).
 */
export function taskDueRun(task: Row, job: Row, zone: string): Date | null {
  if (task.status === 'completed' || !task.due_date) return null;
  if (job.stage !== 'overdue') return taskDueAt(String(task.due_date), zone);
  const sent = typeof job.due_sent_at === 'string' ? Date.parse(job.due_sent_at) : NaN;
  const morning = taskDueAt(String(task.due_date), zone, true).getTime();
  return new Date(Number.isFinite(sent) ? Math.max(morning, sent + OVERDUE_GAP) : morning);
}

/** The start of the occurrence a recurring event's reminder at `at` is for (its reminder minutes later), for the notice to name. */
function occurrenceOf(event: Row, at: Date | null): { starts?: string } {
  if (!at || !event.recurrence) return {};
  return { starts: new Date(at.getTime() + Number(event.reminder_minutes) * MINUTE).toISOString() };
}

/** Whether an update changes what a task's due notices are about: its date, its owner, or whether it is completed. */
export function dueNoticeChanged(before: Row, after: Row): boolean {
  const differs = (k: string) => String(before[k] ?? '') !== String(after[k] ?? '');
  return differs('due_date') || differs('assigned_to') || (before.status === 'completed') !== (after.status === 'completed');
}

/** Plans the job at `at`, or drops the pending one — which a record just created cannot have yet. */
async function schedule(db: Tx, key: string, kind: string, payload: Row, at: Date | null, created: boolean): Promise<void> {
  if (at) await enqueue(db, { kind, key, payload, runAt: at });
  else if (!created) await cancel(db, key);
}

/** Keeps the reminder (and, for tasks, the due notices) of an event or a task in step with every write. */
export const reminderBehaviour = (module: 'events' | 'tasks'): ModuleBehaviour => ({
  async afterWrite(ctx, change, record) {
    const now = new Date();
    const gone = change.action === 'delete';
    const dated = !gone && (module === 'events' ? record.reminder_minutes != null : !!record.due_date);
    const zone = dated ? await ownerTimeZone(ctx.db, record, ctx.user) : 'UTC';
    const at = gone ? null : module === 'events' ? nextEventReminder(record, now, zone) : taskReminder(record, now, zone);
    await schedule(ctx.db, reminderKey(module, change.id), 'reminder', { module, id: change.id, ...occurrenceOf(record, at) }, at, change.action === 'create');
    // The due notices start again only when what they are about changes (the date, the owner, done or not): any other
    // edit of a task already due would send "due" once more and put the overdue notice off.
    if (module === 'tasks' && (change.action !== 'update' || dueNoticeChanged(change.before ?? {}, record))) {
      const due = gone ? null : taskDueRun(record, { stage: 'due' }, zone);
      await schedule(ctx.db, dueKey(change.id), 'task_due', { id: change.id, stage: 'due' }, due, change.action === 'create');
    }
  },
});

/** Active users among the owner and the invitees (a group owner gets no personal reminder). */
async function recipients(db: Tx, record: Row): Promise<{ id: string; language: string; time_zone: string | null }[]> {
  const ids = [record.assigned_to, ...(Array.isArray(record.invitee_ids) ? record.invitee_ids : [])].filter((x): x is string => typeof x === 'string');
  if (!ids.length) return [];
  const r = await sql<{ id: string; language: string; time_zone: string | null }>`select id, language, time_zone from users where id = any(${[...new Set(ids)]}::uuid[]) and active`.execute(db);
  return r.rows;
}

/**
 * When the record is due, as its reader writes dates: an event's moment on their clock (a recurring event's: the
 * occurrence reminded of, `starts`), a task's day.
 */
function whenFor(module: string, record: Row, language: string, zone: string, starts?: unknown): string {
  const locale = LOCALES[isLang(language) ? language : 'en'];
  if (module === 'events') return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(String(typeof starts === 'string' ? starts : record.start_at)));
  const due = record.due_date instanceof Date ? record.due_date.toISOString() : String(record.due_date);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${due.slice(0, 10)}T00:00:00Z`));
}

async function load(db: Tx, module: string, id: unknown): Promise<Row | null> {
  if (module !== 'events' && module !== 'tasks') return null;
  const r = await sql<Row>`select * from ${sql.table(module)} where id = ${String(id)} and deleted_at is null`.execute(db);
  return r.rows[0] ?? null;
}

/** An event's or a task's reminders and due notices: to its people who may still read it (invitees included). */
export const reminderJobs = (app: AppContext): Record<string, JobHandler> => ({
  async reminder(trx, p) {
    const module = String(p.module);
    const record = await load(trx, module, p.id);
    if (!record) return;
    const company = await userTimeZone(trx, null); // the clock of whoever has none of their own, read once
    for (const user of await recipients(trx, record)) {
      if (!(await readableInTransaction(app, trx, user.id, module, String(p.id)))) continue;
      const when = whenFor(module, record, user.language, firstTimeZone([user.time_zone, company]), record.recurrence ? p.starts : undefined);
      await notify(trx, { userId: user.id, kind: 'reminder', module, recordId: String(p.id), label: String(record.subject ?? ''), message: `${String(record.subject ?? '')} — ${when}` });
    }
    // A recurring event reminds again before its next occurrence.
    if (module === 'events' && record.recurrence) {
      const next = nextEventReminder(record, new Date(Date.now() + MINUTE), await ownerTimeZone(trx, record));
      if (next) await enqueue(trx, { kind: 'reminder', key: reminderKey(module, String(p.id)), payload: { ...p, ...occurrenceOf(record, next) }, runAt: next });
    }
  },
  async task_due(trx, p) {
    const task = await load(trx, 'tasks', p.id);
    if (!task || task.status === 'completed') return;
    const overdue = p.stage === 'overdue';
    for (const user of await recipients(trx, { assigned_to: task.assigned_to })) {
      if (!(await readableInTransaction(app, trx, user.id, 'tasks', String(p.id)))) continue;
      const when = whenFor('tasks', task, user.language, 'UTC');
      await notify(trx, { userId: user.id, kind: overdue ? 'task_overdue' : 'task_due', module: 'tasks', recordId: String(p.id), label: String(task.subject ?? ''), message: `${String(task.subject ?? '')} — ${when}` });
    }
    const job = { id: p.id, stage: 'overdue', due_sent_at: new Date().toISOString() };
    const next = overdue ? null : taskDueRun(task, job, await ownerTimeZone(trx, task));
    if (next) await enqueue(trx, { kind: 'task_due', key: dueKey(String(p.id)), payload: job, runAt: next });
  },
});

/**
 * A reminder someone set on a record: it tells them only while they may still read the record (given away, or in
 * the recycle bin since, it says nothing — its label, by bell or e-mail, included).
 */
export function personalReminderJobs(app: AppContext): Record<string, JobHandler> {
  return {
    async personal_reminder(trx, p) {
      const userId = String(p.user_id);
      if (!(await readableInTransaction(app, trx, userId, String(p.module), String(p.record_id)))) return;
      await notify(trx, { userId, kind: 'reminder', module: String(p.module), recordId: String(p.record_id), label: String(p.label ?? ''), message: String(p.note ?? p.label ?? '') });
    },
  };
}
