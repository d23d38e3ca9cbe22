/**
 * iCalendar: a personal feed of the calendar (`GET /api/v1/calendar/feed/{token}.ics`, no session — calendar
 * clients subscribe to the URL; the token is secret, stored hashed, revocable) and invitations by e-mail with
 * an `.ics` attachment. Made with ical-generator.
 */
import type { FastifyInstance } from 'fastify';
import ical, { ICalCalendarMethod, type ICalCalendar } from 'ical-generator';
import { sql } from 'kysely';
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../app-context.js';
import { getRecord } from '../../engine/records/get.js';
import { lockForWrite, runWrite } from '../../engine/records/write-helpers.js';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { isEmail, LOCALES } from '@karta/shared';
import { msg } from '../../platform/messages/say.js';
import type { ActionHandler } from '../../engine/registry/behaviour.js';
import { contextFor } from '../../engine/system-context.js';
import { readCompany } from '../../admin/company-routes.js';
import { AppError } from '../../platform/errors.js';
import { senderAddress, sendMail } from '../../platform/mail.js';
import { calendar, calendarTimeZone, type CalendarItem } from './calendar.js';
import { toWall } from '../../platform/time-zone.js';
import { icsRepeating } from './ics-recurrence.js';
import { bool, doc, obj, str } from '../../engine/http/openapi/schema.js';

const DAY = 86_400_000;
/** Addresses an invitation may name besides the event's contacts. */
const MAX_EXTRA = 50;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The days an all-day event covers on a clock, as UTC midnights (ical-generator writes a date from UTC parts): the
 * start's date, and the day after the end's (DTEND is exclusive) — at least one day. An all-day event is stored as
 * its first moment on its writer's clock, so reading its UTC date put it a day early east of Greenwich.
 */
export function allDaySpan(start: Date, end: Date | null, zone: string): { start: Date; end: Date } {
  const midnight = (wall: Date) => Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  const first = midnight(toWall(start, zone));
  let last = first + DAY;
  if (end) {
    const wall = toWall(end, zone);
    const day = midnight(wall);
    last = Math.max(last, wall.getTime() > day ? day + DAY : day);
  }
  return { start: new Date(first), end: new Date(last) };
}

/** The occurrences as VEVENTs (all-day ones on `zone`'s days): a recurring event's occurrences each with their own UID and start. */
export function feedCalendar(items: CalendarItem[], name: string, zone: string): ICalCalendar {
  const cal = ical({ name, prodId: { company: 'Karta', product: 'CRM' } });
  for (const x of items) {
    const start = new Date(x.start);
    const end = x.end ? new Date(x.end) : null;
    // A task's due day is a date already (UTC midnight); an all-day event's day is read on the clock.
    const span = x.all_day && x.module === 'events' ? allDaySpan(start, end, zone) : x.all_day ? { start, end: new Date(start.getTime() + DAY) } : { start, end: end ?? new Date(start.getTime() + 3_600_000) };
    cal.createEvent({ id: x.recurring ? `${x.id}-${start.toISOString()}@karta` : `${x.id}@karta`, summary: x.subject, allDay: x.all_day, ...span });
  }
  return cal;
}

/** Manage one's feed: `GET /calendar/feed` → is it on; `POST` → a new secret URL (the old one stops working); `DELETE` → off. */
export async function feedRoutes(api: FastifyInstance): Promise<void> {
  api.get('/calendar/feed', doc({ tags: ['activities'], summary: 'Is my iCalendar feed on', response: { 200: obj({ active: bool() }, ['active']) } }), async (req) => {
    const r = await sql`select 1 from calendar_feeds where user_id = ${req.ctx.user.id}`.execute(req.ctx.db);
    return { active: r.rows.length > 0 };
  });
  api.post('/calendar/feed', doc({ tags: ['activities'], summary: 'A new secret feed address (the old one stops working)', response: { 201: obj({ active: bool(), path: str() }, ['active', 'path']) } }), async (req, reply) => {
    const token = randomBytes(24).toString('base64url');
    await sql`insert into calendar_feeds (user_id, token_hash) values (${req.ctx.user.id}, ${hash(token)})
      on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = now()`.execute(req.ctx.db);
    reply.code(201);
    return { active: true, path: `/api/v1/calendar/feed/${token}.ics` };
  });
  api.delete('/calendar/feed', doc({ tags: ['activities'], summary: 'Switch my feed off', response: { 204: 'off' } }), async (req, reply) => {
    await sql`delete from calendar_feeds where user_id = ${req.ctx.user.id}`.execute(req.ctx.db);
    reply.code(204);
  });
}

/** The public feed: the calendar of the token's owner, a month back and a year ahead, as that user sees it. */
export function publicFeedRoutes(app: AppContext) {
  return async (f: FastifyInstance): Promise<void> => {
    f.get<{ Params: { file: string } }>('/calendar/feed/:file', doc({ tags: ['activities'], summary: 'The iCalendar feed (the secret address is the credential)', public: true, params: obj({ file: str({ description: '<token>.ics' }) }), response: { 200: 'text/calendar' } }), async (req, reply) => {
      const token = req.params.file.replace(/\.ics$/, '');
      const r = await sql<{ user_id: string }>`select f.user_id from calendar_feeds f join users u on u.id = f.user_id and u.active
        where f.token_hash = ${hash(token)}`.execute(app.database.db);
      if (!r.rows[0]) throw new AppError('NOT_FOUND', 'No such calendar feed');
      const ctx = await contextFor(app, r.rows[0].user_id);
      const now = Date.now();
      const items = await calendar(ctx, { from: new Date(now - 30 * DAY).toISOString(), to: new Date(now + 365 * DAY).toISOString() });
      reply.header('Content-Type', 'text/calendar; charset=utf-8').header('Cache-Control', 'private, max-age=300');
      return feedCalendar(items.data, 'Karta', await calendarTimeZone(ctx, ctx.user.id)).toString();
    });
  };
}

/**
 * `POST /records/events/{id}/actions/send_invitations {"to":[…]}`: an invitation (METHOD:REQUEST) to the event's
 * contact and any other addresses, by e-mail with `invite.ics`.
 */
export const sendInvitations: ActionHandler = async (ctx, id, body) => {
  // Invitations go out in the company's name: only someone who may change the event sends them (an invitee reads it).
  requirePermission(ctx, 'events', 'edit');
  await runWrite(ctx, (tctx) => lockForWrite(tctx, tctx.registry.module('events'), id));
  const { data: ev } = await getRecord(ctx, 'events', id);
  const raw = (body as { to?: unknown } | null)?.to ?? [];
  if (!Array.isArray(raw) || raw.length > MAX_EXTRA || !raw.every((x) => typeof x === 'string' && isEmail(x.trim()))) {
    throw new AppError('VALIDATION_FAILED', 'Nobody to invite', { to: msg('must be a list of at most {max} e-mail addresses', { max: MAX_EXTRA }) });
  }
  const to = [...new Set(raw.map((x: string) => x.trim()))];
  // The event's contact and its invited contacts that the sender may see, those with an e-mail they may see.
  const contacts = [...(typeof ev.contact_id === 'string' ? [ev.contact_id] : []), ...(Array.isArray(ev.contact_ids) ? (ev.contact_ids as string[]) : [])];
  if (contacts.length && can(ctx, 'contacts', 'view') && ctx.registry.module('contacts').fieldMap.has('email')) {
    const vis = visibilityPredicate(ctx, 'contacts', 'read');
    const c = await sql<{ email: string | null }>`select t.email from contacts t where t.id = any(${contacts}::uuid[]) and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db);
    for (const row of c.rows) if (row.email && !to.includes(row.email)) to.push(row.email);
  }
  if (!to.length) throw new AppError('VALIDATION_FAILED', 'Nobody to invite', { to: 'give addresses or set the event’s contact with an e-mail' });
  const company = await readCompany(ctx.db);
  const from = senderAddress(company.email as string | undefined);
  // An invitation names when: a start the sender's field rules hide cannot be sent.
  if (typeof ev.start_at !== 'string') throw new AppError('VALIDATION_FAILED', 'The event has no start you may see', { start_at: 'is hidden from you' });
  const zone = await calendarTimeZone(ctx, typeof ev.assigned_to === 'string' ? ev.assigned_to : null);
  // A timed series runs on its owner's clock: its start is written with their zone (and the zone's VTIMEZONE).
  const recurrence = typeof ev.recurrence === 'string' && ev.recurrence ? ev.recurrence : null;
  const zoned = recurrence && !ev.all_day && zone !== 'UTC' ? zone : null;
  const vtimezone = zoned ? (await import('timezones-ical-library')).tzlib_get_ical_block : null;
  const cal = ical({ method: ICalCalendarMethod.REQUEST, prodId: { company: 'Karta', product: 'CRM' },
    ...(vtimezone ? { timezone: { name: null, generator: (tz: string) => vtimezone(tz)[0] || null } } : {}) });
  const start = new Date(ev.start_at);
  const end = ev.end_at ? new Date(String(ev.end_at)) : null;
  // An all-day event's days are its owner's (as the calendar expands it); a timed one lasts an hour when it names no end.
  const span = ev.all_day ? allDaySpan(start, end, zone) : { start, end: end ?? new Date(start.getTime() + 3_600_000) };
  // The text says when on the owner's clock, in the sender's language ("понедельник, 2 марта 2026 г., 10:00").
  const when = new Intl.DateTimeFormat(LOCALES[ctx.lang], { dateStyle: 'full', timeStyle: ev.all_day ? undefined : 'short', timeZone: zone }).format(start);
  cal.createEvent({
    // A resent invitation (after a move) is a later revision of the same one: calendars update it in place.
    id: `${id}@karta`, sequence: Number(ev.version ?? 0), summary: String(ev.subject), ...span,
    allDay: !!ev.all_day, location: (ev.location as string | null) ?? undefined, description: (ev.description as string | null) ?? undefined,
    organizer: { name: String(company.name ?? 'Karta'), email: from },
    attendees: to.map((email) => ({ email, rsvp: true })),
    // ical-generator writes a zoned time from the Date's UTC fields: given the owner's wall clock, it says it.
    ...(zoned ? { timezone: zoned, start: toWall(span.start, zoned), end: toWall(span.end ?? span.start, zoned) } : {}),
    ...(recurrence ? { repeating: invitationRule(recurrence, zone, !!ev.all_day, start) } : {}),
  });
  await sendMail({
    from, to, subject: String(ev.subject), text: `${String(ev.subject)}\n${when}`,
    attachments: [{ filename: 'invite.ics', content: Buffer.from(cal.toString()), contentType: 'text/calendar; method=REQUEST; charset=utf-8' }],
  });
  return { status: 200, body: { sent_to: to } };
};

/** The series as the invitation states it; a rule stored before rules were checked goes as it was written. */
function invitationRule(recurrence: string, zone: string, allDay: boolean, start: Date): string {
  try {
    return icsRepeating(recurrence, zone, allDay, toWall(start, zone).toISOString().slice(11, 19).replace(/:/g, ''));
  } catch {
    return `RRULE:${recurrence}`;
  }
}
