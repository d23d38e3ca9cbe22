import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let admin: Client, manager: Client, sales1: Client, sales2: Client;
let kind = '';
beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, sales1, sales2] = await Promise.all(['admin', 'manager', 'sales1', 'sales2'].map((u) => t.login(u)));
  kind = (await admin.post('/api/v1/records/deal_kinds', { name: 'Опт', mode: 'manual', is_default: true,
    stages: [{ name: 'Заявка', probability: 10 }, { name: 'Счёт', probability: 50 }, { name: 'closed_won', probability: 100 }, { name: 'closed_lost', probability: 0 }] })).body.data.id;
});
afterAll(() => t.close());

const deal = (who: Client, extra: Record<string, unknown>) => who.post('/api/v1/records/deals', { name: 'Сделка', close_date: '2026-12-31', ...extra });

describe('the deals board', () => {
  it('opens on the default kind; totals per currency, never a sum of unlike money; forecasts summed', async () => {
    await deal(sales1, { amount: '1000', currency: 'RUB' });
    await deal(sales1, { amount: '500', currency: 'RUB' });
    await deal(sales1, { amount: '300', currency: 'USD' });
    await deal(sales1, { amount: '100', currency: 'CNY', stage: 'Счёт' });
    const r = await sales1.get('/api/v1/analytics/kanban');
    expect(r.status).toBe(200);
    expect(r.body.kind.id).toBe(kind);
    expect(r.body.columns.map((c: any) => c.stage)).toEqual(['Заявка', 'Счёт', 'closed_won', 'closed_lost']);
    const first = r.body.columns[0];
    expect(first.count).toBe(3);
    expect(first.totals).toEqual([
      { currency: 'RUB', amount: '1500.00', forecast_amount: '150.00' },
      { currency: 'USD', amount: '300.00', forecast_amount: '30.00' },
    ]);
    expect(r.body.columns[1].totals).toEqual([{ currency: 'CNY', amount: '100.00', forecast_amount: '50.00' }]);
    // Without a dollar rate the converted total names what it left out; with one, it adds the dollars at their rate.
    expect(first.converted).toEqual({ currency: 'RUB', amount: '1500.00', forecast_amount: '150.00', unrated: 1 });
    const admin = await t.login('admin');
    await admin.post('/api/v1/currency_rates', { currency: 'USD', date: '2026-01-01', rate: '90' });
    const again = (await sales1.get('/api/v1/analytics/kanban')).body.columns[0];
    expect(again.converted).toEqual({ currency: 'RUB', amount: '28500.00', forecast_amount: '2850.00', unrated: 0 });
  });

  it('cards show the owner, close date and next activity; the biggest first', async () => {
    const d = (await deal(sales1, { name: 'С задачей', amount: '9000', currency: 'RUB' })).body.data;
    await sales1.post('/api/v1/records/tasks', { subject: 'Позвонить', due_date: '2026-12-20', related_to: d.id });
    await sales1.post('/api/v1/records/tasks', { subject: 'Отправить КП', due_date: '2026-12-10', related_to: d.id });
    const col = (await sales1.get('/api/v1/analytics/kanban')).body.columns[0];
    const card = col.cards[0];
    expect(card).toMatchObject({ name: 'С задачей', amount: '9000.00', close_date: '2026-12-31', assigned_to: t.users.sales1 });
    expect(card.next_activity).toMatchObject({ module: 'tasks', subject: 'Отправить КП' });
    // A profile that hides tasks' subject sees the task by its number; one hiding its due date, no task at all.
    const profile = await salesProfile(admin);
    const fields = (await admin.get(`/api/v1/profiles/${profile}`)).body.data.fields;
    try {
      await admin.patch(`/api/v1/profiles/${profile}`, { fields: { ...fields, tasks: { ...fields.tasks, subject: 'hidden' } } });
      const hidden = (await sales1.get('/api/v1/analytics/kanban')).body.columns[0].cards[0].next_activity;
      expect(hidden.subject).toMatch(/^[A-ZА-Я]+\d+$/);
      await admin.patch(`/api/v1/profiles/${profile}`, { fields: { ...fields, tasks: { ...fields.tasks, due_date: 'hidden' } } });
      expect((await sales1.get('/api/v1/analytics/kanban')).body.columns[0].cards[0].next_activity).toBeNull();
    } finally {
      await admin.patch(`/api/v1/profiles/${profile}`, { fields });
    }
  });

  it('counts are exact past the cards shown; a column pages with offset', async () => {
    for (let i = 0; i < 7; i++) await deal(sales2, { name: `Мелкая ${i}`, amount: String(i + 1), currency: 'UAH' });
    const page = (await sales2.get('/api/v1/analytics/kanban?per_column=3')).body.columns[0];
    expect(page.count).toBe(7);
    expect(page.cards).toHaveLength(3);
    expect(page.more).toBe(true);
    const rest = (await sales2.get(`/api/v1/analytics/kanban?per_column=3&stage=${encodeURIComponent('Заявка')}&offset=6`)).body.columns;
    expect(rest).toHaveLength(1);
    expect(rest[0].cards.map((c: any) => c.name)).toEqual(['Мелкая 0']);
    expect(rest[0].more).toBe(false);
  });

  it('shows only what the caller may see: siblings apart, the manager the sum', async () => {
    const mine = (await sales2.get('/api/v1/analytics/kanban')).body.columns[0].count;
    const theirs = (await sales1.get('/api/v1/analytics/kanban')).body.columns[0].count;
    expect((await manager.get('/api/v1/analytics/kanban')).body.columns[0].count).toBe(mine + theirs);
  });

  it('deals without a kind have a board of their own; closed deals stay on the board for 30 days; bad input is a 400', async () => {
    await admin.patch(`/api/v1/records/deal_kinds/${kind}`, { is_default: false });
    const none = await deal(sales1, { name: 'Без вида', amount: '10' });
    expect(none.body.data.deal_kind_id).toBeNull();
    const board = (await sales1.get('/api/v1/analytics/kanban?deal_kind=none')).body;
    expect(board.kind).toBeNull();
    expect(board.columns[0]).toMatchObject({ stage: 'prospecting', count: 1 });
    await sales1.patch(`/api/v1/records/deals/${none.body.data.id}`, { status: 'won' });
    const after = (await sales1.get('/api/v1/analytics/kanban?deal_kind=none')).body.columns;
    expect(after.find((c: any) => c.stage === 'closed_won').count).toBe(1);
    // Closed long ago and merely edited since: not back on the board.
    await sql`update deal_stage_history set entered_at = now() - interval '40 days' where deal_id = ${none.body.data.id} and left_at is null`.execute(t.app.database.db);
    const won = (await sales1.get(`/api/v1/records/deals/${none.body.data.id}`)).body.data;
    expect((await sales1.patch(`/api/v1/records/deals/${none.body.data.id}`, { description: 'Заметка' }, { 'If-Match': `"${won.version}"` })).status).toBe(200);
    expect((await sales1.get('/api/v1/analytics/kanban?deal_kind=none')).body.columns.find((c: any) => c.stage === 'closed_won').count).toBe(0);
    // A stage the kind no longer lists is still a column while deals stand in it, and pages like any other.
    const stray = await deal(sales1, { name: 'Старый этап', amount: '5' });
    await sql`update deals set stage = 'legacy_stage' where id = ${stray.body.data.id}`.execute(t.app.database.db);
    const legacy = await sales1.get('/api/v1/analytics/kanban?deal_kind=none&stage=legacy_stage&offset=0');
    expect(legacy.status, legacy.raw).toBe(200);
    expect(legacy.body.columns.map((c: any) => [c.stage, c.count])).toEqual([['legacy_stage', 1]]);
    for (const q of ['deal_kind=x', 'per_column=0', 'stage=nope', 'offset=-1']) expect((await sales1.get(`/api/v1/analytics/kanban?${q}`)).status, q).toBe(400);
  });
});
