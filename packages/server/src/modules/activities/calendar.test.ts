import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { contextFor } from '../../engine/system-context.js';
import { calendar } from './calendar.js';

let t: TestApp;
let manager: Client, sales1: Client, sales2: Client;

beforeAll(async () => {
  t = await createTestApp();
  [manager, sales1, sales2] = await Promise.all(['manager', 'sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('calendar', () => {
  it('expands recurring events in the window and lists tasks by due date', async () => {
    const weekly = await sales1.post('/api/v1/records/events', { subject: 'Планёрка', start_at: '2026-03-02T07:00:00Z', end_at: '2026-03-02T07:30:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(weekly.status).toBe(201);
    await sales1.post('/api/v1/records/tasks', { subject: 'Отчёт', due_date: '2026-03-11' });
    const r = await sales1.get('/api/v1/calendar?from=2026-03-01&to=2026-03-15');
    expect(r.status).toBe(200);
    expect(r.body.data.map((x: any) => [x.module, x.subject, x.start])).toEqual([
      ['events', 'Планёрка', '2026-03-02T07:00:00.000Z'], ['events', 'Планёрка', '2026-03-09T07:00:00.000Z'], ['tasks', 'Отчёт', '2026-03-11'],
    ]);
    expect(r.body.data[0]).toMatchObject({ end: '2026-03-02T07:30:00.000Z', recurring: true });
  });

  it("series that ended long ago never crowd a window's own events out of its row limit", async () => {
    for (let i = 0; i < 4; i++) await sales2.post('/api/v1/records/events', { subject: `Старая серия ${i}`, start_at: `2019-0${i + 1}-01T09:00:00Z`, recurrence: 'FREQ=WEEKLY;UNTIL=20190601' });
    await sales2.post('/api/v1/records/events', { subject: 'В окне', start_at: '2031-05-05T09:00:00Z' });
    const ctx = await contextFor(t.app, t.users.sales2);
    const r = await calendar(ctx, { from: '2031-05-01', to: '2031-05-10' }, 3);
    expect(r.data.map((x) => x.subject)).toEqual(['В окне']);
  });

  it("shows a colleague's calendar only as far as the caller may see it", async () => {
    await sales2.post('/api/v1/records/events', { subject: 'Личная встреча', start_at: '2026-04-01T09:00:00Z' });
    expect((await sales1.get(`/api/v1/calendar?from=2026-04-01&to=2026-04-02&users=${t.users.sales2}`)).body.data).toEqual([]);
    const seen = await manager.get(`/api/v1/calendar?from=2026-04-01&to=2026-04-02&users=${t.users.sales1},${t.users.sales2}`);
    expect(seen.body.data.map((x: any) => x.subject)).toContain('Личная встреча');
    // The parameter repeated reads as the list joined by commas.
    const repeated = await manager.get(`/api/v1/calendar?from=2026-04-01&to=2026-04-02&users=${t.users.sales1}&users=${t.users.sales2}`);
    expect(repeated.status).toBe(200);
    expect(repeated.body.data).toEqual(seen.body.data);
  });

  it('expands a recurrence on its owner\'s clock whoever looks, and shows no field the looker\'s profile hides', async () => {
    await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: 'Europe/Moscow' });
    await sales2.patch(`/api/v1/users/${t.users.sales2}`, { time_zone: 'America/New_York' });
    try {
      // Mondays at 01:00 in Moscow: Sunday evening in UTC, and earlier still in New York.
      const made = await sales1.post('/api/v1/records/events', { subject: 'Ночная сверка', status: 'planned', start_at: '2026-03-02T01:00:00+03:00', recurrence: 'FREQ=WEEKLY;BYDAY=MO', invitee_ids: [t.users.sales2] });
      expect(made.status, made.raw).toBe(201);
      const starts = async (c: Client) => (await c.get('/api/v1/calendar?from=2026-03-01&to=2026-03-20')).body.data.filter((x: any) => x.id === made.body.data.id).map((x: any) => x.start);
      const expected = ['2026-03-01T22:00:00.000Z', '2026-03-08T22:00:00.000Z', '2026-03-15T22:00:00.000Z'];
      expect(await starts(sales1)).toEqual(expected);
      expect(await starts(sales2)).toEqual(expected);
      // Saved, a rule is checked on that clock too: until Monday 02:00 in Moscow, it occurs once (in UTC it never would).
      const once = await sales1.post('/api/v1/records/events', { subject: 'Разовая сверка', start_at: '2026-03-02T01:00:00+03:00', recurrence: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260302T020000' });
      expect(once.status, once.raw).toBe(201);
      const { salesProfile } = await import('../../testing/sales-profile.js');
      const admin = await t.login('admin');
      const profile = await salesProfile(admin);
      await admin.patch(`/api/v1/profiles/${profile}`, { fields: { events: { status: 'hidden' } } });
      try {
        const seen = (await sales2.get('/api/v1/calendar?from=2026-03-01&to=2026-03-03')).body.data.find((x: any) => x.id === made.body.data.id);
        expect(seen).toMatchObject({ subject: 'Ночная сверка', status: null });
        // Ids are read in any case; a colleague's calendar is asked of through the owner field only while it is seen.
        const ofSales1 = async () => (await sales2.get(`/api/v1/calendar?from=2026-03-01&to=2026-03-03&users=${t.users.sales1.toUpperCase()}`)).body.data.map((x: any) => x.id);
        expect(await ofSales1()).toContain(made.body.data.id);
        await admin.patch(`/api/v1/profiles/${profile}`, { fields: { events: { status: 'hidden', assigned_to: 'hidden' } } });
        expect(await ofSales1()).not.toContain(made.body.data.id);
        expect(await starts(sales2)).toEqual(expected); // still on their own calendar, as an invitee
        // A hidden rule is not expanded: the event shows once, at its start; a hidden start leaves nothing to place.
        await admin.patch(`/api/v1/profiles/${profile}`, { fields: { events: { recurrence: 'hidden' } } });
        expect(await starts(sales2)).toEqual(['2026-03-01T22:00:00.000Z']);
        const first = await sales2.get('/api/v1/calendar?from=2026-03-01&to=2026-03-03');
        expect(first.body.data.filter((x: any) => x.id === made.body.data.id).map((x: any) => [x.start, x.recurring])).toEqual([['2026-03-01T22:00:00.000Z', false]]);
        await admin.patch(`/api/v1/profiles/${profile}`, { fields: { events: { start_at: 'hidden' }, tasks: { due_date: 'hidden' } } });
        expect((await sales2.get('/api/v1/calendar?from=2026-03-01&to=2026-03-20')).body.data).toEqual([]);
      } finally {
        await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} });
      }
    } finally {
      await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: null });
      await sales2.patch(`/api/v1/users/${t.users.sales2}`, { time_zone: null });
    }
  });

  it('rejects a bad window and a bad rule', async () => {
    expect((await sales1.get('/api/v1/calendar?from=2026-05-01&to=2026-04-01')).status).toBe(400);
    expect((await sales1.get('/api/v1/calendar?from=x&to=2026-04-01')).body.error.fields.from).toBeTruthy();
    const bad = await sales1.post('/api/v1/records/events', { subject: 'X', start_at: '2026-03-02T07:00:00Z', recurrence: 'every monday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.recurrence).toBeTruthy();
  });

  it('refuses rules below daily with a 400 in the caller language (the one-request freeze)', async () => {
    for (const recurrence of ['FREQ=MINUTELY', 'FREQ=SECONDLY', 'FREQ=HOURLY;INTERVAL=1']) {
      const r = await sales1.request('POST', '/api/v1/records/events?lang=ru', { subject: 'DoS', start_at: '1970-01-01T10:00:00Z', recurrence });
      expect(r.status).toBe(400);
      expect(r.body.error.fields.recurrence).toMatch(/не чаще одного раза в день/);
    }
    const never = await sales1.post('/api/v1/records/events', { subject: 'Never', start_at: '2026-01-01T10:00:00Z', recurrence: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' });
    expect(never.body.error.fields.recurrence).toMatch(/ни разу не наступает/);
  });

  it('expands a daily rule that started in 1970 from the window, not from its start', async () => {
    const e = await sales2.post('/api/v1/records/events', { subject: 'Since 1970', start_at: '1970-01-01T10:00:00Z', recurrence: 'FREQ=DAILY' });
    expect(e.status).toBe(201);
    const week = await sales2.get('/api/v1/calendar?from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z');
    expect(week.body.data.filter((x: any) => x.subject === 'Since 1970').map((x: any) => x.start.slice(0, 10)))
      .toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
  });

  it('caps one answer at 5,000 items and answers other users meanwhile', async () => {
    const marketing = await t.login('marketing');
    for (let i = 0; i < 30; i++) {
      const r = await marketing.post('/api/v1/records/events', { subject: `Daily ${i}`, start_at: '1980-01-01T09:00:00Z', recurrence: 'FREQ=DAILY' });
      expect(r.status).toBe(201);
    }
    // 30 daily events over 400 days are 12,000 occurrences: the answer stops at 5,000 and says so.
    const [cal, other] = await Promise.all([
      marketing.get('/api/v1/calendar?from=2026-01-01&to=2027-02-01'),
      sales1.get('/api/v1/records/accounts?limit=1'),
    ]);
    expect(other.status).toBe(200);
    expect(cal.status).toBe(200);
    expect(cal.body.truncated).toBe(true);
    expect(cal.body.data).toHaveLength(5000);
  });

  it('bounds the expanding of one answer: many rules that each count from a distant start end it truncated', async () => {
    const sales3 = await t.login('support');
    // Each counts its occurrences from 1800 and walks the most periods one rule may (a 29 February 1,000 times).
    const rule = 'FREQ=DAILY;COUNT=1000;BYMONTH=2;BYMONTHDAY=29';
    const perRule = 50_000;
    const { CALENDAR_PERIODS } = await import('./calendar.js');
    for (let i = 0; i <= CALENDAR_PERIODS / perRule; i++) {
      expect((await sales3.post('/api/v1/records/events', { subject: `Високосный ${i}`, start_at: '1800-01-01T10:00:00Z', recurrence: rule })).status).toBe(201);
    }
    const cal = await sales3.get('/api/v1/calendar?from=2026-01-01&to=2026-02-01');
    expect(cal.status).toBe(200);
    expect(cal.body.truncated).toBe(true);
  });

  it('an invitee sees the event in lists and in their own calendar, but may not change it', async () => {
    const e = await sales1.post('/api/v1/records/events', { subject: 'Переговоры вдвоём', start_at: '2026-06-01T08:00:00Z', invitee_ids: [t.users.sales2] });
    expect(e.status).toBe(201);
    expect((await sales2.get(`/api/v1/records/events/${e.body.data.id}`)).status).toBe(200);
    expect((await sales2.get('/api/v1/calendar?from=2026-06-01&to=2026-06-02')).body.data.map((x: any) => x.subject)).toContain('Переговоры вдвоём');
    expect((await sales2.patch(`/api/v1/records/events/${e.body.data.id}`, { subject: 'чужое' })).status).toBe(403);
    const marketing = await t.login('marketing');
    expect((await marketing.get(`/api/v1/records/events/${e.body.data.id}`)).status).toBe(404);
  });

  it('invitees are active users and invited contacts are contacts the writer may see', async () => {
    const mine = (await sales1.post('/api/v1/records/contacts', { last_name: 'Гость', email: 'guest@example.com' })).body.data.id;
    const theirs = (await sales2.post('/api/v1/records/contacts', { last_name: 'Чужой' })).body.data.id;
    const ok = await sales1.post('/api/v1/records/events', { subject: 'С гостями', start_at: '2026-06-02T08:00:00Z', invitee_ids: [t.users.sales2, t.users.sales2], contact_ids: [mine] });
    expect(ok.status).toBe(201);
    expect(ok.body.data.invitee_ids).toEqual([t.users.sales2]);
    const bad = await sales1.post('/api/v1/records/events', { subject: 'Х', start_at: '2026-06-02T08:00:00Z', invitee_ids: ['01900000-0000-7000-8000-000000000000'], contact_ids: [theirs] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['contact_ids', 'invitee_ids']);
    expect((await sales1.post('/api/v1/records/events', { subject: 'Х', start_at: '2026-06-02T08:00:00Z', invitee_ids: 'x' })).status).toBe(400);
  });
});
