import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let admin: Client, sales1: Client;
let account: string;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all(['admin', 'sales1'].map((u) => t.login(u)));
  account = (await sales1.post('/api/v1/records/accounts', { name: 'Покупатель' })).body.data.id;
});
afterAll(() => t.close());

const product = async (qty: string, extra: Record<string, unknown> = {}) =>
  (await admin.post('/api/v1/records/products', { name: 'Ноутбук', unit_price: '100.00', qty_in_stock: qty, ...extra })).body.data.id as string;
const stock = async (id: string) => (await sales1.get(`/api/v1/records/products/${id}`)).body.data.qty_in_stock as string;
const invoice = (lines: unknown[], extra: Record<string, unknown> = {}) =>
  sales1.post('/api/v1/records/invoices', { subject: 'Счёт', account_id: account, status: 'created', lines, ...extra });

describe('stock', () => {
  it('an invoice takes its products out of stock; editing its lines moves the difference; cancelling gives it back', async () => {
    const p = await product('12');
    const inv = (await invoice([{ item_id: p, quantity: 5 }, { description: 'Доставка', quantity: 1, list_price: '10' }])).body.data;
    expect(Number(await stock(p))).toBe(7);
    const edited = (await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { lines: [{ item_id: p, quantity: 2 }] }, { 'If-Match': `"${inv.version}"` })).body.data;
    expect(Number(await stock(p))).toBe(10);
    await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { status: 'cancelled' }, { 'If-Match': `"${edited.version}"` });
    expect(Number(await stock(p))).toBe(12);
    const moves = (await sales1.get(`/api/v1/records/products/${p}/stock_movements`)).body.data;
    expect(moves.map((m: any) => [Number(m.delta), Number(m.qty_after)])).toEqual([[2, 12], [3, 10], [-5, 7]]);
    expect(moves[0]).toMatchObject({ document_module: 'invoices', document_id: inv.id });
    const history = (await sales1.get(`/api/v1/records/products/${p}/history`)).body.data;
    expect(JSON.stringify(history)).toContain('qty_in_stock');
  });

  it('a quantity finer than the stock\'s four places moves it at that scale: a sale and its cancellation leave nothing behind', async () => {
    const p = await product('10');
    const inv = (await invoice([{ item_id: p, quantity: '1.00005' }])).body.data;
    expect(await stock(p)).toBe('8.9999');
    await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { status: 'cancelled' }, { 'If-Match': `"${inv.version}"` });
    expect(Number(await stock(p))).toBe(10);
    const moves = (await sales1.get(`/api/v1/records/products/${p}/stock_movements`)).body.data;
    expect(moves.map((m: any) => m.delta)).toEqual(['1.0001', '-1.0001']);
  });

  it('a copy of a paid invoice is a new bill: it starts at the first status, with the same lines', async () => {
    const p = await product('10');
    const paid = (await invoice([{ item_id: p, quantity: 1 }], { status: 'paid' })).body.data;
    const copy = await sales1.post(`/api/v1/records/invoices/${paid.id}/actions/duplicate`, {});
    expect(copy.status, copy.raw).toBe(201);
    expect(copy.body.data).toMatchObject({ status: 'created', grand_total: paid.grand_total });
    expect(copy.body.data.number).not.toBe(paid.number);
  });

  it('movements name only documents the reader may see, and are none for whom the stock field is hidden', async () => {
    const p = await product('10');
    expect((await invoice([{ item_id: p, quantity: 2 }])).status).toBe(201);
    const sales2 = await t.login('sales2');
    const theirs = (await sales2.get(`/api/v1/records/products/${p}/stock_movements`)).body.data;
    expect(theirs.map((m: any) => [Number(m.delta), m.document_module, m.document_id])).toEqual([[-2, 'invoices', null]]);
    expect((await sales1.get(`/api/v1/records/products/${p}/stock_movements`)).body.data[0].document_id).toBeTruthy();
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { products: { qty_in_stock: 'hidden' } } })).status).toBe(200);
    try {
      expect((await sales1.get(`/api/v1/records/products/${p}/stock_movements`)).body.data).toEqual([]);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('a credit note takes nothing out of stock; an invoice credited gives its goods back', async () => {
    const p = await product('10');
    expect((await invoice([{ item_id: p, quantity: 4 }], { status: 'credit_invoice' })).status).toBe(201);
    expect(Number(await stock(p))).toBe(10);
    const inv = (await invoice([{ item_id: p, quantity: 3 }])).body.data;
    expect(Number(await stock(p))).toBe(7);
    expect((await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { status: 'credit_invoice' }, { 'If-Match': `"${inv.version}"` })).status).toBe(200);
    expect(Number(await stock(p))).toBe(10);
  });

  it('deleting an invoice gives the stock back and restoring it takes it again', async () => {
    const p = await product('3');
    const inv = (await invoice([{ item_id: p, quantity: 1 }])).body.data;
    expect(Number(await stock(p))).toBe(2);
    await sales1.del(`/api/v1/records/invoices/${inv.id}`);
    expect(Number(await stock(p))).toBe(3);
    await sales1.post(`/api/v1/records/invoices/${inv.id}/restore`);
    expect(Number(await stock(p))).toBe(2);
  });

  it('a purchase order adds stock when its shipment is received', async () => {
    const p = await product('0');
    const vendor = (await admin.post('/api/v1/records/vendors', { name: 'Поставщик' })).body.data.id;
    const po = (await admin.post('/api/v1/records/purchase_orders', { subject: 'Закупка', vendor_id: vendor, status: 'created', lines: [{ item_id: p, quantity: 30 }] })).body.data;
    expect(Number(await stock(p))).toBe(0);
    await admin.patch(`/api/v1/records/purchase_orders/${po.id}`, { status: 'received_shipment' }, { 'If-Match': `"${po.version}"` });
    expect(Number(await stock(p))).toBe(30);
  });

  it('20 concurrent invoices never lose a decrement', async () => {
    const p = await product('100');
    const results = await Promise.all(Array.from({ length: 20 }, () => invoice([{ item_id: p, quantity: 3 }])));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(Number(await stock(p))).toBe(40);
    const sum = await sql<{ s: string }>`select sum(delta)::text as s from stock_movements where product_id = ${p}`.execute(t.app.database.db);
    expect(Number(sum.rows[0].s)).toBe(-60);
  });

  it('falling below the reorder level alerts the stock owner once', async () => {
    const p = await product('7', { reorder_level: '5', stock_owner_id: t.users.manager });
    await invoice([{ item_id: p, quantity: 3 }]);
    await invoice([{ item_id: p, quantity: 1 }]);
    const alerts = await sql<{ user_id: string; qty: string }>`select user_id, qty::text as qty from stock_alerts where product_id = ${p}`.execute(t.app.database.db);
    expect(alerts.rows.map((a) => [a.user_id, Number(a.qty)])).toEqual([[t.users.manager, 4]]);
    // The notification names the product (it was null before).
    const manager = await t.login('manager');
    const note = (await manager.get('/api/v1/notifications')).body.data.find((n: any) => n.kind === 'stock_low' && n.record?.id === p);
    expect(note.record.label).toBe((await manager.get(`/api/v1/records/products/${p}`)).body.data.name);
    expect(note.message).toContain(note.record.label);
  });

  it('an administrator can make sales orders move stock instead of invoices', async () => {
    expect((await sales1.put('/api/v1/settings/stock', { decrement_on: 'sales_orders' })).status).toBe(403);
    expect((await admin.put('/api/v1/settings/stock', { decrement_on: 'orders' })).status).toBe(400);
    expect((await admin.put('/api/v1/settings/stock', { decrement_on: 'sales_orders' })).status).toBe(200);
    try {
      const p = await product('10');
      await sales1.post('/api/v1/records/sales_orders', { subject: 'Заказ', account_id: account, status: 'created', lines: [{ item_id: p, quantity: 4 }] });
      expect(Number(await stock(p))).toBe(6);
      await invoice([{ item_id: p, quantity: 4 }]);
      expect(Number(await stock(p))).toBe(6);
    } finally {
      await admin.put('/api/v1/settings/stock', { decrement_on: 'invoices' });
    }
  });

  it('a document that moved stock under the other setting gives its goods back when cancelled or deleted', async () => {
    const p = await product('10');
    const inv = (await invoice([{ item_id: p, quantity: 3 }])).body.data;
    expect(Number(await stock(p))).toBe(7);
    expect((await admin.put('/api/v1/settings/stock', { decrement_on: 'sales_orders' })).status).toBe(200);
    try {
      expect((await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { status: 'cancelled' })).status).toBe(200);
      expect(Number(await stock(p))).toBe(10);
      // Back in force it takes nothing: sales orders move stock now.
      await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { status: 'created' });
      expect(Number(await stock(p))).toBe(10);
      const other = (await invoice([{ item_id: p, quantity: 2 }])).body.data;
      expect(Number(await stock(p))).toBe(10);
      await admin.put('/api/v1/settings/stock', { decrement_on: 'invoices' });
      await sales1.patch(`/api/v1/records/invoices/${other.id}`, { status: 'sent' });
      expect(Number(await stock(p))).toBe(8);
      await admin.put('/api/v1/settings/stock', { decrement_on: 'sales_orders' });
      expect((await sales1.del(`/api/v1/records/invoices/${other.id}`)).status).toBe(204);
      expect(Number(await stock(p))).toBe(10);
    } finally {
      await admin.put('/api/v1/settings/stock', { decrement_on: 'invoices' });
    }
  });
});
