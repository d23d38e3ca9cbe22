import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { dayStart, todayIn } from '../../platform/time-zone.js';

let t: TestApp;
let admin: Client, sales1: Client;
let me: string;

// Three moments near day boundaries: 22:30 UTC on 30 April is 1 May in Moscow and Shanghai; 17:00 UTC on 31 May is
// 1 June in Shanghai only.
const MOMENTS = ['2026-04-30T22:30:00Z', '2026-05-10T10:00:00Z', '2026-05-31T17:00:00Z'];
const byMonth = {
  module: 'events', type: 'summary', where: { field: 'subject', op: 'starts_with', value: 'TZ-' },
  group_by: [{ field: 'start_at', bucket: 'month' }], aggregates: [{ fn: 'count' }],
};
const months = (body: any) => body.groups.map((g: any) => [g.key, g.aggregates.count]);

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all([t.login('admin'), t.login('sales1')]);
  me = (await sales1.get('/api/v1/auth/me')).body.user.id;
  for (const [i, at] of MOMENTS.entries()) {
    const r = await sales1.post('/api/v1/records/events', { subject: `TZ-${i}`, start_at: at });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
});
afterAll(() => t.close());

describe('a user’s time zone', () => {
  it('is the user’s own to set, checked, and returned with them', async () => {
    const bad = await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.time_zone).toMatch(/часовым поясом/);
    const set = await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'Asia/Shanghai' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data.time_zone).toBe('Asia/Shanghai');
    expect((await sales1.get('/api/v1/auth/me')).body.user.time_zone).toBe('Asia/Shanghai');
    // An administrator sets it on a new user; empty means the company's.
    const made = await admin.post('/api/v1/users', { username: `tz_${Date.now()}`, password: 'Lantern-Harbor-42', time_zone: 'Europe/Kyiv' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.data.time_zone).toBe('Europe/Kyiv');
    expect((await admin.patch(`/api/v1/users/${made.body.data.id}`, { time_zone: '' })).body.data.time_zone).toBeNull();
    // Stored by the canonical name: a three-letter ID means another zone to the database.
    expect((await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'CTT' })).body.data.time_zone).toBe('Asia/Shanghai');
    // Only one's own: another user's zone is an administrator's to set.
    expect((await sales1.patch(`/api/v1/users/${made.body.data.id}`, { time_zone: 'Europe/Moscow' })).status).toBe(403);
  });

  it('moves the next send of the user’s scheduled reports to their new clock', async () => {
    await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'Europe/Moscow' });
    const report = await sales1.post('/api/v1/records/reports', { name: 'Утренняя сводка', ...byMonth, schedule: { frequency: 'daily', time: '08:00', users: [me] } });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const due = async () => {
      const r = await sql<{ run_at: Date }>`select run_at from jobs where key = ${`report_schedule:${report.body.data.id}`} and done_at is null`.execute(t.app.database.db);
      return new Date(r.rows[0].run_at).toISOString().slice(11, 16);
    };
    expect(await due()).toBe('05:00');
    await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'Asia/Shanghai' });
    expect(await due()).toBe('00:00');
    // No zone of one's own: the company's clock, rebooked when the company's changes.
    await sales1.patch(`/api/v1/users/${me}`, { time_zone: null });
    expect(await due()).toBe('08:00');
    expect((await admin.put('/api/v1/settings/company', { time_zone: 'Asia/Shanghai' })).status).toBe(200);
    expect(await due()).toBe('00:00');
    expect((await admin.put('/api/v1/settings/company', { time_zone: null })).status).toBe(200);
    expect(await due()).toBe('08:00');
    expect((await sales1.del(`/api/v1/records/reports/${report.body.data.id}`)).status).toBe(204);
  });

  it('puts a report’s moments on the reader’s days, and a group’s drill-down lists exactly its records', async () => {
    await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'Asia/Shanghai' });
    const shanghai = await sales1.post('/api/v1/reports/preview', byMonth);
    expect(shanghai.status, JSON.stringify(shanghai.body)).toBe(200);
    expect(shanghai.body.time_zone).toBe('Asia/Shanghai');
    expect(months(shanghai.body)).toEqual([['2026-05-01', 2], ['2026-06-01', 1]]);
    for (const g of shanghai.body.groups) {
      const list = await sales1.post('/api/v1/records/events/query', { where: { and: [byMonth.where, g.where] }, count: true });
      expect(list.body.total, g.key).toBe(g.aggregates.count);
    }
    const june = await sales1.post('/api/v1/records/events/query', { where: { and: [byMonth.where, shanghai.body.groups[1].where] } });
    expect(june.body.data.map((e: any) => e.subject)).toEqual(['TZ-2']);

    // No zone of one's own: the company's; none there either: UTC.
    await sales1.patch(`/api/v1/users/${me}`, { time_zone: null });
    expect((await admin.put('/api/v1/settings/company', { time_zone: 'Europe/Moscow' })).status).toBe(200);
    const moscow = await sales1.post('/api/v1/reports/preview', byMonth);
    expect([moscow.body.time_zone, months(moscow.body)]).toEqual(['Europe/Moscow', [['2026-05-01', 3]]]);
    expect((await admin.put('/api/v1/settings/company', { time_zone: null })).status).toBe(200);
    const utc = await sales1.post('/api/v1/reports/preview', byMonth);
    expect([utc.body.time_zone, months(utc.body)]).toEqual(['UTC', [['2026-04-01', 1], ['2026-05-01', 2]]]);
    const april = await sales1.post('/api/v1/records/events/query', { where: { and: [byMonth.where, utc.body.groups[0].where] } });
    expect(april.body.data.map((e: any) => e.subject)).toEqual(['TZ-0']);
  });

  it('exports a report’s moments on the reader’s clock, as the PDF is stamped', async () => {
    const made = await sales1.post('/api/v1/records/reports', { name: 'TZ export', module: 'events', type: 'tabular', columns: ['subject', 'start_at'], where: byMonth.where, sort: [{ field: 'subject' }] });
    expect(made.status, made.raw).toBe(201);
    try {
      await sales1.patch(`/api/v1/users/${me}`, { time_zone: 'Asia/Shanghai' });
      const csv = (await sales1.get(`/api/v1/reports/${made.body.data.id}/export?format=csv`)).raw.replace(/^\ufeff/, '');
      expect(csv.trim().split(/\r?\n/).slice(1, 4)).toEqual(['TZ-0,2026-05-01 06:30:00', 'TZ-1,2026-05-10 18:00:00', 'TZ-2,2026-06-01 01:00:00']);
      // An aggregate of moments too: the earliest start, on the reader's clock.
      const first = await sales1.post('/api/v1/records/reports', { name: 'TZ first', module: 'events', type: 'summary', where: byMonth.where, group_by: [{ field: 'subject' }], aggregates: [{ field: 'start_at', fn: 'min' }] });
      expect(first.status, first.raw).toBe(201);
      const mins = (await sales1.get(`/api/v1/reports/${first.body.data.id}/export?format=csv`)).raw;
      expect(mins).toContain('2026-05-01 06:30:00');
      // …and in a matrix's cells.
      const grid = await sales1.post('/api/v1/records/reports', { name: 'TZ grid', module: 'events', type: 'matrix', where: byMonth.where, group_by: [{ field: 'subject' }, { field: 'status' }], aggregates: [{ field: 'start_at', fn: 'min' }] });
      expect(grid.status, grid.raw).toBe(201);
      expect((await sales1.get(`/api/v1/reports/${grid.body.data.id}/export?format=csv`)).raw).toContain('2026-05-01 06:30:00');
    } finally {
      await sales1.patch(`/api/v1/users/${me}`, { time_zone: null });
    }
  });

  it('counts "today" in filters on the reader’s clock, for dates and for moments', async () => {
    // A zone whose date differs from UTC's right now: 14 h ahead in the UTC afternoon, 12 h behind in the morning.
    const ahead = new Date().getUTCHours() >= 12;
    const zone = ahead ? 'Pacific/Kiritimati' : 'Etc/GMT+12';
    const localToday = todayIn(zone).toISOString().slice(0, 10);
    expect(localToday).not.toBe(new Date().toISOString().slice(0, 10));
    // A moment of the local day that falls on another UTC day than today.
    const start = dayStart(localToday, zone).getTime();
    const moment = new Date(ahead ? start + 23 * 3_600_000 : start + 3_600_000).toISOString();
    expect((await sales1.post('/api/v1/records/tasks', { subject: 'TZT-task', due_date: localToday })).status).toBe(201);
    expect((await sales1.post('/api/v1/records/events', { subject: 'TZT-event', start_at: moment })).status).toBe(201);
    const today = async () => [
      (await sales1.post('/api/v1/records/tasks/query', { where: { and: [{ field: 'subject', op: 'eq', value: 'TZT-task' }, { field: 'due_date', op: 'in_period', value: 'today' }] }, count: true })).body.total,
      (await sales1.post('/api/v1/records/events/query', { where: { and: [{ field: 'subject', op: 'eq', value: 'TZT-event' }, { field: 'start_at', op: 'in_period', value: 'today' }] }, count: true })).body.total,
    ];
    await sales1.patch(`/api/v1/users/${me}`, { time_zone: zone });
    expect(await today()).toEqual([1, 1]);
    // A date that defaults to today is the writer's today.
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'TZT-account' })).body.data.id;
    const quote = await sales1.post('/api/v1/records/quotes', { subject: 'TZT-quote', account_id: account });
    expect(quote.status, JSON.stringify(quote.body)).toBe(201);
    expect(quote.body.data.quote_date).toBe(localToday);
    await sales1.patch(`/api/v1/users/${me}`, { time_zone: null });
    expect(await today()).toEqual([0, 0]);
    // The company's zone is the reader's when they have none: it takes effect on the next request.
    expect((await admin.put('/api/v1/settings/company', { time_zone: zone })).status).toBe(200);
    expect(await today()).toEqual([1, 1]);
    expect((await admin.put('/api/v1/settings/company', { time_zone: null })).status).toBe(200);
    expect(await today()).toEqual([0, 0]);
  });
});
