import { fieldMessage, isUuid } from '@karta/shared';
import { sql } from 'kysely';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { validationError } from '../../engine/records/validate-input.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { occurrences, recurrenceError } from './recurrence.js';
import { translated } from '../../platform/messages/say.js';
import { ownerTimeZone, userTimeZone } from '../../platform/time-zone.js';

/** Items one calendar answer carries at most; beyond it the answer says `truncated`. */
export const MAX_CALENDAR_ITEMS = 5000;
/** Milliseconds of expanding between two yields to the event loop, so other requests are answered meanwhile. */
const SLICE_MS = 20;
/**
 * Periods one answer's expansions may look at in all (a fraction of a second's work): each rule is bounded, but
 * thousands of stored rules that each walk far (a COUNT rule counts from its start) must not keep a core busy;
 * past it the answer is `truncated`.
 */
export const CALENDAR_PERIODS = 500_000;

export interface CalendarItem {
  module: 'events' | 'tasks'; id: string; subject: string; start: string; end: string | null; all_day: boolean;
  status: string | null; assigned_to: string | null; related_to: string | null; recurring: boolean;
}

const DAY = 86_400_000;

/**
 * A user's time zone: their setting, else the company's, else `KARTA_TIME_ZONE`, else UTC — the clock their
 * reminders ring on too, so a weekly event reminds on the day the calendar shows it.
 */
export function calendarTimeZone(ctx: RequestContext, userId: string | null): Promise<string> {
  return userTimeZone(ctx.db, userId);
}

/** A field the caller's profile hides shows as null (the calendar reads the table, not the record pipeline). */
function shown(ctx: RequestContext, module: string, field: string, value: unknown): string | null {
  return ctx.registry.module(module).fieldMap.has(field) && value != null ? String(value) : null;
}

/**
 * `GET /calendar?from=&to=&users=`: occurrences (recurrences expanded in the owner's wall-clock time) of the
 * events and the tasks in the window that the caller may see, of the given users (default: the caller).
 */
export async function calendar(ctx: RequestContext, q: { from?: string; to?: string; users?: string }, max = MAX_CALENDAR_ITEMS): Promise<{ data: CalendarItem[]; truncated: boolean }> {
  const from = new Date(q.from ?? '');
  const to = new Date(q.to ?? '');
  const errors: FieldErrors = {};
  if (Number.isNaN(from.getTime())) errors.from = 'must be a date or date-time';
  if (Number.isNaN(to.getTime())) errors.to = 'must be a date or date-time';
  else if (!errors.from && (to <= from || to.getTime() - from.getTime() > 400 * DAY)) errors.to = 'must be after from, at most 400 days later';
  // A repeated parameter arrives as a list: its values count as if joined by commas.
  const users = q.users ? [q.users].flat().join(',').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : [ctx.user.id];
  if (!users.every(isUuid)) errors.users = 'must be user ids separated by commas';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid calendar query', errors);
  // Recurrences run on their owner's wall clock (a group's: the company's), whoever looks.
  const zones = new Map<string | null, Promise<string>>();
  const ownerZone = (owner: string | null) => zones.get(owner) ?? zones.set(owner, calendarTimeZone(ctx, owner)).get(owner)!;
  const out: CalendarItem[] = [];
  const budget = { periods: CALENDAR_PERIODS };
  let cut = false; // a query met its row limit: rows past it (an event, a task) may belong in the window
  // A calendar places records by their start (or due day): without it in the reader's view there is nothing to place.
  const events = ctx.registry.module('events').fieldMap;
  const whom = (fields: ReadonlyMap<string, unknown>, field: string) => (fields.has(field) ? users : users.filter((u) => u === ctx.user.id.toLowerCase()));
  if (can(ctx, 'events', 'view') && events.has('start_at')) {
    const vis = visibilityPredicate(ctx, 'events', 'read');
    // Whose an event is, or who is invited, is asked of colleagues only through fields the reader sees (the answer
    // would tell a hidden owner or guest list); of the reader themselves, always.
    const r = await sql<Record<string, any>>`select t.id, t.subject, t.start_at, t.end_at, t.all_day, t.status, t.assigned_to, t.related_to, t.recurrence
      from events t where t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}
        and (t.assigned_to = any(${whom(events, 'assigned_to')}::uuid[]) or t.invitee_ids ?| ${whom(events, 'invitee_ids')}::text[])
        and t.start_at < ${to.toISOString()}::timestamptz
        and (t.recurrence is not null or coalesce(t.end_at, t.start_at) >= ${from.toISOString()}::timestamptz)
      order by t.recurrence is not null, case when t.recurrence is null then t.start_at end, t.start_at desc limit ${max + 1}`.execute(ctx.db);
    // (The window's own events first, then series newest first: old series that ended long ago never crowd them out.)
    cut ||= r.rows.length > max;
    let slice = performance.now();
    for (const e of r.rows) {
      if (performance.now() - slice > SLICE_MS) { await new Promise((done) => setImmediate(done)); slice = performance.now(); }
      if (budget.periods < 0) break;
      const room = max + 1 - out.length;
      if (room <= 0) break;
      // A hidden rule is not expanded (its occurrences would tell it): the event shows once, at its start.
      const rule = shown(ctx, 'events', 'recurrence', e.recurrence);
      const end = shown(ctx, 'events', 'end_at', e.end_at ? new Date(e.end_at).toISOString() : null);
      const tz = rule ? await ownerZone(e.assigned_to ?? null) : 'UTC';
      for (const o of occurrences({ start_at: new Date(e.start_at).toISOString(), end_at: end, recurrence: rule }, tz, from, to, room, budget)) {
        out.push({ module: 'events', id: e.id, subject: shown(ctx, 'events', 'subject', e.subject) ?? '', start: o.start, end: o.end, all_day: events.has('all_day') && !!e.all_day,
          status: shown(ctx, 'events', 'status', e.status), assigned_to: shown(ctx, 'events', 'assigned_to', e.assigned_to),
          related_to: shown(ctx, 'events', 'related_to', e.related_to), recurring: !!rule });
      }
    }
  }
  if (can(ctx, 'tasks', 'view') && ctx.registry.module('tasks').fieldMap.has('due_date')) {
    const vis = visibilityPredicate(ctx, 'tasks', 'read');
    const r = await sql<Record<string, any>>`select t.id, t.subject, t.due_date::text as due, t.status, t.assigned_to, t.related_to from tasks t
      where t.deleted_at is null and t.assigned_to = any(${whom(ctx.registry.module('tasks').fieldMap, 'assigned_to')}::uuid[]) ${vis ? sql`and ${vis}` : sql``}
        and t.due_date >= ${from.toISOString().slice(0, 10)}::date and t.due_date < ${to.toISOString().slice(0, 10)}::date + 1
      order by t.due_date limit ${max + 1}`.execute(ctx.db);
    cut ||= r.rows.length > max;
    for (const x of r.rows) {
      out.push({ module: 'tasks', id: x.id, subject: shown(ctx, 'tasks', 'subject', x.subject) ?? '', start: x.due, end: null, all_day: true,
        status: shown(ctx, 'tasks', 'status', x.status), assigned_to: shown(ctx, 'tasks', 'assigned_to', x.assigned_to), related_to: shown(ctx, 'tasks', 'related_to', x.related_to), recurring: false });
    }
  }
  out.sort((a, b) => a.start.localeCompare(b.start));
  const truncated = cut || budget.periods < 0 || out.length > max;
  return { data: truncated ? out.slice(0, max) : out, truncated };
}

/** Invitees are active users; invited contacts are contacts the writer may see (each listed once). */
async function checkInvitees(ctx: RequestContext, v: Record<string, unknown>): Promise<void> {
  const errors: FieldErrors = {};
  for (const [field, table] of [['invitee_ids', 'users'], ['contact_ids', 'contacts']] as const) {
    if (!(field in v) || v[field] === null) continue;
    const ids = v[field];
    if (!Array.isArray(ids) || ids.length > 100 || !ids.every(isUuid)) { errors[field] = 'must be a list of record ids'; continue; }
    const unique = [...new Set(ids.map((x) => x.toLowerCase()))];
    v[field] = unique;
    if (!unique.length) continue;
    const vis = table === 'contacts' ? visibilityPredicate(ctx, 'contacts', 'read') : null;
    const r = table === 'users'
      ? await sql<{ n: number }>`select count(*)::int as n from users where id = any(${unique}::uuid[]) and active`.execute(ctx.db)
      : await sql<{ n: number }>`select count(*)::int as n from contacts t where t.id = any(${unique}::uuid[]) and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db);
    if (Number(r.rows[0].n) !== unique.length) errors[field] = translated(fieldMessage('not_found', ctx.lang));
  }
  if (Object.keys(errors).length) throw validationError(errors, ctx.lang);
}

/** An event's recurrence is checked when it is written. */
export const eventBehaviour: ModuleBehaviour = {
  async beforeWrite(ctx, change) {
    await checkInvitees(ctx, change.values);
    if (!('recurrence' in change.values) && !('start_at' in change.values)) return;
    const rule = 'recurrence' in change.values ? change.values.recurrence : change.before?.recurrence;
    if (typeof rule !== 'string' || !rule.trim()) return;
    const start = change.values.start_at ?? change.before?.start_at;
    // The rule runs on its owner's clock: whether it ever occurs is asked there too.
    const owner = 'assigned_to' in change.values ? change.values.assigned_to : change.before?.assigned_to;
    const zone = start ? await ownerTimeZone(ctx.db, { assigned_to: owner }, ctx.user) : 'UTC';
    const why = recurrenceError(rule.trim(), ctx.lang, start ? new Date(start as string).toISOString() : undefined, zone);
    if (why) throw validationError({ recurrence: translated(why) }, ctx.lang);
  },
};
