import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCore } from '../../engine/schema/migrate.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { seedStandardReports } from './standard-reports.js';
import { salesProfile } from '../../testing/sales-profile.js';

/** Reports whose rows are the documents' lines: products by quantity sold, gross profit by deal. */
let t: TestApp;
let admin: Client, sales1: Client, sales2: Client, manager: Client;
let bolt = '', nut = '', setup = '', deal = '', account = '';

const invoice = (c: Client, subject: string, account: string, lines: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  c.post('/api/v1/records/invoices', { subject, account_id: account, invoice_date: '2026-02-10', status: 'created', currency: 'RUB', lines, ...extra });

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2, manager] = await Promise.all(['admin', 'sales1', 'sales2', 'manager'].map((u) => t.login(u)));
  bolt = (await admin.post('/api/v1/records/products', { name: 'Болт М8', unit_price: '100', purchase_cost: '60' })).body.data.id;
  nut = (await admin.post('/api/v1/records/products', { name: 'Гайка М8', unit_price: '10', purchase_cost: '5' })).body.data.id;
  setup = (await admin.post('/api/v1/records/services', { name: 'Монтаж', unit_price: '50', purchase_cost: '10' })).body.data.id;
  await admin.post('/api/v1/currency_rates', { currency: 'USD', date: '2026-01-01', rate: '100' });
  account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Крепёж' })).body.data.id;
  deal = (await sales1.post('/api/v1/records/deals', { name: 'Крепёж на склад', close_date: '2026-03-01', account_id: account })).body.data.id;
  const p = (id: string, quantity: string, list_price: string, more: Record<string, unknown> = {}) => ({ item_module: 'products', item_id: id, quantity, list_price, ...more });
  // 2 bolts (200, cost 120), 3 nuts (30, cost 15), one set-up (50, cost 10), and an alternative not chosen (left out).
  expect((await invoice(sales1, 'LN-1', account, [p(bolt, '2', '100'), p(nut, '3', '10'), { item_module: 'services', item_id: setup, quantity: '1', list_price: '50' },
    p(bolt, '10', '100', { is_alternative: true, is_selected: false })], { deal_id: deal })).status).toBe(201);
  // One bolt for 2 USD = 200 RUB at the rate, cost 60.
  expect((await invoice(sales1, 'LN-2', account, [p(bolt, '1', '2')], { deal_id: deal, currency: 'USD' })).status).toBe(201);
  // A cancelled invoice, a credit note (money given back: not a sale) and another rep's (sales1 does not see it).
  expect((await invoice(sales1, 'LN-3', account, [p(bolt, '7', '100')], { deal_id: deal, status: 'cancelled' })).status).toBe(201);
  expect((await invoice(sales1, 'LN-5', account, [p(bolt, '4', '100')], { deal_id: deal, status: 'credit_invoice' })).status).toBe(201);
  const theirs = (await sales2.post('/api/v1/records/accounts', { name: 'Чужой' })).body.data.id;
  expect((await invoice(sales2, 'LN-4', theirs, [p(bolt, '5', '100')])).status).toBe(201);
});
afterAll(() => t.close());

const mine = { and: [{ field: 'subject', op: 'starts_with', value: 'LN-' }, { field: 'status', op: 'nin', value: ['cancelled', 'credit_invoice'] }] };

describe('reports over document lines', () => {
  it('groups lines by product over the invoices the caller sees; a line filter keeps products only; alternatives not chosen do not count', async () => {
    const def = { module: 'invoices', type: 'summary', where: mine, line_where: { field: 'product_id', op: 'not_empty' }, group_by: [{ field: 'lines.product_id' }], aggregates: [{ fn: 'count' }, { field: 'lines.quantity', fn: 'sum' }, { field: 'lines.net', fn: 'sum' }] };
    const r = await sales1.post('/api/v1/reports/preview', def);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const by = (body: any) => Object.fromEntries(body.groups.map((g: any) => [g.label, [g.aggregates.count, Number(g.aggregates['sum_lines.quantity']), g.aggregates['sum_lines.net']]]));
    expect(by(r.body)).toEqual({ 'Болт М8': [2, 3, '400.00'], 'Гайка М8': [1, 3, '30.00'] });
    expect(r.body.aggregates[1].label).toBe('Сумма: Позиции › Количество');
    // The manager sees sales2's invoice too.
    expect(by((await manager.post('/api/v1/reports/preview', def)).body)['Болт М8']).toEqual([3, 8, '900.00']);
    // Without the line filter the service is a group of its own under "(empty)".
    const all = await sales1.post('/api/v1/reports/preview', { ...def, line_where: null });
    expect(all.body.totals.count).toBe(4);
    // A document's own total over its lines would count once per line: refused, at the aggregate, in the caller's language.
    for (const fn of ['sum', 'avg', 'count']) {
      const twice = await sales1.request('POST', '/api/v1/reports/preview', { ...def, aggregates: [{ field: 'grand_total', fn }] }, { 'accept-language': 'ru' });
      expect(twice.status).toBe(400);
      expect(twice.body.error.fields['aggregates[0].field']).toMatch(/по разу на каждую позицию/);
    }
    expect((await sales1.post('/api/v1/reports/preview', { ...def, aggregates: [{ field: 'grand_total', fn: 'max' }] })).status).toBe(200);
  });

  it('gross profit by deal: the lines\' net in the company currency less their purchase cost', async () => {
    const r = await sales1.post('/api/v1/reports/preview', { module: 'invoices', type: 'summary', where: mine, group_by: [{ field: 'deal_id' }],
      aggregates: [{ field: 'lines.net', fn: 'sum' }, { field: 'lines.cost', fn: 'sum' }, { field: 'lines.gross_profit', fn: 'sum' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const g = r.body.groups.find((x: any) => x.key === deal);
    expect(g.label).toBe('Крепёж на склад');
    // net 200 + 30 + 50 + 200 (2 USD); cost 120 + 15 + 10 + 60.
    expect([g.aggregates['sum_lines.net'], g.aggregates['sum_lines.cost'], g.aggregates['sum_lines.gross_profit']].map(Number)).toEqual([480, 205, 275]);
    // In dollars: the rubles' net and the cost, both at 100 a dollar.
    const usd = await sales1.post('/api/v1/reports/preview', { module: 'invoices', type: 'summary', where: mine, group_by: [{ field: 'deal_id' }], currency: 'USD',
      aggregates: [{ field: 'lines.net', fn: 'sum' }, { field: 'lines.cost', fn: 'sum' }, { field: 'lines.gross_profit', fn: 'sum' }] });
    const u = usd.body.groups.find((x: any) => x.key === deal);
    expect([u.aggregates['sum_lines.net'], u.aggregates['sum_lines.cost'], u.aggregates['sum_lines.gross_profit']].map(Number)).toEqual([4.8, 2.05, 2.75]);
  });

  it('a line\'s gross profit is in the company currency in rows and filters too; a line without an item costs nothing', async () => {
    // The dollar invoice's bolt: 2 USD = 200 RUB less 60.
    const row = await sales1.post('/api/v1/reports/preview', { module: 'invoices', type: 'tabular', where: { field: 'subject', op: 'eq', value: 'LN-2' }, columns: ['lines.net', 'lines.gross_profit'] });
    expect(row.body.rows.map((x: any) => [Number(x['lines.net']), Number(x['lines.gross_profit'])])).toEqual([[2, 140]]);
    const over100 = await sales1.post('/api/v1/reports/preview', { module: 'invoices', type: 'summary', where: mine, line_where: { field: 'gross_profit', op: 'gt', value: '100' },
      group_by: [{ field: 'subject' }], aggregates: [{ fn: 'count' }] });
    expect(over100.body.groups.map((x: any) => [x.key, x.aggregates.count])).toEqual([['LN-2', 1]]);
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Работы' })).body.data.id;
    await invoice(sales1, 'LN-6', account, [{ description: 'Выезд инженера', quantity: '1', list_price: '10' }]);
    const free = await sales1.post('/api/v1/reports/preview', { module: 'invoices', type: 'tabular', where: { field: 'subject', op: 'eq', value: 'LN-6' }, columns: ['lines.description', 'lines.cost', 'lines.gross_profit'] });
    expect(free.body.rows.map((x: any) => [x['lines.description'], Number(x['lines.cost']), Number(x['lines.gross_profit'])])).toEqual([['Выезд инженера', 0, 10]]);
  });

  it('quotes report their lines too; a key figure of a report grouped by lines counts lines', async () => {
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Смета' })).body.data.id;
    expect((await sales1.post('/api/v1/records/quotes', { subject: 'LQ-1', account_id: account, status: 'created', currency: 'RUB',
      lines: [{ item_module: 'products', item_id: nut, quantity: '4', list_price: '10' }, { item_module: 'products', item_id: bolt, quantity: '1', list_price: '100' }] })).status).toBe(201);
    const def = { module: 'quotes', type: 'summary', where: { field: 'subject', op: 'eq', value: 'LQ-1' }, group_by: [{ field: 'lines.product_id' }], aggregates: [{ fn: 'count' }, { field: 'lines.quantity', fn: 'sum' }] };
    const r = await sales1.post('/api/v1/reports/preview', def);
    expect(r.body.groups.map((g: any) => [g.label, Number(g.aggregates['sum_lines.quantity'])])).toEqual([['Болт М8', 1], ['Гайка М8', 4]]);
    // Only its grouping names the lines: its key figure still counts lines, not quotes.
    const saved = (await sales1.post('/api/v1/records/reports', { name: 'Строки сметы', ...def, aggregates: [{ fn: 'count' }] })).body.data;
    const figure = await sales1.post(`/api/v1/reports/${saved.id}/key_figure`, { period: 'month' });
    expect(figure.status, JSON.stringify(figure.body)).toBe(200);
    expect(figure.body.value).toBe(2);
  });

  it('a tabular report lists one row per counted line, in the document\'s order, with the product\'s own fields', async () => {
    const r = await sales1.post('/api/v1/reports/preview', { module: 'invoices', type: 'tabular', where: { field: 'subject', op: 'eq', value: 'LN-1' },
      columns: ['subject', 'lines.product_id.name', 'lines.quantity', 'lines.net'], aggregates: [{ field: 'lines.quantity', fn: 'sum' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rows.map((x: any) => [x.subject, x['lines.product_id.name'], Number(x['lines.quantity']), x['lines.net']]))
      .toEqual([['LN-1', 'Болт М8', 2, '200.00'], ['LN-1', 'Гайка М8', 3, '30.00'], ['LN-1', null, 1, '50.00']]);
    expect(Number(r.body.totals['sum_lines.quantity'])).toBe(6);
  });

  it('line paths are refused where they make no sense, and cost where the purchase cost is hidden from the caller', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ module: 'deals', type: 'tabular', columns: ['lines.quantity'] }, 'columns[0]'],
      [{ module: 'invoices', type: 'tabular', columns: ['lines.nope'] }, 'columns[0]'],
      [{ module: 'invoices', type: 'tabular', columns: ['lines.quantity.name'] }, 'columns[0]'],
      [{ module: 'deals', type: 'tabular', columns: ['name'], line_where: { field: 'product_id', op: 'not_empty' } }, 'line_where'],
    ];
    for (const [def, key] of cases) {
      const r = await sales1.post('/api/v1/reports/preview', def);
      expect(r.status, JSON.stringify(def)).toBe(400);
      expect(r.body.error.fields, JSON.stringify(r.body)).toHaveProperty([key]);
    }
    const bad = await sales1.post('/api/v1/reports/preview', { module: 'invoices', type: 'tabular', columns: ['subject'], line_where: { field: 'quantity', op: 'gt', value: 'many' } });
    expect(bad.status).toBe(400);
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { products: { purchase_cost: 'hidden' } } })).status).toBe(200);
    try {
      const costly = { module: 'invoices', type: 'summary', where: mine, group_by: [{ field: 'deal_id' }], aggregates: [{ field: 'lines.gross_profit', fn: 'sum' }] };
      const hidden = await sales1.post('/api/v1/reports/preview', costly);
      expect(hidden.status).toBe(400);
      expect(hidden.body.error.fields).toHaveProperty(['aggregates[0].field']);
      const filtered = await sales1.post('/api/v1/reports/preview', { ...costly, aggregates: [{ fn: 'count' }], line_where: { field: 'cost', op: 'gt', value: '0' } });
      expect(filtered.status).toBe(400);
      expect((await sales1.post('/api/v1/reports/preview', { ...costly, aggregates: [{ field: 'lines.product_id.purchase_cost', fn: 'max' }] })).status).toBe(400);
      expect((await manager.post('/api/v1/reports/preview', costly)).status).toBe(200);
      // Quantities are still the rep's to report on.
      expect((await sales1.post('/api/v1/reports/preview', { ...costly, aggregates: [{ field: 'lines.quantity', fn: 'sum' }] })).status).toBe(200);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('an account\'s products bought: its invoices\' lines by item, cancelled invoices, credit notes and unchosen alternatives left out', async () => {
    const r = await sales1.get(`/api/v1/records/accounts/${account}/products_bought`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = Object.fromEntries(r.body.data.map((x: any) => [x.label, [x.item_module, Number(x.quantity), Number(x.net), x.lines, x.last_date]]));
    expect(rows).toEqual({
      'Болт М8': ['products', 3, 400, 2, '2026-02-10'], 'Гайка М8': ['products', 3, 30, 1, '2026-02-10'], 'Монтаж': ['services', 1, 50, 1, '2026-02-10'],
    });
    expect(r.body.currency).toBe('RUB');
    expect((await sales2.get(`/api/v1/records/accounts/${account}/products_bought`)).status).toBe(404);
  });

  it('the standard reports "products by quantity sold" and "gross profit by deal" run for a reader', async () => {
    await seedStandardReports(t.app);
    const reports = (await sales1.get('/api/v1/records/reports?limit=100&fields=name')).body.data as { id: string; name: string }[];
    const run = async (name: string) => (await sales1.post(`/api/v1/reports/${reports.find((x) => x.name === name)!.id}/run`, {})).body;
    const products = await run('Товары по количеству продаж');
    expect(products.groups.map((g: any) => g.label)).not.toContain('(пусто)');
    expect(Number(products.groups.find((g: any) => g.label === 'Болт М8').aggregates['sum_lines.quantity'])).toBe(3);
    const profit = await run('Валовая прибыль по сделкам');
    expect(Number(profit.groups.find((g: any) => g.key === deal).aggregates['sum_lines.gross_profit'])).toBe(275);
  });
  it('a line costs what its item cost when it was put on the document, not what the catalogue says today', async () => {
    const p = (id: string, quantity: string) => ({ item_module: 'products', item_id: id, quantity, list_price: '100' });
    const costs = async () => {
      const r = await sales1.post('/api/v1/reports/preview', { module: 'invoices', type: 'tabular', where: { field: 'subject', op: 'starts_with', value: 'LC-' },
        columns: ['subject', 'lines.product_id.name', 'lines.cost'], sort: [{ field: 'subject' }] });
      expect(r.status, r.raw).toBe(200);
      return r.body.rows.map((x: any) => [x.subject, x['lines.product_id.name'], Number(x['lines.cost'])]);
    };
    const first = (await invoice(sales1, 'LC-1', account, [p(bolt, '1')])).body.data;
    const setCost = async (cost: string) => expect((await admin.patch(`/api/v1/records/products/${bolt}`, { purchase_cost: cost })).status).toBe(200);
    try {
      await setCost('90');
      expect((await invoice(sales1, 'LC-2', account, [p(bolt, '1')])).status).toBe(201);
      expect(await costs()).toEqual([['LC-1', 'Болт М8', 60], ['LC-2', 'Болт М8', 90]]);
      // Another field, or more of the same item: the cost it came with.
      expect((await sales1.patch(`/api/v1/records/invoices/${first.id}`, { status: 'sent' })).status).toBe(200);
      expect((await sales1.patch(`/api/v1/records/invoices/${first.id}`, { lines: [p(bolt, '2'), p(nut, '1')] })).status).toBe(200);
      expect(await costs()).toEqual([['LC-1', 'Болт М8', 120], ['LC-1', 'Гайка М8', 5], ['LC-2', 'Болт М8', 90]]);
      // Taken off and put on again: today's cost.
      expect((await sales1.patch(`/api/v1/records/invoices/${first.id}`, { lines: [p(nut, '1')] })).status).toBe(200);
      expect((await sales1.patch(`/api/v1/records/invoices/${first.id}`, { lines: [p(nut, '1'), p(bolt, '1')] })).status).toBe(200);
      expect(await costs()).toEqual([['LC-1', 'Гайка М8', 5], ['LC-1', 'Болт М8', 90], ['LC-2', 'Болт М8', 90]]);
      // Nothing a reader of the invoice receives carries the cost.
      expect(JSON.stringify((await sales1.get(`/api/v1/records/invoices/${first.id}`)).body)).not.toMatch(/unit_cost|"90(\.0+)?"/);
      // A writer who may not see purchase costs still records them, for those who may.
      const profile = await salesProfile(admin);
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { products: { purchase_cost: 'hidden' } } })).status).toBe(200);
      try {
        expect((await invoice(sales1, 'LC-3', account, [p(bolt, '1')])).status).toBe(201);
        await setCost('70');
      } finally {
        expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
      }
      expect((await costs()).filter((r: unknown[]) => r[0] === 'LC-3')).toEqual([['LC-3', 'Болт М8', 90]]);
    } finally {
      await setCost('60');
    }
  });
  it('an upgrade gives the documents saved before it their items\' costs of that day', async () => {
    const db = t.app.database.db;
    const ln1 = (await sql<{ id: string }>`select id from invoices where subject = 'LN-1'`.execute(db)).rows[0].id;
    const kept = async () => (await sql<{ item_id: string; unit_cost: string }>`select item_id::text, unit_cost::text from line_costs where document_id = ${ln1} order by unit_cost::numeric`.execute(db)).rows;
    const costs = [[nut, 5], [setup, 10], [bolt, 60]].map(([item_id, cost]) => ({ item_id, unit_cost: expect.stringMatching(new RegExp(`^${cost}(\\.0+)?$`)) }));
    expect(await kept()).toEqual(costs);
    // As a database from before the table: none, then the migration.
    await sql`drop table line_costs`.execute(db);
    await sql`delete from schema_migrations where version = 202`.execute(db);
    expect((await migrateCore(db, 'after_module_tables', new Set([202]))).applied).toEqual([202]);
    expect(await kept()).toEqual(costs);
  });
  it('an upgrade moves the standard sales reports to leave credit notes out, unless someone changed their filter', async () => {
    await seedStandardReports(t.app);
    const db = t.app.database.db;
    const old = { field: 'status', op: 'ne', value: 'cancelled' };
    const dealOnly = { field: 'deal_id', op: 'not_empty' };
    const where = async (key: string) => (await sql<{ where: unknown }>`select "where" from reports where standard_key = ${key}`.execute(db)).rows[0].where;
    // Seeded as the migration writes it (so a database seeded before it matches its pattern the same way).
    expect(await where('products_by_quantity:en')).toEqual({ field: 'status', op: 'nin', value: ['cancelled', 'credit_invoice'] });
    // As before the upgrade; the Chinese "products by quantity" edited by someone.
    await sql`update reports set "where" = ${JSON.stringify(old)}::jsonb where standard_key like 'products_by_quantity:%'`.execute(db);
    await sql`update reports set "where" = ${JSON.stringify({ and: [old, dealOnly] })}::jsonb where standard_key like 'gross_profit_by_deal:%'`.execute(db);
    const edited = { field: 'status', op: 'eq', value: 'paid' };
    await sql`update reports set "where" = ${JSON.stringify(edited)}::jsonb where standard_key = 'products_by_quantity:zh'`.execute(db);
    await sql`delete from schema_migrations where version = 407`.execute(db);
    expect((await migrateCore(db, 'after_module_tables', new Set([407]))).applied).toEqual([407]);
    const sold = { field: 'status', op: 'nin', value: ['cancelled', 'credit_invoice'] };
    expect(await where('products_by_quantity:ru')).toEqual(sold);
    expect(await where('gross_profit_by_deal:uk')).toEqual({ and: [sold, dealOnly] });
    expect(await where('products_by_quantity:zh')).toEqual(edited);
  });
});
