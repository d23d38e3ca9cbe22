import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { multipartBody } from '../../testing/multipart.js';
import { withSalesModules } from '../../testing/sales-profile.js';
import { markupFor, roundPrice, roundSql, withMarkup, type Precision, type RoundingMode } from './price-math.js';
import { dependentsInOrder, type PriceType } from './price-register.js';
import { makesCycle } from './price-type-rules.js';

const ROUNDING: [string, Precision, RoundingMode, string][] = [
  ['12.345', '0.01', 'arithmetic', '12.35'], ['12.344', '0.01', 'arithmetic', '12.34'], ['12.345', '0.01', 'down', '12.34'], ['12.341', '0.01', 'up', '12.35'],
  ['12.35', '0.1', 'arithmetic', '12.40'], ['12.34', '0.1', 'arithmetic', '12.30'], ['12.39', '0.1', 'down', '12.30'], ['12.31', '0.1', 'up', '12.40'],
  ['2.5', '1', 'arithmetic', '3.00'], ['3.5', '1', 'arithmetic', '4.00'], ['-2.5', '1', 'arithmetic', '-3.00'], ['-2.5', '1', 'down', '-3.00'], ['-2.5', '1', 'up', '-2.00'],
  ['1195', '10', 'arithmetic', '1200.00'], ['1194.99', '10', 'arithmetic', '1190.00'], ['1191', '10', 'up', '1200.00'], ['1199.99', '10', 'down', '1190.00'],
  ['1250', '100', 'arithmetic', '1300.00'], ['1249.99', '100', 'arithmetic', '1200.00'], ['1201', '100', 'up', '1300.00'], ['1299', '100', 'down', '1200.00'],
  ['1200', '10', 'up', '1200.00'], ['0', '100', 'up', '0.00'], ['0.005', '0.01', 'arithmetic', '0.01'], ['-0.005', '0.01', 'arithmetic', '-0.01'],
];

describe('price arithmetic (pure)', () => {
  it.each(ROUNDING)('rounds %s to %s %s → %s', (v, p, m, out) => expect(roundPrice(v, p, m)).toBe(out));
  it('marks up, with a price group exception', () => {
    expect(roundPrice(withMarkup('1000', '20'), '0.01', 'arithmetic')).toBe('1200.00');
    expect(roundPrice(withMarkup('999.99', '-10'), '0.01', 'arithmetic')).toBe('899.99');
    const groups = [{ price_group: 'Laptops', markup_percent: '15' }];
    expect(markupFor('20', groups, 'laptops').toString()).toBe('15');
    expect(markupFor('20', groups, 'Phones').toString()).toBe('20');
    expect(markupFor('20', groups, null).toString()).toBe('20');
  });
  it('finds chains that come back, and orders dependents after their base', () => {
    const baseOf = new Map<string, string | null>([['cost', null], ['wholesale', 'cost'], ['retail', 'wholesale']]);
    expect(makesCycle('cost', 'retail', baseOf)).toBe(true);
    expect(makesCycle('dealer', 'retail', baseOf)).toBe(false);
    expect(makesCycle('x', 'x', baseOf)).toBe(true);
    const t = (id: string, base: string | null): PriceType => ({ id, name: id, kind: base ? 'markup' : 'manual', base_type_id: base } as PriceType);
    const order = dependentsInOrder([t('retail', 'wholesale'), t('dealer', 'cost'), t('wholesale', 'cost'), t('cost', null), t('other', null)], new Set(['cost']));
    expect(order.map((x) => x.id)).toEqual(['dealer', 'wholesale', 'retail']);
    // A type given new prices itself still follows its changed base (for its other items), before the types on it.
    const both = dependentsInOrder([t('retail', 'wholesale'), t('wholesale', 'cost'), t('cost', null)], new Set(['cost', 'wholesale']));
    expect(both.map((x) => x.id)).toEqual(['wholesale', 'retail']);
  });
});

let t: TestApp;
let admin: Client, sales1: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all(['admin', 'sales1'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('the SQL rounding is the same as the pure one', () => {
  it('on every case of the table', async () => {
    for (const [v, p, m, out] of ROUNDING) {
      const r = await sql<{ x: string }>`select ${roundSql(sql`${v}::numeric`, p, m)}::text as x`.execute(t.app.database.db);
      expect(r.rows[0].x, `${v} ${p} ${m}`).toBe(out);
    }
  });
});

describe('price types and the price register', () => {
  it('chains markups, rounds, takes group exceptions, recomputes from the date a base price changes, and answers how', async () => {
    const mk = async (body: object) => { const r = await admin.post('/api/v1/records/price_types', body); expect(r.status, r.raw).toBe(201); return r.body.data.id as string; };
    const cost = await mk({ name: 'Cost', kind: 'manual', usage: 'purchases' });
    const wholesale = await mk({ name: 'Wholesale', kind: 'markup', base_type_id: cost, markup_percent: '20', rounding_precision: '10', rounding_mode: 'up',
      group_markups: [{ price_group: 'Accessories', markup_percent: 50 }] });
    const retail = await mk({ name: 'Retail', kind: 'markup', base_type_id: wholesale, markup_percent: '25', rounding_precision: '1', rounding_mode: 'arithmetic', min_quantity: '0' });
    const bulk = await mk({ name: 'Bulk', kind: 'markup', base_type_id: wholesale, markup_percent: '-5', min_quantity: '100' });
    // A chain may not come back: cost built on retail is refused at base_type_id.
    const cyc = await admin.patch(`/api/v1/records/price_types/${cost}`, { kind: 'markup', base_type_id: retail, markup_percent: '1' });
    expect(cyc.status).toBe(400);
    expect(cyc.body.error.fields.base_type_id).toBeTruthy();
    expect((await admin.post('/api/v1/records/price_types', { name: 'No base', kind: 'markup', markup_percent: '5' })).body.error.fields.base_type_id).toBeTruthy();
    // Nor come back through a type in the recycle bin, which restoring would bring back into the chain.
    const c = await mk({ name: 'Loop C', kind: 'manual' });
    const b = await mk({ name: 'Loop B', kind: 'markup', base_type_id: c, markup_percent: '1' });
    const a = await mk({ name: 'Loop A', kind: 'markup', base_type_id: b, markup_percent: '1' });
    expect((await admin.del(`/api/v1/records/price_types/${b}`)).status).toBe(204);
    const around = await admin.patch(`/api/v1/records/price_types/${c}`, { kind: 'markup', base_type_id: a, markup_percent: '10' });
    expect(around.status).toBe(400);
    expect(around.body.error.fields.base_type_id).toBeTruthy();

    const laptop = (await admin.post('/api/v1/records/products', { name: 'Laptop L', unit_price: '1500.00' })).body.data.id;
    const bag = (await admin.post('/api/v1/records/products', { name: 'Bag B', unit_price: '20.00', price_group: 'accessories' })).body.data.id;
    const set = await admin.post('/api/v1/pricing/prices', { date: '2027-01-01', prices: [{ product_id: laptop, price_type_id: cost, price: '1001.00' }, { product_id: bag, price_type_id: cost, price: '10.00' }] });
    expect(set.status, set.raw).toBe(200);
    expect(set.body.data).toEqual({ saved: 2, recomputed: 6 });
    const price = async (item: string, type: string, date: string, quantity?: number) => {
      // API.md's bare `{"price","currency","basis"}`, the same under `data` as the web client reads it.
      const { data, ...bare } = (await sales1.get(`/api/v1/pricing/price?product_id=${item}&price_type_id=${type}&date=${date}${quantity === undefined ? '' : `&quantity=${quantity}`}`)).body;
      expect(data).toEqual(bare);
      return bare;
    };
    // 1001 × 1.2 = 1201.2 → up to 10 → 1210; × 1.25 = 1512.5 → 1513. The bag's group: 10 × 1.5 = 15 → up to 10 → 20; × 1.25 = 25.
    expect((await price(laptop, wholesale, '2027-01-01')).price).toBe('1210.00');
    const r = await price(laptop, retail, '2027-06-30');
    expect(r.price).toBe('1513.00');
    expect(r.basis.map((b: any) => [b.name, b.source, b.price])).toEqual([['Retail', 'computed', '1513.00'], ['Wholesale', 'computed', '1210.00'], ['Cost', 'manual', '1001.00']]);
    expect((await price(bag, wholesale, '2027-01-01')).price).toBe('20.00');
    expect((await price(bag, retail, '2027-01-01')).price).toBe('25.00');
    // Before any price: none. Below the bulk type's minimum quantity: its base applies.
    expect((await price(laptop, retail, '2026-12-31')).price).toBeNull();
    expect((await price(laptop, bulk, '2027-01-01', 10)).price).toBe('1210.00');
    expect((await price(laptop, bulk, '2027-01-01', 100)).price).toBe('1149.50');

    // Cost changes from March: the dependents follow from March, and January still answers the old prices.
    expect((await admin.post('/api/v1/pricing/prices', { date: '2027-03-01', prices: [{ product_id: laptop, price_type_id: cost, price: '1100' }] })).body.data.recomputed).toBe(3);
    expect((await price(laptop, retail, '2027-02-28')).price).toBe('1513.00');
    expect((await price(laptop, retail, '2027-03-01')).price).toBe('1650.00'); // 1100 × 1.2 = 1320; × 1.25 = 1650
    // A retail price set by hand for a day is not overwritten by a recompute of that day.
    await admin.post('/api/v1/pricing/prices', { date: '2027-03-01', prices: [{ product_id: laptop, price_type_id: retail, price: '1599.00' }] });
    await admin.post('/api/v1/pricing/prices', { date: '2027-03-01', prices: [{ product_id: laptop, price_type_id: cost, price: '1090' }] });
    expect((await price(laptop, retail, '2027-03-01')).price).toBe('1599.00');
    expect((await price(laptop, wholesale, '2027-03-01')).price).toBe('1310.00');
    const history = (await sales1.get(`/api/v1/pricing/history?product_id=${laptop}&price_type_id=${wholesale}`)).body.data;
    expect(history.map((h: any) => [h.effective_date, h.price])).toEqual([['2027-03-01', '1310.00'], ['2027-01-01', '1210.00']]);
    const all = (await sales1.get(`/api/v1/pricing/prices?product_id=${laptop}&date=2027-03-01`)).body.data;
    expect(all.find((x: any) => x.price_type_id === retail)).toMatchObject({ price: '1599.00', source: 'manual' });

    // A changed markup reprices the type from today and at the base's planned changes; a price set by hand stays.
    await admin.post('/api/v1/pricing/prices', { date: '2026-01-01', prices: [{ product_id: laptop, price_type_id: cost, price: '1000' }] });
    await admin.patch(`/api/v1/records/price_types/${wholesale}`, { markup_percent: '30' });
    expect((await price(laptop, wholesale, new Date().toISOString().slice(0, 10))).price).toBe('1300.00');
    expect((await price(laptop, wholesale, '2027-03-01')).price).toBe('1420.00'); // 1090 × 1.3 = 1417 → up to 10
    expect((await price(laptop, retail, '2027-01-01')).price).toBe('1638.00'); // 1001 × 1.3 = 1301.3 → 1310; × 1.25 = 1637.5 → 1638
    expect((await price(laptop, retail, '2027-03-01')).price).toBe('1599.00');
  });

  it('marks up over the last purchase price, taken net of discount when a purchase order is received', async () => {
    const fromPurchase = (await admin.post('/api/v1/records/price_types', { name: 'From purchase', kind: 'purchase_markup', markup_percent: '10', rounding_precision: '1', rounding_mode: 'up' })).body.data.id;
    const dealer = (await admin.post('/api/v1/records/price_types', { name: 'Dealer', kind: 'markup', base_type_id: fromPurchase, markup_percent: '5' })).body.data.id;
    const item = (await admin.post('/api/v1/records/products', { name: 'Toner T', unit_price: '200.00' })).body.data.id;
    const vendor = (await admin.post('/api/v1/records/vendors', { name: 'Toner supplier' })).body.data.id;
    const po = (await admin.post('/api/v1/records/purchase_orders', { subject: 'Toner', vendor_id: vendor, status: 'created',
      lines: [{ item_module: 'products', item_id: item, quantity: 2, list_price: '100.00', discount_percent: '5', taxes: [] }] })).body.data;
    const today = new Date().toISOString().slice(0, 10);
    const priceOf = async (type: string) => (await admin.get(`/api/v1/pricing/price?product_id=${item}&price_type_id=${type}&date=${today}`)).body.data;
    expect((await priceOf(fromPurchase)).price).toBeNull(); // not received yet
    await admin.patch(`/api/v1/records/purchase_orders/${po.id}`, { status: 'received_shipment' }, { 'If-Match': `"${po.version}"` });
    // 95 net × 1.1 = 104.5 → up to 1 → 105; dealer: 105 × 1.05 = 110.25.
    const p = await priceOf(fromPurchase);
    expect(p.price).toBe('105.00');
    expect(p.basis[0].basis).toMatchObject({ base: 'purchase', base_price: '95.00' });
    expect((await priceOf(dealer)).price).toBe('110.25');
    // An order in dollars gives no purchase price: its 50 are not 50 roubles.
    const usd = (await admin.post('/api/v1/records/purchase_orders', { subject: 'Toner USD', vendor_id: vendor, status: 'received_shipment', currency: 'USD',
      lines: [{ item_module: 'products', item_id: item, quantity: 1, list_price: '50.00', taxes: [] }] }));
    expect(usd.status, usd.raw).toBe(201);
    expect((await priceOf(fromPurchase)).price).toBe('105.00');
  });

  it('exports a price list at a date: items × types as real numbers', async () => {
    const base = (await admin.post('/api/v1/records/price_types', { name: 'List base', kind: 'manual' })).body.data.id;
    const plus = (await admin.post('/api/v1/records/price_types', { name: 'List plus', kind: 'markup', base_type_id: base, markup_percent: '10' })).body.data.id;
    const item = (await admin.post('/api/v1/records/products', { name: 'Listed item', unit_price: '1.00', price_group: 'G1' })).body.data;
    await admin.post('/api/v1/pricing/prices', { date: '2027-05-01', prices: [{ product_id: item.id, price_type_id: base, price: '200.00' }] });
    const r = await sales1.get(`/api/v1/pricing/price_list?price_type_id=${base},${plus}&date=2027-05-02`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, 'Номер', 'Наименование', 'Ценовая группа', 'List base', 'List plus']); // sales1 reads Russian
    const row = ws.getRows(2, ws.rowCount - 1)!.find((x) => x.getCell(2).value === 'Listed item')!;
    expect([row.getCell(1).value, row.getCell(3).value, row.getCell(4).value, row.getCell(5).value]).toEqual([item.number, 'G1', 200, 220]);
    const before = await sales1.get(`/api/v1/pricing/price_list?price_type_id=${base}&date=2027-04-30`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(before.bytes as unknown as ArrayBuffer);
    expect(wb2.worksheets[0].getRows(2, wb2.worksheets[0].rowCount - 1)!.find((x) => x.getCell(2).value === 'Listed item')!.getCell(4).value).toBeNull();

    // Round trip: the exported list with a new base price imports at a new date; the markup type follows.
    const exported = await admin.get(`/api/v1/pricing/price_list?price_type_id=${base},${plus}&date=2027-05-02`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const line = sheet.getRows(2, sheet.rowCount - 1)!.find((x) => x.getCell(2).value === 'Listed item')!;
    line.getCell(4).value = 250;
    line.getCell(5).value = null; // computed: left empty, it follows its base
    const upload = async (buffer: Buffer, fields: Record<string, string>) => {
      const { body, headers } = multipartBody({ name: 'prices.xlsx', content: buffer }, fields);
      return admin.request('POST', '/api/v1/pricing/import', body, headers);
    };
    const good = Buffer.from(await book.xlsx.writeBuffer());
    const preview = await upload(good, { date: '2027-06-01', dry_run: '1' });
    expect(preview.status, preview.raw).toBe(200);
    expect(preview.body.data).toMatchObject({ applied: false, errors: [] });
    expect(preview.body.data.prices).toBeGreaterThanOrEqual(1);
    const priceOn = async (type: string, date: string) => (await admin.get(`/api/v1/pricing/price?product_id=${item.id}&price_type_id=${type}&date=${date}`)).body.data.price;
    expect(await priceOn(base, '2027-06-01')).toBe('200.00');
    // A bad cell anywhere: 400 with its row and column, nothing applied.
    line.getCell(4).value = 'cheap';
    const bad = await upload(Buffer.from(await book.xlsx.writeBuffer()), { date: '2027-06-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[`row ${line.number}, List base`], bad.raw).toBe('"cheap" is not a price of at least 0 with up to 2 decimals');
    const checked = await upload(Buffer.from(await book.xlsx.writeBuffer()), { date: '2027-06-01', dry_run: '1' });
    expect(checked.body.data.errors).toContainEqual({ row: line.number, column: 'List base', message: '"cheap" is not a price of at least 0 with up to 2 decimals' });
    expect(await priceOn(base, '2027-06-01')).toBe('200.00');
    const applied = await upload(good, { date: '2027-06-01' });
    expect(applied.body.data).toMatchObject({ applied: true });
    expect(await priceOn(base, '2027-06-01')).toBe('250.00');
    expect(await priceOn(plus, '2027-06-01')).toBe('275.00');
    expect(await priceOn(base, '2027-05-31')).toBe('200.00');
  });

  it('recomputes only what a change reaches: per type and item, later dated prices after a back-dated one', async () => {
    const mk = async (body: object) => (await admin.post('/api/v1/records/price_types', body)).body.data.id as string;
    const a = await mk({ name: 'Reach A', kind: 'manual' });
    const b = await mk({ name: 'Reach B', kind: 'manual' });
    const onA = await mk({ name: 'Reach on A', kind: 'markup', base_type_id: a, markup_percent: '10' });
    const x = (await admin.post('/api/v1/records/products', { name: 'Reach X', unit_price: '1.00' })).body.data.id;
    const y = (await admin.post('/api/v1/records/products', { name: 'Reach Y', unit_price: '1.00' })).body.data.id;
    await admin.post('/api/v1/pricing/prices', { date: '2027-01-01', prices: [{ product_id: y, price_type_id: a, price: '50' }] });
    // X on A and Y on B in one request: the markup over A is recomputed for X only (Y's A price did not change).
    const r = await admin.post('/api/v1/pricing/prices', { date: '2027-02-01', prices: [{ product_id: x, price_type_id: a, price: '100' }, { product_id: y, price_type_id: b, price: '7' }] });
    expect(r.body.data).toEqual({ saved: 2, recomputed: 1 });
    const rows = async (item: string) => (await sql<{ d: string; p: string }>`select effective_date::text as d, price::text as p from prices where item_id = ${item} and price_type_id = ${onA} order by 1`.execute(t.app.database.db)).rows;
    expect(await rows(y)).toEqual([{ d: '2027-01-01', p: '55.00' }]);
    // A base price back-dated before a later computed one: that later one was computed from the old base and follows.
    await admin.post('/api/v1/pricing/prices', { date: '2027-03-01', prices: [{ product_id: y, price_type_id: b, price: '8' }] });
    await admin.post('/api/v1/pricing/prices', { date: '2026-12-01', prices: [{ product_id: x, price_type_id: a, price: '90' }] });
    expect(await rows(x)).toEqual([{ d: '2026-12-01', p: '99.00' }, { d: '2027-02-01', p: '110.00' }]);
    await admin.post('/api/v1/pricing/prices', { date: '2026-12-01', prices: [{ product_id: y, price_type_id: a, price: '40' }] });
    await sql`delete from prices where item_id = ${y} and price_type_id = ${a} and effective_date = '2027-01-01'`.execute(t.app.database.db);
    await admin.post('/api/v1/pricing/prices', { date: '2026-11-01', prices: [{ product_id: y, price_type_id: a, price: '30' }] });
    // Y's 2027-01-01 row is now computed from A at that date (40, in force since 2026-12-01).
    expect((await rows(y)).find((row) => row.d === '2027-01-01')).toEqual({ d: '2027-01-01', p: '44.00' });

    // A manual type turned into a markup over a base it kept must not close a chain.
    const c = await mk({ name: 'Reach C', kind: 'markup', base_type_id: onA, markup_percent: '1' });
    await sql`update price_types set base_type_id = ${c} where id = ${a}`.execute(t.app.database.db); // a manual type's threshold base
    const turned = await admin.patch(`/api/v1/records/price_types/${a}`, { kind: 'markup', markup_percent: '1' });
    expect(turned.status).toBe(400);
    expect(turned.body.error.fields.base_type_id).toBeTruthy();
    await sql`update price_types set base_type_id = null where id = ${a}`.execute(t.app.database.db);
    // Group markups: a percentage, given as a number or numeric text.
    const bad = await admin.patch(`/api/v1/records/price_types/${onA}`, { group_markups: [{ price_group: 'G', markup_percent: '' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['group_markups[0].markup_percent']).toBeTruthy();
    expect((await admin.patch(`/api/v1/records/price_types/${onA}`, { group_markups: 'G' })).status).toBe(400);
    // The type named twice (repeated or comma-separated) is one column.
    const list = await admin.get(`/api/v1/pricing/price_list?price_type_id=${a}&price_type_id=${a},${onA}`);
    expect(list.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(list.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, 'Number', 'Name', 'Price group', 'Reach A', 'Reach on A']);
  });

  it('refuses an import that names an item or a type twice, or has cents it would have to round, at the row', async () => {
    const type = (await admin.post('/api/v1/records/price_types', { name: 'Twice T', kind: 'manual' })).body.data.id;
    const item = (await admin.post('/api/v1/records/products', { name: 'Twice item', unit_price: '1.00' })).body.data;
    const upload = async (rows: unknown[][], fields: Record<string, string> = {}) => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('x');
      for (const r of rows) sheet.addRow(r);
      const { body, headers } = multipartBody({ name: 'prices.xlsx', content: Buffer.from(await book.xlsx.writeBuffer()) }, fields);
      return admin.request('POST', '/api/v1/pricing/import', body, headers);
    };
    const head = ['Number', 'Name', 'Price group', 'Twice T'];
    const twice = await upload([head, [item.number, 'a', null, 10], [item.number, 'b', null, 11]]);
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields['row 3, 1']).toBe(`number ${item.number} is already on row 2`);
    const column = await upload([[...head, 'twice t'], [item.number, 'a', null, 10, 12]]);
    expect(column.body.error.fields['row 1, twice t']).toBe('is a second column of the same price type');
    const cents = await upload([head, [item.number, 'a', null, 12.345]]);
    expect(cents.body.error.fields['row 2, Twice T']).toBe('"12.345" is not a price of at least 0 with up to 2 decimals');
    expect((await upload([head, [item.number, 'a', null, 12.3]], { date: '2027-02-30' })).status).toBe(400);
    expect((await sql`select 1 from prices where item_id = ${item.id}`.execute(t.app.database.db)).rows).toHaveLength(0);
    const good = await upload([head, [item.number, 'a', null, 0.1 + 0.2]], { date: '2027-02-01' });
    expect(good.body.data, good.raw).toMatchObject({ applied: true, prices: 1 });
    expect((await admin.get(`/api/v1/pricing/price?product_id=${item.id}&price_type_id=${type}&date=2027-02-01`)).body.data.price).toBe('0.30');
    const junk = multipartBody({ name: 'prices.xlsx', content: Buffer.from('PK\u0003\u0004 not a zip') }, { dry_run: '1' });
    const notBook = await admin.request('POST', '/api/v1/pricing/import', junk.body, junk.headers);
    expect(notBook.body.data.errors[0].message).toBe('not a readable XLSX or CSV file');
    // The same layout as CSV (as a spreadsheet saves it: semicolons, decimal comma).
    const csv = multipartBody({ name: 'prices.csv', content: `Number;Name;Price group;Twice T\r\n${item.number};a;;15,50\r\n` }, { date: '2027-03-01' });
    expect((await admin.request('POST', '/api/v1/pricing/import', csv.body, csv.headers)).body.data).toMatchObject({ applied: true, prices: 1 });
    expect((await admin.get(`/api/v1/pricing/price?product_id=${item.id}&price_type_id=${type}&date=2027-03-01`)).body.data.price).toBe('15.50');
  });

  it('prints the price list and price labels as PDF in the reader’s language, Cyrillic and Chinese names alike', async () => {
    const type = (await admin.post('/api/v1/records/price_types', { name: 'Розница PDF', kind: 'manual', currency: 'RUB' })).body.data.id;
    const a = (await admin.post('/api/v1/records/products', { name: 'Ноутбук 笔记本 PDF', unit_price: '1.00' })).body.data;
    const b = (await admin.post('/api/v1/records/products', { name: 'Мышь PDF', unit_price: '1.00' })).body.data;
    await admin.post('/api/v1/pricing/prices', { date: '2027-01-01', prices: [{ product_id: a.id, price_type_id: type, price: '49987.5' }, { product_id: b.id, price_type_id: type, price: '990' }] });
    const segment = (await admin.post('/api/v1/records/segments', { name: 'PDF items', module: 'products', kind: 'static' })).body.data.id;
    await admin.post(`/api/v1/records/segments/${segment}/actions/add_members`, { ids: [a.id] });
    const list = await sales1.get(`/api/v1/pricing/price_list?format=pdf&price_type_id=${type}&date=2027-01-02&segment_id=${segment}`);
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toBe('application/pdf');
    const labels = await sales1.get(`/api/v1/pricing/labels?price_type_id=${type}&product_ids=${a.id},${b.id}&date=2027-01-02`);
    expect(labels.status).toBe(200);
    expect((await sales1.get(`/api/v1/pricing/labels?price_type_id=${type}&product_ids=nope`)).status).toBe(400);
    const accounts = (await admin.post('/api/v1/records/segments', { name: 'Not products', module: 'accounts', kind: 'static' })).body.data.id;
    expect((await sales1.get(`/api/v1/pricing/price_list?format=pdf&segment_id=${accounts}`)).body.error.fields.segment_id).toBeTruthy();
    if (spawnSync('pdftotext', ['-v']).error !== undefined) return console.warn('pdftotext is missing (Debian poppler-utils): the PDF text was not checked');
    const text = (pdf: Buffer) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'karta-prices-')), 'p.pdf');
      fs.writeFileSync(file, pdf);
      return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
    };
    const listed = text(list.bytes);
    for (const s of ['Прайс-лист на 2 января 2027 г.', 'Наименование', 'Розница', 'Ноутбук 笔记本 PDF', '49 987,50', a.number]) expect(listed, s).toContain(s);
    expect(listed).not.toContain('Мышь PDF'); // not in the segment
    const printed = text(labels.bytes);
    for (const s of ['Ноутбук 笔记本 PDF', 'Мышь PDF', '49 987,50', '990,00', b.number]) expect(printed, s).toContain(s);
  });

  it("answers a line's price only for an item and a type the caller may see, in the type's currency or the company's", async () => {
    const plain = (await admin.post('/api/v1/records/price_types', { name: 'Line plain', kind: 'manual' })).body.data.id;
    const dollars = (await admin.post('/api/v1/records/price_types', { name: 'Line USD', kind: 'manual', currency: 'USD' })).body.data.id;
    const service = (await admin.post('/api/v1/records/services', { name: 'Line service', unit_price: '5.00' })).body.data.id;
    const product = (await admin.post('/api/v1/records/products', { name: 'Line product', unit_price: '5.00' })).body.data.id;
    await admin.post('/api/v1/pricing/prices', { date: '2027-01-01', prices: [{ product_id: service, price_type_id: plain, price: '7.00' }, { product_id: service, price_type_id: dollars, price: '1.00' }] });
    const ask = (c: Client, item: string, type: string) => c.get(`/api/v1/pricing/price?product_id=${item}&price_type_id=${type}&date=2027-02-01`);
    const company = (await sql<{ currency: string | null }>`select value->>'currency' as currency from settings where key = 'company'`.execute(t.app.database.db)).rows[0]?.currency || 'RUB';
    expect((await ask(sales1, service, plain)).body.data).toMatchObject({ price: '7.00', currency: company, date: '2027-02-01' });
    expect((await ask(sales1, service, dollars)).body.data).toMatchObject({ price: '1.00', currency: 'USD' });
    expect((await ask(sales1, product, plain)).body.data).toMatchObject({ price: null, basis: [{ price_type_id: plain, source: 'none' }] });
    const refused = async (c: Client, item: string, type: string, field: string) => {
      const r = await ask(c, item, type);
      expect(r.status, r.raw).toBe(400);
      expect(Object.keys(r.body.error.fields)).toEqual([field]);
    };
    await refused(sales1, 'nope', plain, 'product_id');
    await refused(sales1, service, '00000000-0000-4000-8000-000000000000', 'price_type_id');
    await refused(sales1, service, 'nope', 'price_type_id');
    // Private products and price types: the admin's are not the sales person's to price with.
    expect((await admin.put('/api/v1/sharing', { products: 'private', price_types: 'private' })).status).toBe(200);
    try {
      await refused(sales1, product, plain, 'product_id');
      await refused(sales1, service, plain, 'price_type_id');
      expect((await ask(admin, product, plain)).status).toBe(200);
    } finally {
      await admin.put('/api/v1/sharing', { products: 'public_read', price_types: 'public_read' });
    }
    expect((await admin.del(`/api/v1/records/products/${product}`)).status).toBe(204);
    await refused(admin, product, plain, 'product_id');
  });

  it('a markup is in its base’s currency: another is refused, and a base keeps its currency under the types built on it', async () => {
    const cost = (await admin.post('/api/v1/records/price_types', { name: 'Cost RUB', kind: 'manual', currency: 'RUB' })).body.data.id;
    const dollars = await admin.request('POST', '/api/v1/records/price_types?lang=ru', { name: 'Retail USD', kind: 'markup', base_type_id: cost, markup_percent: '20', currency: 'USD' });
    expect(dollars.status).toBe(400);
    expect(dollars.body.error.fields.base_type_id).toBe('должен быть в валюте этого вида цен: наценка не пересчитывает валюту');
    const retail = await admin.post('/api/v1/records/price_types', { name: 'Retail RUB', kind: 'markup', base_type_id: cost, markup_percent: '20', currency: 'RUB' });
    expect(retail.status, retail.raw).toBe(201);
    expect((await admin.patch(`/api/v1/records/price_types/${retail.body.data.id}`, { currency: 'EUR' })).body.error.fields.base_type_id).toBeTruthy();
    // A chain changes currency from its base: the markups on it (and theirs) follow.
    const dealer = (await admin.post('/api/v1/records/price_types', { name: 'Dealer RUB', kind: 'markup', base_type_id: retail.body.data.id, markup_percent: '-5' })).body.data.id;
    expect((await admin.patch(`/api/v1/records/price_types/${cost}`, { currency: 'USD' })).status).toBe(200);
    for (const id of [retail.body.data.id, dealer]) expect((await admin.get(`/api/v1/records/price_types/${id}`)).body.data.currency).toBe('USD');
    // Purchase prices are in the company's currency: a purchase markup is too.
    const company = (await sql<{ c: string | null }>`select value->>'currency' as c from settings where key = 'company'`.execute(t.app.database.db)).rows[0]?.c || 'RUB';
    const other = company === 'USD' ? 'EUR' : 'USD';
    expect((await admin.post('/api/v1/records/price_types', { name: 'From purchase USD', kind: 'purchase_markup', markup_percent: '10', currency: other })).body.error.fields.currency).toBeTruthy();
  });

  it('refuses bad prices at the row, and a sales person cannot set them', async () => {
    const type = (await admin.post('/api/v1/records/price_types', { name: 'Manual X', kind: 'manual' })).body.data.id;
    const p = (await admin.post('/api/v1/records/products', { name: 'P', unit_price: '1.00' })).body.data.id;
    const bad = await admin.post('/api/v1/pricing/prices', { date: '2027-01-01', prices: [{ product_id: p, price_type_id: type, price: '1.00' }, { product_id: p, price_type_id: type, price: '-1' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['prices[1].price']).toBeTruthy();
    expect((await sql`select 1 from prices where item_id = ${p}`.execute(t.app.database.db)).rows).toHaveLength(0);
    expect((await admin.post('/api/v1/pricing/prices', { date: '2027-02-30', prices: [{ product_id: p, price_type_id: type, price: '1' }] })).status).toBe(400);
    expect((await admin.post('/api/v1/pricing/prices', { prices: [{ product_id: p, price_type_id: p, price: '1' }] })).body.error.fields['prices[0].price_type_id']).toBeTruthy();
    expect((await sales1.post('/api/v1/pricing/prices', { prices: [{ product_id: p, price_type_id: type, price: '1' }] })).status).toBe(403);
    // Given the right to edit price types, a sales person still sets prices only of types they may change: the admin's is read-only to them.
    await withSalesModules(admin, (m) => ({ ...m, price_types: ['view', 'create', 'edit'] }), async () => {
      expect((await sales1.get(`/api/v1/records/price_types/${type}`)).status).toBe(200);
      const theirs = (await sales1.post('/api/v1/records/price_types', { name: 'Manual S1', kind: 'manual' })).body.data.id;
      const mixed = await sales1.post('/api/v1/pricing/prices', { prices: [{ product_id: p, price_type_id: theirs, price: '3' }, { product_id: p, price_type_id: type, price: '1' }] });
      expect(mixed.status, mixed.raw).toBe(400);
      expect(Object.keys(mixed.body.error.fields)).toEqual(['prices[1].price_type_id']);
      expect((await sales1.post('/api/v1/pricing/prices', { prices: [{ product_id: p, price_type_id: theirs, price: '3' }] })).status).toBe(200);
      expect((await sql`select 1 from prices where item_id = ${p} and price_type_id = ${type}`.execute(t.app.database.db)).rows).toHaveLength(0);
      // A price list as exported to them (the admin's type among its columns) imports back: their own type's prices only.
      const number = (await sales1.get(`/api/v1/records/products/${p}`)).body.data.number;
      const { body, headers } = multipartBody({ name: 'prices.csv', content: `Номер,Наименование,Ценовая группа,Manual X,Manual S1\n${number},P,,5,6\n` }, { date: '2027-07-01' });
      const back = await sales1.request('POST', '/api/v1/pricing/import', body, headers);
      expect(back.status, back.raw).toBe(200);
      expect(back.body.data).toMatchObject({ applied: true, prices: 1 });
      expect((await sql<{ t: string; price: string }>`select price_type_id::text as t, price::text from prices where item_id = ${p} and effective_date = '2027-07-01'`.execute(t.app.database.db)).rows)
        .toEqual([{ t: theirs, price: '6.00' }]);
    });
    // The same item and type twice in one request: the later wins.
    expect((await admin.post('/api/v1/pricing/prices', { date: '2027-01-01', prices: [{ product_id: p, price_type_id: type, price: '1' }, { product_id: p, price_type_id: type, price: '2' }] })).body.data.saved).toBe(1);
  });
});
