import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { allDaySpan } from './ical.js';

let t: TestApp;
let sales1: Client, sales2: Client;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  [sales1, sales2] = await Promise.all(['sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const parse = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
const inDays = (d: number, hour = 9) => { const x = new Date(Date.now() + d * 86_400_000); x.setUTCHours(hour, 0, 0, 0); return x.toISOString(); };

describe('iCalendar', () => {
  it('a personal feed with a secret URL has the occurrences the user sees; a new URL revokes the old one', async () => {
    await sales1.post('/api/v1/records/events', { subject: 'Планёрка 例会', start_at: inDays(1), end_at: inDays(1, 10), recurrence: 'FREQ=WEEKLY;COUNT=3' });
    await sales1.post('/api/v1/records/tasks', { subject: 'Отчёт', due_date: inDays(2).slice(0, 10) });
    await sales2.post('/api/v1/records/events', { subject: 'Чужая встреча', start_at: inDays(1) });
    const feed = (await sales1.post('/api/v1/calendar/feed')).body;
    expect(feed.path).toMatch(/^\/api\/v1\/calendar\/feed\/[\w-]{20,}\.ics$/);
    // No session needed: a calendar client has only the URL.
    const res = await t.server.inject({ method: 'GET', url: feed.path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const events = parse(res.body);
    const standup = events.filter((e) => e.summary === 'Планёрка 例会');
    expect(standup.map((e) => e.startDate.toJSDate().toISOString())).toEqual([inDays(1), inDays(8), inDays(15)].map((d) => new Date(d).toISOString()));
    expect(events.find((e) => e.summary === 'Отчёт')?.startDate.isDate).toBe(true);
    expect(events.some((e) => e.summary === 'Чужая встреча')).toBe(false);

    const renewed = (await sales1.post('/api/v1/calendar/feed')).body.path;
    expect((await t.server.inject({ method: 'GET', url: feed.path })).statusCode).toBe(404);
    expect((await t.server.inject({ method: 'GET', url: renewed })).statusCode).toBe(200);
    expect((await sales1.del('/api/v1/calendar/feed')).status).toBe(204);
    expect((await t.server.inject({ method: 'GET', url: renewed })).statusCode).toBe(404);
  });

  it('invitations go to the event’s contact by e-mail with an .ics the calendar client understands', async () => {
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Гостев', email: 'gostev@example.ru' })).body.data.id;
    const ev = (await sales1.post('/api/v1/records/events', { subject: 'Презентация', start_at: inDays(3), contact_id: contact, location: 'Москва' })).body.data;
    const r = await sales1.post(`/api/v1/records/events/${ev.id}/actions/send_invitations`, { to: ['boss@example.ru'] });
    expect(r.status).toBe(200);
    expect(r.body.sent_to.sort()).toEqual(['boss@example.ru', 'gostev@example.ru']);
    for (let i = 0; i < 50 && !smtp.inbox.some((m) => m.subject === 'Презентация'); i++) await new Promise((x) => setTimeout(x, 50));
    const mail = smtp.inbox.find((m) => m.subject === 'Презентация')!;
    const ics = mail.attachments.find((a) => a.filename === 'invite.ics')!;
    const cal = new ICAL.Component(ICAL.parse(ics.content.toString()));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const invite = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(invite.summary).toBe('Презентация');
    expect(invite.location).toBe('Москва');
    expect(invite.startDate.toJSDate().toISOString()).toBe(new Date(inDays(3)).toISOString());
    expect(invite.attendees.map((a) => String(a.getFirstValue()).toLowerCase()).sort()).toEqual(['mailto:boss@example.ru', 'mailto:gostev@example.ru']);
    // Resent after a move, it is a later revision of the same invitation; the text says when in the sender's words.
    expect(invite.uid).toBe(`${ev.id}@karta`);
    expect(cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(ev.version);
    expect(mail.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(mail.text).toContain(String(new Date(inDays(3)).getUTCFullYear()));
    expect((await sales2.post(`/api/v1/records/events/${ev.id}/actions/send_invitations`, {})).status).toBe(404);
    // A start the sender's field rules hide cannot be sent (400, not a failure of the server).
    const admin = await t.login('admin');
    const { salesProfile } = await import('../../testing/sales-profile.js');
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { events: { start_at: 'hidden' } } })).status).toBe(200);
    try {
      const hidden = await sales1.post(`/api/v1/records/events/${ev.id}/actions/send_invitations`, { to: ['boss@example.ru'] });
      expect(hidden.status, hidden.raw).toBe(400);
      expect(hidden.body.error.fields.start_at).toBeTruthy();
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('invitations are sent only by who may change the event, to addresses, never to a contact the sender may not see', async () => {
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Ушедший', email: 'gone@example.ru' })).body.data;
    const ev = (await sales1.post('/api/v1/records/events', { subject: 'Разбор', start_at: inDays(4), contact_id: contact.id, invitee_ids: [t.users.sales2] })).body.data;
    // An invitee reads the event but does not send in its name.
    expect((await sales2.get(`/api/v1/records/events/${ev.id}`)).status).toBe(200);
    expect((await sales2.post(`/api/v1/records/events/${ev.id}/actions/send_invitations`, { to: ['spam@example.ru'] })).status).toBe(403);
    // Nor does the owner once their profile may no longer edit events.
    const admin = await t.login('admin');
    const { withSalesModules } = await import('../../testing/sales-profile.js');
    await withSalesModules(admin, (m) => ({ ...m, events: ['view'] }), async () => {
      expect((await sales1.post(`/api/v1/records/events/${ev.id}/actions/send_invitations`, { to: ['x@example.ru'] })).status).toBe(403);
    });
    for (const to of [['not an address'], Array.from({ length: 51 }, (_, i) => `a${i}@example.ru`), 'x@example.ru']) {
      const bad = await sales1.request('POST', `/api/v1/records/events/${ev.id}/actions/send_invitations`, { to }, { 'accept-language': 'ru' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.to).toMatch(/не более чем из 50/);
    }
    // The contact handed to a colleague the sender cannot see: no longer invited (nor named in the answer).
    expect((await admin.patch(`/api/v1/records/contacts/${contact.id}`, { assigned_to: t.users.sales2 })).status).toBe(200);
    expect((await sales1.get(`/api/v1/records/contacts/${contact.id}`)).status).toBe(404);
    const r = await sales1.post(`/api/v1/records/events/${ev.id}/actions/send_invitations`, { to: ['boss@example.ru'] });
    expect(r.status).toBe(200);
    expect(r.body.sent_to).toEqual(['boss@example.ru']);
  });

  it("a weekly meeting's invitation keeps its owner's hour across a DST change, and its cancelled week, as Karta's calendar does", async () => {
    await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: 'Europe/Berlin' });
    try {
      // 09:00 in Berlin: 08:00 UTC in winter, 07:00 UTC from 28 March 2027; the week of 8 March is cancelled.
      const ev = (await sales1.post('/api/v1/records/events', { subject: 'Планёрка по понедельникам', start_at: '2027-03-01T08:00:00Z', end_at: '2027-03-01T08:30:00Z',
        recurrence: 'FREQ=WEEKLY;UNTIL=20270412\nEXDATE:20270308T090000' })).body.data;
      expect(ev.id).toBeTruthy();
      const ours = ((await sales1.get('/api/v1/calendar?from=2027-02-28&to=2027-04-30')).body.data as any[]).filter((x) => x.id === ev.id || x.subject === 'Планёрка по понедельникам').map((x) => x.start);
      expect((await sales1.post(`/api/v1/records/events/${ev.id}/actions/send_invitations`, { to: ['team@example.ru'] })).status).toBe(200);
      for (let i = 0; i < 50 && !smtp.inbox.some((m) => m.subject === 'Планёрка по понедельникам'); i++) await new Promise((x) => setTimeout(x, 50));
      const ics = smtp.inbox.find((m) => m.subject === 'Планёрка по понедельникам')!.attachments.find((a) => a.filename === 'invite.ics')!;
      const cal = new ICAL.Component(ICAL.parse(ics.content.toString()));
      // A calendar program reads the zone from the invitation itself (its VTIMEZONE), as ical.js does here.
      const tz = cal.getFirstSubcomponent('vtimezone')!;
      expect(tz.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
      ICAL.TimezoneService.register(tz);
      const invite = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
      const theirs: string[] = [];
      const it = invite.iterator();
      for (let next = it.next(); next && theirs.length < 20; next = it.next()) {
        if (!invite.isRecurrenceException() && !it.complete) theirs.push(next.toJSDate().toISOString());
      }
      expect(ours).toEqual(['2027-03-01T08:00:00.000Z', '2027-03-15T08:00:00.000Z', '2027-03-22T08:00:00.000Z', '2027-03-29T07:00:00.000Z', '2027-04-05T07:00:00.000Z', '2027-04-12T07:00:00.000Z']);
      expect(theirs).toEqual(ours);
    } finally {
      await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: null });
    }
  });

  it('an all-day event is on its day of the owner’s clock in the feed and the invitation, a day long when it names no end', async () => {
    await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: 'Asia/Shanghai' });
    try {
      // Midnight in Shanghai is 16:00 UTC the day before: the UTC date is a day early.
      const day = inDays(6).slice(0, 10);
      const midnight = new Date(new Date(`${day}T00:00:00Z`).getTime() - 8 * 3_600_000).toISOString();
      const ev = (await sales1.post('/api/v1/records/events', { subject: 'Выезд на склад', start_at: midnight, all_day: true })).body.data;
      const path = (await sales1.post('/api/v1/calendar/feed')).body.path;
      const inFeed = parse((await t.server.inject({ method: 'GET', url: path })).body).find((e) => e.summary === 'Выезд на склад')!;
      expect(inFeed.startDate.isDate).toBe(true);
      expect([inFeed.startDate.toString(), inFeed.endDate.toString()]).toEqual([day, inDays(7).slice(0, 10)]);

      expect((await sales1.post(`/api/v1/records/events/${ev.id}/actions/send_invitations`, { to: ['sklad@example.ru'] })).status).toBe(200);
      for (let i = 0; i < 50 && !smtp.inbox.some((m) => m.subject === 'Выезд на склад'); i++) await new Promise((x) => setTimeout(x, 50));
      const ics = smtp.inbox.find((m) => m.subject === 'Выезд на склад')!.attachments.find((a) => a.filename === 'invite.ics')!;
      const invite = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content.toString())).getFirstSubcomponent('vevent')!);
      expect([invite.startDate.toString(), invite.endDate.toString()]).toEqual([day, inDays(7).slice(0, 10)]);
    } finally {
      await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: null });
    }
  });
});

describe('allDaySpan', () => {
  const at = (iso: string) => new Date(iso);
  it('reads the days on the clock: from the start’s date to the day after the end’s, at least one day', () => {
    const span = (s: string, e: string | null, zone: string) => Object.values(allDaySpan(at(s), e ? at(e) : null, zone)).map((d) => d.toISOString().slice(0, 10));
    expect(span('2026-12-06T21:00:00Z', null, 'Europe/Moscow')).toEqual(['2026-12-07', '2026-12-08']);
    expect(span('2026-12-07T05:00:00Z', null, 'America/New_York')).toEqual(['2026-12-07', '2026-12-08']);
    // Ends at the next midnight: that day is already the exclusive end; ends during a day: that day is in.
    expect(span('2026-12-06T21:00:00Z', '2026-12-08T21:00:00Z', 'Europe/Moscow')).toEqual(['2026-12-07', '2026-12-09']);
    expect(span('2026-12-06T21:00:00Z', '2026-12-08T12:00:00Z', 'Europe/Moscow')).toEqual(['2026-12-07', '2026-12-09']);
    // An end before the start still gives the one day.
    expect(span('2026-12-06T21:00:00Z', '2026-12-05T12:00:00Z', 'Europe/Moscow')).toEqual(['2026-12-07', '2026-12-08']);
  });
});
