import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { classify, matrix, monthsBetween, variation } from './abc-xyz-classify.js';
import { salesProfile, withSalesModules, without } from '../../testing/sales-profile.js';

describe('ABC/XYZ classification (pure)', () => {
  it('ABC by the share before each subject; the largest is always A', () => {
    const c = classify([{ id: 'a', total: 70, sumSquares: 0 }, { id: 'b', total: 20, sumSquares: 0 }, { id: 'c', total: 6, sumSquares: 0 }, { id: 'd', total: 4, sumSquares: 0 }], 1);
    expect(c.map((x) => [x.id, x.abc, x.share])).toEqual([['a', 'A', 70], ['b', 'A', 20], ['c', 'B', 6], ['d', 'C', 4]]);
    expect(classify([{ id: 'big', total: 99, sumSquares: 0 }, { id: 'small', total: 1, sumSquares: 0 }], 1).map((x) => x.abc)).toEqual(['A', 'C']);
    // Thresholds are the caller's.
    expect(classify([{ id: 'a', total: 50, sumSquares: 0 }, { id: 'b', total: 50, sumSquares: 0 }], 1, { a: 40, b: 60, x: 10, y: 25 }).map((x) => x.abc)).toEqual(['A', 'B']);
  });

  it('XYZ by the variation of monthly values, months without sales counting as 0; zero sales are C and Z', () => {
    expect(variation(120, 12 * 100, 12)).toBe(0); // 10 every month
    expect(variation(100, 100 * 100, 4)).toBe(173.2); // everything in one month of four
    expect(variation(0, 0, 12)).toBeNull();
    const months = 4;
    const c = classify([
      { id: 'steady', total: 40, sumSquares: 4 * 10 * 10 },
      { id: 'wobbly', total: 40, sumSquares: 8 * 8 + 12 * 12 + 9 * 9 + 11 * 11 }, // cv ≈ 15.8 %
      { id: 'once', total: 40, sumSquares: 40 * 40 },
      { id: 'nothing', total: 0, sumSquares: 0 },
    ], months);
    expect(Object.fromEntries(c.map((x) => [x.id, [x.xyz, x.cv]]))).toEqual({ steady: ['X', 0], wobbly: ['Y', 15.8], once: ['Z', 173.2], nothing: ['Z', null] });
    expect(c.find((x) => x.id === 'nothing')!.abc).toBe('C');
    // One month: nothing varies.
    expect(classify([{ id: 'a', total: 5, sumSquares: 25 }], 1)[0]).toMatchObject({ xyz: 'X', cv: 0 });
    expect(matrix(c)).toMatchObject({ AX: { count: 1, amount: 40 }, AY: { count: 1, amount: 40 }, CZ: { count: 1, amount: 0 } });
    expect(monthsBetween('2026-01-15', '2026-12-01')).toBe(12);
  });
});

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client, manager: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2, manager] = await Promise.all(['admin', 'sales1', 'sales2', 'manager'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const invoice = async (c: Client, account: string, date: string, net: string, product: string, currency = 'RUB', status = 'created') =>
  c.post('/api/v1/records/invoices', { subject: `INV ${date}`, account_id: account, invoice_date: date, status, currency,
    lines: [{ item_module: 'products', item_id: product, quantity: '1', list_price: net }] });

describe('GET /analytics/abc-xyz', () => {
  it('classifies accounts and products from the invoice lines the caller may see, revenue in the company currency', async () => {
    const product = (await admin.post('/api/v1/records/products', { name: 'Товар АВС', unit_price: '10' })).body.data.id;
    const steady = (await sales1.post('/api/v1/records/accounts', { name: 'Ровный' })).body.data.id;
    const once = (await sales1.post('/api/v1/records/accounts', { name: 'Разовый' })).body.data.id;
    const theirs = (await sales2.post('/api/v1/records/accounts', { name: 'Чужой' })).body.data.id;
    for (const m of ['01', '02', '03']) expect((await invoice(sales1, steady, `2026-${m}-10`, '100', product)).status).toBe(201);
    await invoice(sales1, once, '2026-02-10', '30', product);
    // Neither a cancelled invoice nor a credit note is a sale.
    for (const status of ['cancelled', 'credit_invoice']) expect((await invoice(sales1, once, '2026-03-10', '500', product, 'RUB', status)).status).toBe(201);
    await invoice(sales2, theirs, '2026-01-10', '1000', product);
    const q = '/api/v1/analytics/abc-xyz?subject=accounts&from=2026-01-01&to=2026-03-31';
    const mine = (await sales1.get(q)).body;
    expect(mine.months).toBe(3);
    expect(mine.items.map((i: any) => [i.label, i.abc, i.xyz, i.amount, i.cv])).toEqual([['Ровный', 'A', 'X', '300.00', 0], ['Разовый', 'B', 'Z', '30.00', 141.4]]);
    expect(mine.matrix.AX).toEqual({ count: 1, amount: '300.00' });
    expect(mine.matrix.CZ).toEqual({ count: 0, amount: '0.00' });
    const all = (await manager.get(q)).body;
    expect(all.items.map((i: any) => i.label)).toEqual(['Чужой', 'Ровный', 'Разовый']);
    const products = (await manager.get('/api/v1/analytics/abc-xyz?subject=products&measure=quantity&from=2026-01-01&to=2026-03-31')).body;
    expect(products.items).toEqual([expect.objectContaining({ id: product, label: 'Товар АВС', amount: '5.000', abc: 'A' })]);
    // Another currency counts once its rate is known.
    await admin.post('/api/v1/currency_rates', { currency: 'USD', date: '2026-01-01', rate: '100' });
    await invoice(sales1, once, '2026-03-10', '2', product, 'USD');
    expect((await sales1.get(q)).body.items.find((i: any) => i.label === 'Разовый').amount).toBe('230.00');
    // An invoice sales1 sees, of an account they do not: its class counts, which account it is does not show.
    const seen = await admin.post('/api/v1/records/invoices', { subject: 'Чужому', account_id: theirs, invoice_date: '2026-01-20', status: 'created', currency: 'RUB', assigned_to: t.users.sales1,
      lines: [{ item_module: 'products', item_id: product, quantity: '1', list_price: '50' }] });
    expect(seen.status, seen.raw).toBe(201);
    const hidden = (await sales1.get(q)).body.items;
    expect(hidden.map((i: any) => i.id)).not.toContain(theirs);
    expect(hidden).toContainEqual(expect.objectContaining({ id: null, label: null, amount: '50.00' }));
  });

  it('is not for whom field rules hide the invoices\' lines, or their account when by account', async () => {
    const profile = await salesProfile(admin);
    const q = (subject: string) => sales1.get(`/api/v1/analytics/abc-xyz?subject=${subject}&from=2026-01-01&to=2026-03-31`);
    expect((await q('accounts')).status).toBe(200);
    try {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { invoices: { account_id: 'hidden' } } })).status).toBe(200);
      expect((await q('accounts')).status).toBe(403);
      expect((await q('products')).status).toBe(200);
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { invoices: { lines: 'hidden' } } })).status).toBe(200);
      expect((await q('products')).status).toBe(403);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
    // Nor, by product, for a profile that may not view products (it names and ranks them).
    await withSalesModules(admin, without('products'), async () => {
      expect((await q('products')).status).toBe(403);
      expect((await q('accounts')).status).toBe(200);
    });
  });

  it('bad parameters are a 400 naming the parameter', async () => {
    for (const [query, key] of [['subject=deals', 'subject'], ['measure=profit', 'measure'], ['from=2026-13-01', 'from'], ['a=90&b=80', 'a'], ['x=30&y=20', 'x'], ['from=2026-02-01&to=2026-01-01', 'to']]) {
      const r = await sales1.get(`/api/v1/analytics/abc-xyz?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.fields).toHaveProperty([key]);
    }
  });
});
