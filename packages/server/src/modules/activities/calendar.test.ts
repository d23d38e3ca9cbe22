import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

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

  it("shows a colleague's calendar only as far as the caller may see it", async () => {
    await sales2.post('/api/v1/records/events', { subject: 'Личная встреча', start_at: '2026-04-01T09:00:00Z' });
    expect((await sales1.get(`/api/v1/calendar?from=2026-04-01&to=2026-04-02&users=${t.users.sales2}`)).body.data).toEqual([]);
    const seen = await manager.get(`/api/v1/calendar?from=2026-04-01&to=2026-04-02&users=${t.users.sales1},${t.users.sales2}`);
    expect(seen.body.data.map((x: any) => x.subject)).toContain('Личная встреча');
  });

  it('rejects a bad window and a bad rule', async () => {
    expect((await sales1.get('/api/v1/calendar?from=2026-05-01&to=2026-04-01')).status).toBe(400);
    expect((await sales1.get('/api/v1/calendar?from=x&to=2026-04-01')).body.error.fields.from).toBeTruthy();
    const bad = await sales1.post('/api/v1/records/events', { subject: 'X', start_at: '2026-03-02T07:00:00Z', recurrence: 'every monday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.recurrence).toBeTruthy();
  });
});
