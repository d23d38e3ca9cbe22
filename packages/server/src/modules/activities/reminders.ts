/**
 * Reminders and due tasks on the job queue (platform/jobs.ts):
 *   - an event or a task with `reminder_minutes` reminds its assignee and invitees that long before it starts
 *     (a recurring event, before each occurrence); moving or deleting it moves or drops the reminder;
 *   - a task not completed notifies its assignee on its due date and again the day after (overdue);
 *   - "remind me about this record at …" is a personal reminder (reminder-routes.ts).
 * Jobs name the record, not its state: the handler reads the record when it fires.
 */
import { sql } from 'kysely';
import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import type { Tx } from '../../platform/db.js';
import { cancel, enqueue, type JobHandler } from '../../platform/jobs.js';
import { notify } from './notifications.js';
import { occurrences } from './recurrence.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Tasks are due in the morning of their date (UTC): when people start the day's work. */
const DUE_HOUR_UTC = 6;

const reminderKey = (module: string, id: string) => `reminder:${module}:${id}`;
const dueKey = (id: string) => `task_due:${id}`;

type Row = Record<string, unknown>;

/** When the next reminder of an event should fire (the first occurrence whose reminder is still ahead). */
export function nextEventReminder(event: Row, now: Date): Date | null {
  const minutes = Number(event.reminder_minutes);
  if (event.reminder_minutes == null || !Number.isFinite(minutes) || minutes < 0 || !event.start_at) return null;
  if (event.status === 'held' || event.status === 'not_held' || event.status === 'cancelled') return null;
  const lead = minutes * MINUTE;
  const from = new Date(now.getTime() + lead);
  const next = occurrences({ start_at: String(event.start_at), recurrence: (event.recurrence as string | null) ?? null }, 'UTC', from, new Date(from.getTime() + 400 * DAY), 1)[0];
  return next ? new Date(Date.parse(next.start) - lead) : null;
}

/** When a task reminds (its reminder minutes before the start of its due date). */
export function taskReminder(task: Row, now: Date): Date | null {
  const minutes = Number(task.reminder_minutes);
  if (task.reminder_minutes == null || !Number.isFinite(minutes) || task.status === 'completed' || !task.due_date) return null;
  const at = new Date(Date.parse(`${String(task.due_date)}T00:00:00Z`) + DUE_HOUR_UTC * 3_600_000 - minutes * MINUTE);
  return at > now ? at : null;
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
    const at = gone ? null : module === 'events' ? nextEventReminder(record, now) : taskReminder(record, now);
    await schedule(ctx.db, reminderKey(module, change.id), 'reminder', { module, id: change.id }, at, change.action === 'create');
    if (module === 'tasks') {
      const open = !gone && record.status !== 'completed' && !!record.due_date;
      const due = open ? new Date(Date.parse(`${String(record.due_date)}T00:00:00Z`) + DUE_HOUR_UTC * 3_600_000) : null;
      await schedule(ctx.db, dueKey(change.id), 'task_due', { id: change.id, stage: 'due' }, due, change.action === 'create');
    }
  },
});

/** Active users among the owner and the invitees (a group owner gets no personal reminder). */
async function recipients(db: Tx, record: Row): Promise<string[]> {
  const ids = [record.assigned_to, ...(Array.isArray(record.invitee_ids) ? record.invitee_ids : [])].filter((x): x is string => typeof x === 'string');
  if (!ids.length) return [];
  const r = await sql<{ id: string }>`select id from users where id = any(${[...new Set(ids)]}::uuid[]) and active`.execute(db);
  return r.rows.map((x) => x.id);
}

async function load(db: Tx, module: string, id: unknown): Promise<Row | null> {
  if (module !== 'events' && module !== 'tasks') return null;
  const r = await sql<Row>`select * from ${sql.table(module)} where id = ${String(id)} and deleted_at is null`.execute(db);
  return r.rows[0] ?? null;
}

export const reminderJobs: Record<string, JobHandler> = {
  async reminder(trx, p) {
    const module = String(p.module);
    const record = await load(trx, module, p.id);
    if (!record) return;
    const when = module === 'events' ? String(record.start_at) : String(record.due_date);
    for (const user of await recipients(trx, record)) {
      await notify(trx, { userId: user, kind: 'reminder', module, recordId: String(p.id), label: String(record.subject ?? ''), message: `${String(record.subject ?? '')} — ${when}` });
    }
    // A recurring event reminds again before its next occurrence.
    if (module === 'events' && record.recurrence) {
      const next = nextEventReminder(record, new Date(Date.now() + MINUTE));
      if (next) await enqueue(trx, { kind: 'reminder', key: reminderKey(module, String(p.id)), payload: p, runAt: next });
    }
  },
  async task_due(trx, p) {
    const task = await load(trx, 'tasks', p.id);
    if (!task || task.status === 'completed') return;
    const overdue = p.stage === 'overdue';
    for (const user of await recipients(trx, { assigned_to: task.assigned_to })) {
      await notify(trx, { userId: user, kind: overdue ? 'task_overdue' : 'task_due', module: 'tasks', recordId: String(p.id), label: String(task.subject ?? ''), message: `${String(task.subject ?? '')} — ${String(task.due_date)}` });
    }
    if (!overdue) await enqueue(trx, { kind: 'task_due', key: dueKey(String(p.id)), payload: { id: p.id, stage: 'overdue' }, runAt: new Date(Date.now() + DAY) });
  },
  async personal_reminder(trx, p) {
    await notify(trx, { userId: String(p.user_id), kind: 'reminder', module: String(p.module), recordId: String(p.record_id), label: String(p.label ?? ''), message: String(p.note ?? p.label ?? '') });
  },
};
