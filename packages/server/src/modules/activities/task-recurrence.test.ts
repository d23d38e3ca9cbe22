import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { nextOccurrence } from './task-recurrence.js';

describe('the next task of a series (pure)', () => {
  it('is due at the rule\'s next date after this one, carrying one occurrence fewer; none once the series ends', () => {
    expect(nextOccurrence('FREQ=WEEKLY;BYDAY=MO,TH', '2026-03-02')).toEqual({ due: '2026-03-05', recurrence: 'FREQ=WEEKLY;BYDAY=MO,TH' });
    expect(nextOccurrence('FREQ=MONTHLY;BYMONTHDAY=31', '2026-01-31')!.due).toBe('2026-03-31');
    expect(nextOccurrence('FREQ=DAILY;INTERVAL=2;COUNT=3', '2026-03-01')).toEqual({ due: '2026-03-03', recurrence: 'FREQ=DAILY;INTERVAL=2;COUNT=2' });
    expect(nextOccurrence('FREQ=DAILY;COUNT=1', '2026-03-01')).toBeNull();
    expect(nextOccurrence('FREQ=YEARLY;UNTIL=20270101', '2026-06-01')).toBeNull();
    expect(nextOccurrence('nonsense', '2026-06-01')).toBeNull();
  });

  it('counts what the series used: a due date moved off the rule uses nothing, a cancelled date uses its place', () => {
    // Moved from Monday to Tuesday: the Monday after is still the last of the series.
    expect(nextOccurrence('FREQ=WEEKLY;BYDAY=MO;COUNT=1', '2026-03-17')).toEqual({ due: '2026-03-23', recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=1' });
    expect(nextOccurrence('FREQ=WEEKLY;BYDAY=MO;COUNT=1', '2026-03-23')).toBeNull();
    // Three Mondays from 2 March with the 9th cancelled: the 16th is the last.
    const next = nextOccurrence('FREQ=WEEKLY;BYDAY=MO;COUNT=3\nEXDATE:20260309', '2026-03-02')!;
    expect(next.due).toBe('2026-03-16');
    expect(nextOccurrence(next.recurrence, next.due)).toBeNull();
  });
});

let t: TestApp;
let sales1: Client;
beforeAll(async () => {
  t = await createTestApp();
  sales1 = await t.login('sales1');
});
afterAll(() => t.close());

const complete = async (id: string) => {
  const task = (await sales1.get(`/api/v1/records/tasks/${id}`)).body.data;
  return sales1.patch(`/api/v1/records/tasks/${id}`, { status: 'completed' }, { 'If-Match': `"${task.version}"` });
};

describe('recurring tasks', () => {
  it('completing one makes the next of the series, once; the series ends with its count', async () => {
    const first = await sales1.post('/api/v1/records/tasks', { subject: 'Отчёт по продажам', due_date: '2026-03-02', priority: 'high', recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const done = await complete(first.body.data.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const second = (await sales1.get(`/api/v1/records/tasks/${done.body.data.next_task_id}`)).body.data;
    expect(second).toMatchObject({ subject: 'Отчёт по продажам', due_date: '2026-03-09', priority: 'high', status: 'not_started', assigned_to: t.users.sales1 });
    expect(nextOccurrence(second.recurrence, '2026-03-09')).toEqual({ due: '2026-03-16', recurrence: expect.stringContaining('COUNT=1') });
    // Reopened and completed again: no second "next".
    const reopened = await sales1.patch(`/api/v1/records/tasks/${first.body.data.id}`, { status: 'in_progress' }, { 'If-Match': `"${done.body.data.version}"` });
    expect((await complete(reopened.body.data.id)).body.data.next_task_id).toBe(second.id);
    const series = await sales1.get('/api/v1/records/tasks?filter[subject]=Отчёт по продажам&fields=due_date');
    expect(series.body.data.map((x: any) => x.due_date).sort()).toEqual(['2026-03-02', '2026-03-09']);
    const third = (await sales1.get(`/api/v1/records/tasks/${(await complete(second.id)).body.data.next_task_id}`)).body.data;
    expect(third.due_date).toBe('2026-03-16');
    expect((await complete(third.id)).body.data.next_task_id).toBeNull();
  });

  it('a task made already completed starts nothing; a link gone by then is left off the next task', async () => {
    const imported = (await sales1.post('/api/v1/records/tasks', { subject: 'Старое', due_date: '2026-03-02', status: 'completed', recurrence: 'FREQ=DAILY' })).body.data;
    expect(imported.next_task_id).toBeNull();
    const deal = (await sales1.post('/api/v1/records/deals', { name: 'Уйдёт в корзину', close_date: '2026-12-31' })).body.data;
    const task = (await sales1.post('/api/v1/records/tasks', { subject: 'Звонок по сделке', due_date: '2026-03-02', recurrence: 'FREQ=DAILY', related_to: deal.id })).body.data;
    expect((await sales1.del(`/api/v1/records/deals/${deal.id}`)).status).toBe(204);
    const done = await complete(task.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const next = (await sales1.get(`/api/v1/records/tasks/${done.body.data.next_task_id}`)).body.data;
    expect(next).toMatchObject({ subject: 'Звонок по сделке', due_date: '2026-03-03', related_to: null });
  });

  it('a rule that cannot be read is a 400 on recurrence, in the caller\'s language, and nothing is saved', async () => {
    const r = await sales1.post('/api/v1/records/tasks', { subject: 'Плохое правило', due_date: '2026-03-02', recurrence: 'FREQ=HOURLY' });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.recurrence).toMatch(/[а-я]/);
    expect((await sales1.get('/api/v1/records/tasks?filter[subject]=Плохое правило')).body.data).toHaveLength(0);
  });
});
