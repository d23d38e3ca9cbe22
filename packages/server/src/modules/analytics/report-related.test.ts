import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, sales1: Client, manager: Client;
let a: string, b: string;
let sales2Id: string;

const mine = { field: 'name', op: 'starts_with', value: 'RM-' };
const byAccount = { module: 'accounts', type: 'summary', where: mine, group_by: [{ field: 'name' }], aggregates: [{ fn: 'count' }, { field: 'deals.amount', fn: 'sum' }] };
const rows = (body: any) => body.groups.map((g: any) => [g.key, g.aggregates.count, g.aggregates['sum_deals.amount']]);

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, manager] = await Promise.all([t.login('admin'), t.login('sales1'), t.login('manager')]);
  sales2Id = (await (await t.login('sales2')).get('/api/v1/auth/me')).body.user.id;
  a = (await sales1.post('/api/v1/records/accounts', { name: 'RM-A', industry: 'retail' })).body.data.id;
  b = (await sales1.post('/api/v1/records/accounts', { name: 'RM-B', industry: 'retail' })).body.data.id;
  for (const [name, amount, stage] of [['RM-A1', '100', 'prospecting'], ['RM-A2', '50', 'closed_won']]) {
    const r = await sales1.post('/api/v1/records/deals', { name, amount, stage, currency: 'RUB', close_date: '2026-03-01', account_id: a });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  // A deal of a colleague on the same account: not sales1's to see, their manager's.
  const other = await admin.post('/api/v1/records/deals', { name: 'RM-A3', amount: '70', stage: 'prospecting', currency: 'RUB', close_date: '2026-03-01', account_id: a, assigned_to: sales2Id });
  expect(other.status, JSON.stringify(other.body)).toBe(201);
});
afterAll(() => t.close());

describe('reports over a related module', () => {
  it('sums the related records each reader may see; a record without any stays with an empty sum', async () => {
    const mineOnly = await sales1.post('/api/v1/reports/preview', byAccount);
    expect(mineOnly.status, JSON.stringify(mineOnly.body)).toBe(200);
    expect(rows(mineOnly.body)).toEqual([['RM-A', 2, '150.00'], ['RM-B', 0, null]]);
    expect(mineOnly.body.totals).toMatchObject({ count: 2, 'sum_deals.amount': '150.00' });
    expect(mineOnly.body.aggregates[1].label).toMatch(/Сделки › Сумма/);
    const all = await manager.post('/api/v1/reports/preview', byAccount);
    expect(rows(all.body)).toEqual([['RM-A', 3, '220.00'], ['RM-B', 0, null]]);
    // A group of the account's own field still drills down to its accounts, the one without deals too.
    const listOf = async (g: any) => (await sales1.post('/api/v1/records/accounts/query', { where: g.where })).body.data.map((x: any) => x.id);
    expect([await listOf(mineOnly.body.groups[0]), await listOf(mineOnly.body.groups[1])]).toEqual([[a], [b]]);
  });

  it('filters the related records with related_where, lists them as rows, and is saved as a report', async () => {
    const won = await sales1.post('/api/v1/reports/preview', { ...byAccount, related_where: { field: 'stage', op: 'eq', value: 'closed_won' } });
    expect(won.status, JSON.stringify(won.body)).toBe(200);
    expect(rows(won.body)).toEqual([['RM-A', 1, '50.00'], ['RM-B', 0, null]]);
    const tab = await sales1.post('/api/v1/reports/preview', { module: 'accounts', where: mine, columns: ['name', 'deals:account_id.name', 'deals:account_id.amount'], sort: [{ field: 'name' }] });
    expect(tab.status, JSON.stringify(tab.body)).toBe(200);
    expect(tab.body.rows.map((r: any) => [r.name, r['deals:account_id.name'], r['deals:account_id.amount']]).sort()).toEqual([['RM-A', 'RM-A1', '100.00'], ['RM-A', 'RM-A2', '50.00'], ['RM-B', null, null]]);
    const saved = await sales1.post('/api/v1/records/reports', { name: 'Выигранные сделки клиентов', ...byAccount, related_where: { field: 'stage', op: 'eq', value: 'closed_won' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const run = await sales1.post(`/api/v1/reports/${saved.body.data.id}/run`, {});
    expect(rows(run.body)).toEqual([['RM-A', 1, '50.00'], ['RM-B', 0, null]]);
  });

  it('refuses what would count a record once per related record, a second related module and a filter with none', async () => {
    const sumOwn = await sales1.post('/api/v1/reports/preview', { ...byAccount, aggregates: [{ field: 'annual_revenue', fn: 'sum' }, { field: 'deals.amount', fn: 'sum' }] });
    expect(sumOwn.status).toBe(400);
    expect(sumOwn.body.error.fields['aggregates[0].field']).toMatch(/по разу на каждую запись «Сделки»/);
    const through = await sales1.post('/api/v1/reports/preview', { ...byAccount, aggregates: [{ field: 'deals.account_id.annual_revenue', fn: 'sum' }] });
    expect(through.status).toBe(400);
    expect(Object.keys(through.body.error.fields)).toEqual(['aggregates[0].field']);
    const two = await sales1.post('/api/v1/reports/preview', { module: 'accounts', columns: ['deals.name', 'contacts.last_name'] });
    expect(two.status).toBe(400);
    expect(two.body.error.fields['columns[1]']).toMatch(/одного связанного модуля/);
    const lonely = await sales1.post('/api/v1/reports/preview', { ...byAccount, aggregates: [{ fn: 'count' }], related_where: { field: 'stage', op: 'eq', value: 'closed_won' } });
    expect(lonely.status).toBe(400);
    expect(Object.keys(lonely.body.error.fields)).toEqual(['related_where']);
    const unrelated = await sales1.post('/api/v1/reports/preview', { module: 'accounts', columns: ['name', 'products.name'] });
    expect(unrelated.status).toBe(400);
    expect(unrelated.body.error.fields['columns[1]']).toMatch(/нет поля, ссылающегося/);
    // Saving an invalid definition saves nothing.
    const before = (await sales1.post('/api/v1/records/reports/query', { count: true })).body.total;
    expect((await sales1.post('/api/v1/records/reports', { name: 'x', ...byAccount, aggregates: [{ field: 'annual_revenue', fn: 'avg' }, { field: 'deals.amount', fn: 'sum' }] })).status).toBe(400);
    expect((await sales1.post('/api/v1/records/reports/query', { count: true })).body.total).toBe(before);
  });

  it('names the related module in `related` alone, and a key figure counts its records', async () => {
    const won = { field: 'stage', op: 'eq', value: 'closed_won' };
    const counted = await sales1.post('/api/v1/reports/preview', { module: 'accounts', type: 'summary', where: mine, related: ['deals'], related_where: won, group_by: [{ field: 'name' }], aggregates: [{ fn: 'count' }] });
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
    expect(rows(counted.body).map((r: any[]) => r.slice(0, 2))).toEqual([['RM-A', 1], ['RM-B', 0]]);
    const saved = await sales1.post('/api/v1/records/reports', { name: 'Выигранные по стадиям', module: 'accounts', type: 'summary', where: mine, related_where: won, group_by: [{ field: 'deals.stage' }], aggregates: [{ fn: 'count' }] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const figure = await sales1.post(`/api/v1/reports/${saved.body.data.id}/key_figure`, { period: 'year' });
    expect(figure.status, JSON.stringify(figure.body)).toBe(200);
    expect(figure.body.value).toBe(1);
  });

  it('names missing exchange rates for the related records only, not for records without any', async () => {
    const eur = await sales1.post('/api/v1/reports/preview', { ...byAccount, currency: 'EUR' });
    expect(eur.status, JSON.stringify(eur.body)).toBe(200);
    expect(eur.body.missing_rates.map((m: any) => [m.currency, m.count])).toEqual([['RUB', 2]]);
  });

  it('keeps related records hidden from the reader out of rows too', async () => {
    const tab = await sales1.post('/api/v1/reports/preview', { module: 'accounts', where: { field: 'id', op: 'eq', value: a }, columns: ['name', 'deals.name'] });
    expect(tab.body.rows.map((r: any) => r['deals.name']).sort()).toEqual(['RM-A1', 'RM-A2']);
  });
});
