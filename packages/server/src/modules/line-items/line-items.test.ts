import { computeTotals } from '@karta/shared/totals';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { salesProfile, without, withSalesModules } from '../../testing/sales-profile.js';

let t: TestApp;
let admin: Client, sales1: Client;
let account: string, laptop: string, care: string;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all(['admin', 'sales1'].map((u) => t.login(u)));
  account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Современные технологии' })).body.data.id;
  laptop = (await admin.post('/api/v1/records/products', { name: 'Toshiba QOSMIO X500', product_code: 'QX500', unit_price: '49987.00', tax_class: 'vat_20' })).body.data.id;
  care = (await admin.post('/api/v1/records/services', { name: '售后服务 Постгарантийное обслуживание', unit_price: '1000.00' })).body.data.id;
});
afterAll(() => t.close());

const quote = (extra: Record<string, unknown>) => sales1.post('/api/v1/records/quotes', { subject: 'Ноутбуки', account_id: account, status: 'created', currency: 'RUB', ...extra });

describe('line items and totals', () => {
  it("prices and descriptions come from the items; totals are computed and stored (the seed's Q2: 509,870.00)", async () => {
    const r = await quote({ lines: [{ item_module: 'products', item_id: laptop, quantity: 10 }, { item_module: 'services', item_id: care, quantity: 10 }] });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ items_total: '509870.00', pre_tax_total: '509870.00', tax_total: '0.00', grand_total: '509870.00' });
    expect(r.body.data.lines[0]).toMatchObject({ description: 'Toshiba QOSMIO X500', code: 'QX500', list_price: '49987.00', quantity: '10', net: '499870.00', total: '499870.00' });
    const got = (await sales1.get(`/api/v1/records/quotes/${r.body.data.id}`)).body.data;
    expect(got.lines).toHaveLength(2);
    expect(got.grand_total).toBe('509870.00');
  });

  it('a document with a price book takes list prices from it; a line may still name its own price', async () => {
    const book = (await admin.post('/api/v1/records/price_books', { name: 'Оптовый', currency: 'RUB' })).body.data.id;
    expect((await admin.post(`/api/v1/records/price_books/${book}/related/products`, { id: laptop, list_price: '45000.00' })).status).toBe(204);
    const bad = await admin.post(`/api/v1/records/price_books/${book}/related/services`, { id: care, list_price: 'дёшево' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.list_price).toBeTruthy();
    // The line editor asks for one item's price this way.
    const listed = (await sales1.get(`/api/v1/records/price_books/${book}/related/products?filter[id]=${laptop}&fields=name`)).body.data;
    expect(listed.map((x: any) => x.link)).toEqual([{ list_price: '45000.00' }]);
    const r = await quote({ price_book_id: book, lines: [
      { item_module: 'products', item_id: laptop, quantity: 1 }, { item_module: 'services', item_id: care, quantity: 1 },
      { item_module: 'products', item_id: laptop, quantity: 1, list_price: '44000' },
    ] });
    expect(r.status).toBe(201);
    // In the book: its price; not in the book: the unit price; named on the line: that.
    expect(r.body.data.lines.map((l: any) => l.list_price)).toEqual(['45000.00', '1000.00', '44000.00']);
    // A book's prices are in its currency: not a EUR quote's, nor one whose currency moves away from the book's.
    const euro = await quote({ price_book_id: book, currency: 'EUR', lines: [{ item_module: 'products', item_id: laptop, quantity: 1 }] });
    expect(euro.status).toBe(400);
    expect(euro.body.error.fields.price_book_id).toBe('в валюте RUB, а не в валюте документа');
    expect((await sales1.patch(`/api/v1/records/quotes/${r.body.data.id}`, { currency: 'EUR' })).status).toBe(400);
    // Prices in a book are the book's: set from a product's side only by who may change the book.
    await withSalesModules(admin, (m) => ({ ...m, products: ['view', 'create', 'edit'] }), async () => {
      const mine = (await sales1.post('/api/v1/records/products', { name: 'Свой товар', unit_price: '100.00' })).body.data.id;
      const sly = await sales1.post(`/api/v1/records/products/${mine}/related/price_books`, { id: book, list_price: '0.01' });
      expect(sly.status, sly.raw).toBe(403);
      expect((await admin.get(`/api/v1/records/price_books/${book}/related/products?filter[id]=${mine}`)).body.data).toEqual([]);
    });
  });

  it("a new sales document for an account of a customer group takes that group's price book in its currency", async () => {
    const dealer = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Дилер', customer_group: 'dealer' })).body.data.id;
    const usdBook = (await admin.post('/api/v1/records/price_books', { name: 'Дилерский USD', currency: 'USD', customer_group: 'dealer' })).body.data.id;
    const book = (await admin.post('/api/v1/records/price_books', { name: 'Дилерский', currency: 'RUB', customer_group: 'dealer' })).body.data.id;
    expect((await admin.post(`/api/v1/records/price_books/${book}/related/products`, { id: laptop, list_price: '42000.00' })).status).toBe(204);
    await admin.post('/api/v1/records/price_books', { name: 'Дилерский старый', currency: 'RUB', customer_group: 'dealer', is_active: false });
    const r = await quote({ account_id: dealer, lines: [{ item_module: 'products', item_id: laptop, quantity: 1 }] });
    expect(r.status).toBe(201);
    expect(r.body.data.price_book_id).toBe(book);
    expect(r.body.data.lines[0].list_price).toBe('42000.00');
    expect((await quote({ account_id: dealer, currency: 'USD' })).body.data.price_book_id).toBe(usdBook);
    // A choice made is kept, even of no book; an account without a group gets none.
    const none = await quote({ account_id: dealer, price_book_id: null, lines: [{ item_module: 'products', item_id: laptop, quantity: 1 }] });
    expect(none.body.data).toMatchObject({ price_book_id: null, lines: [expect.objectContaining({ list_price: '49987.00' })] });
    expect((await quote({})).body.data.price_book_id).toBeNull();
    // An invoice too; and a document moved to a dealer's account takes the book when it has none.
    const inv = await sales1.post('/api/v1/records/invoices', { subject: 'Счёт дилеру', account_id: dealer, status: 'created', currency: 'RUB' });
    expect(inv.body.data.price_book_id).toBe(book);
    // "No book" goes with the quote into its order.
    const order = await sales1.post(`/api/v1/records/quotes/${none.body.data.id}/actions/convert`, { to: 'sales_orders' });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body.data.price_book_id).toBeNull();
    const plain = (await quote({})).body.data;
    const moved = await sales1.patch(`/api/v1/records/quotes/${plain.id}`, { account_id: dealer }, { 'If-Match': `"${plain.version}"` });
    expect(moved.body.data.price_book_id).toBe(book);
  });

  it('individual taxes from the tax class, line and overall discounts, shipping and adjustment match computeTotals', async () => {
    const input = {
      tax_mode: 'individual', discount_amount: '100.00', shipping_amount: '500', shipping_taxes: [{ name: 'НДС', percent: 20 }], adjustment: '-0.99',
      lines: [{ item_id: laptop, quantity: 2, discount_percent: 5 }, { description: 'Доставка курьером', quantity: 1, list_price: '350.50', taxes: [{ name: 'НДС', percent: 20 }] }],
    };
    const r = await quote(input);
    expect(r.status).toBe(201);
    expect(r.body.data.lines[0].taxes).toEqual([{ name: 'vat_20', percent: '20' }]);
    const expected = computeTotals({ ...input, tax_mode: 'individual', lines: [
      { quantity: 2, list_price: '49987.00', discount_percent: 5, taxes: [{ name: 'vat_20', percent: 20 }] },
      { quantity: 1, list_price: '350.50', taxes: [{ name: 'НДС', percent: 20 }] },
    ] });
    // 2 × 49,987 = 99,974 − 5 % = 94,975.30 + 20 % = 113,970.36; 350.50 + 70.10 = 420.60; − 100 + 500 + 100 (its tax) − 0.99
    expect(expected.grand_total).toBe('114889.97');
    expect(r.body.data).toMatchObject({ items_total: expected.items_total, tax_total: expected.tax_total, grand_total: expected.grand_total });
  });

  it("tax classes: administrators set percents and switch classes off; a product's class preselects the line's tax", async () => {
    const classes = (await sales1.get('/api/v1/settings/tax_classes')).body.data;
    expect(classes.find((c: any) => c.value === 'vat_20')).toEqual({ value: 'vat_20', label: expect.stringContaining('20%'), percent: '20', active: true });
    const put = (data: unknown) => admin.put('/api/v1/settings/tax_classes', { data });
    expect((await sales1.put('/api/v1/settings/tax_classes', { data: [] })).status).toBe(403);
    const bad = await put([{ value: 'vat_99', percent: '5', active: true }, { value: 'vat_10', percent: '200', active: true }]);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['data[0].value', 'data[1].percent']);
    expect((await put([{ value: 'vat_20', percent: '22', active: true }])).status).toBe(200);
    const line = async () => (await quote({ tax_mode: 'individual', lines: [{ item_id: laptop, quantity: 1 }] })).body.data.lines[0].taxes;
    expect(await line()).toEqual([{ name: 'vat_20', percent: '22' }]);
    await put([{ value: 'vat_20', percent: '22', active: false }]);
    expect(await line()).toEqual([]);
    await put([]);
    expect(await line()).toEqual([{ name: 'vat_20', percent: '20' }]);
  });

  it('a change of shipping alone recomputes from the stored lines, bumps the version and is audited', async () => {
    const created = (await quote({ lines: [{ item_id: laptop, quantity: 1 }] })).body.data;
    const r = await sales1.patch(`/api/v1/records/quotes/${created.id}`, { shipping_amount: '13.00' }, { 'If-Match': `"${created.version}"` });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ version: created.version + 1, grand_total: '50000.00' });
    const history = (await sales1.get(`/api/v1/records/quotes/${created.id}/history`)).body.data;
    expect(JSON.stringify(history)).toContain('50000.00');
  });

  it('totals sent by a client are rejected; bad lines are reported at their path and nothing is saved', async () => {
    expect((await quote({ grand_total: '1.00', lines: [] })).status).toBe(400);
    const created = (await quote({ lines: [{ item_id: laptop, quantity: 1 }] })).body.data;
    const bad = await sales1.patch(`/api/v1/records/quotes/${created.id}`, {
      lines: [{ item_id: laptop, quantity: -2 }, { item_module: 'services', item_id: laptop, quantity: 1 }, { quantity: 1, list_price: 'abc', description: 'x', discount_percent: 120 }],
    }, { 'If-Match': `"${created.version}"` });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['lines[0].quantity', 'lines[1].item_id', 'lines[2].discount_percent', 'lines[2].list_price']);
    expect((await sales1.get(`/api/v1/records/quotes/${created.id}`)).body.data).toMatchObject({ version: created.version, grand_total: '49987.00' });
    // The document's own discount and shipping: 0–100 %, sums not negative — a "discount" never raises the total.
    const odd = await sales1.request('PATCH', `/api/v1/records/quotes/${created.id}`, { discount_percent: '250', shipping_amount: '-500' }, { 'If-Match': `"${created.version}"`, 'accept-language': 'ru' });
    expect(odd.status).toBe(400);
    expect(Object.keys(odd.body.error.fields).sort()).toEqual(['discount_percent', 'shipping_amount']);
    expect((await sales1.patch(`/api/v1/records/quotes/${created.id}`, { discount_amount: '-1000' }, { 'If-Match': `"${created.version}"` })).status).toBe(400);
    // …nor takes more than the items cost (the tax and the total would turn negative), said in the user's language.
    const over = await sales1.request('PATCH', `/api/v1/records/quotes/${created.id}`, { discount_amount: '50000' }, { 'If-Match': `"${created.version}"`, 'accept-language': 'ru' });
    expect(over.status).toBe(400);
    expect(over.body.error.fields).toEqual({ discount_amount: 'не может быть больше суммы позиций (49987.00)' });
    const both = await sales1.request('PATCH', `/api/v1/records/quotes/${created.id}?lang=zh`, { discount_amount: '5', discount_percent: '5' }, { 'If-Match': `"${created.version}"` });
    expect(both.body.error.fields.discount_amount).toBe('折扣只能填写百分比或金额之一');
    expect((await sales1.patch(`/api/v1/records/quotes/${created.id}`, { discount_amount: '49987' }, { 'If-Match': `"${created.version}"` })).body.data.grand_total).toBe('0.00');
    expect((await sales1.get(`/api/v1/records/quotes/${created.id}`)).body.data.grand_total).toBe('0.00');
    // A line's discount amount takes at most the line's cost, and no total outgrows the money columns — said at the field.
    const line = await sales1.request('POST', '/api/v1/records/quotes', { subject: 'Минус', account_id: account, lines: [{ description: 'x', quantity: 1, list_price: '100', discount_amount: '1000' }] }, { 'accept-language': 'ru' });
    expect(line.status).toBe(400);
    expect(line.body.error.fields).toEqual({ 'lines[0].discount_amount': 'не может быть больше суммы строки (100.00)' });
    const huge = await sales1.post('/api/v1/records/quotes', { subject: 'Много', account_id: account, lines: [{ description: 'x', quantity: '10000000000', list_price: '10000000' }] });
    expect(huge.status).toBe(400);
    expect(Object.keys(huge.body.error.fields)).toEqual(['lines']);
  });

  it('an item of a module the user\'s profile may not view is reported like a missing one', async () => {
    await withSalesModules(admin, without('products'), async () => {
      const r = await quote({ lines: [{ item_id: laptop, quantity: 1 }] });
      expect(r.status).toBe(400);
      expect(r.body.error.fields).toHaveProperty(['lines[0].item_id']);
    });
    expect((await quote({ lines: [{ item_id: laptop, quantity: 1 }] })).status).toBe(201);
  });

  it('an item\'s unit price hidden from the user fills no line (it would show in the line they get back)', async () => {
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { products: { unit_price: 'hidden' } } })).status).toBe(200);
    try {
      const priceless = await quote({ lines: [{ item_id: laptop, quantity: 1 }] });
      expect(priceless.status).toBe(400);
      expect(priceless.body.error.fields).toHaveProperty(['lines[0].list_price']);
      const priced = await quote({ lines: [{ item_id: laptop, quantity: 1, list_price: '10' }] });
      expect(priced.status).toBe(201);
      expect(priced.body.data.lines[0]).toMatchObject({ list_price: '10.00', price_source: 'manual' });
    } finally {
      await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} });
    }
  });

  it('an item the user may not see is reported like a missing one', async () => {
    expect((await admin.put('/api/v1/sharing', { products: 'private' })).status).toBe(200);
    try {
      const hidden = (await admin.post('/api/v1/records/products', { name: 'Секретный товар', unit_price: '1', assigned_to: t.users.sales2 })).body.data.id;
      const r = await quote({ lines: [{ item_id: hidden, quantity: 1 }] });
      expect(r.status).toBe(400);
      expect(r.body.error.fields['lines[0].item_id']).toBeTruthy();
    } finally {
      await admin.put('/api/v1/sharing', { products: 'public_read' });
    }
  });
});

describe('conversion chain', () => {
  it('quote → sales order → invoice copies the party, addresses, terms and only the selected lines, linked back', async () => {
    const q = (await quote({
      billing_city: 'Санкт-Петербург', terms_conditions: 'Оплата в течение 5 дней', shipping_amount: '200',
      lines: [{ item_id: laptop, quantity: 10 }, { item_module: 'services', item_id: care, quantity: 10, is_alternative: true, is_selected: false }, { description: '包装', quantity: 1, list_price: '15', is_alternative: true, is_selected: true }],
    })).body.data;
    expect(q.grand_total).toBe('500085.00');
    const so = await sales1.post(`/api/v1/records/quotes/${q.id}/actions/convert`, { to: 'sales_orders' });
    expect(so.status).toBe(201);
    expect(so.body.data).toMatchObject({ quote_id: q.id, account_id: account, billing_city: 'Санкт-Петербург', terms_conditions: 'Оплата в течение 5 дней', grand_total: '500085.00' });
    expect(so.body.data.lines.map((l: any) => [l.description, l.is_alternative])).toEqual([['Toshiba QOSMIO X500', false], ['包装', false]]);
    const inv = await sales1.post(`/api/v1/records/sales_orders/${so.body.data.id}/actions/convert`, { to: 'invoices' });
    expect(inv.status).toBe(201);
    expect(inv.body.data).toMatchObject({ sales_order_id: so.body.data.id, grand_total: '500085.00', status: 'created' });
    const related = await sales1.get(`/api/v1/records/quotes/${q.id}/related/sales_orders`);
    expect(related.body.data.map((r: any) => r.id)).toEqual([so.body.data.id]);
    expect((await sales1.post(`/api/v1/records/sales_orders/${so.body.data.id}/actions/convert`, { to: 'quotes' })).status).toBe(400);
  });

  it('a product sent to the recycle bin stays on the documents that sold it: they still save, convert and print; a new line cannot take it', async () => {
    const gone = (await admin.post('/api/v1/records/products', { name: 'Снятый с продажи', unit_price: '700.00' })).body.data.id;
    const q = (await quote({ lines: [{ item_module: 'products', item_id: gone, quantity: 2 }] })).body.data;
    expect((await admin.del(`/api/v1/records/products/${gone}`)).status).toBe(204);
    const changed = await sales1.patch(`/api/v1/records/quotes/${q.id}`, { adjustment: '1' }, { 'If-Match': `"${q.version}"` });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.data.grand_total).toBe('1401.00');
    const so = await sales1.post(`/api/v1/records/quotes/${q.id}/actions/convert`, { to: 'sales_orders' });
    expect(so.status, JSON.stringify(so.body)).toBe(201);
    expect(so.body.data.lines[0]).toMatchObject({ item_id: gone, description: 'Снятый с продажи', list_price: '700.00' });
    expect((await sales1.get(`/api/v1/records/quotes/${q.id}/pdf`)).status).toBe(200);
    const fresh = await quote({ lines: [{ item_module: 'products', item_id: gone, quantity: 1 }] });
    expect(fresh.status).toBe(400);
    expect(fresh.body.error.fields).toHaveProperty(['lines[0].item_id']);
  });

  it("an order's fulfilment deadline does not become its invoice's payment due date", async () => {
    const so = (await sales1.post('/api/v1/records/sales_orders', { subject: 'Срочный заказ', account_id: account, currency: 'RUB', due_date: '2020-01-01', lines: [{ item_id: laptop, quantity: 1 }] })).body.data;
    expect(so.due_date).toBe('2020-01-01');
    const inv = await sales1.post(`/api/v1/records/sales_orders/${so.id}/actions/convert`, { to: 'invoices' });
    expect(inv.status).toBe(201);
    expect(inv.body.data.due_date).toBeNull();
  });

  it('a quote from a deal: its account, contact and currency, a line per product and service of the deal', async () => {
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Жданов', account_id: account })).body.data.id;
    const deal = (await sales1.post('/api/v1/records/deals', { name: 'Ноутбуки', close_date: '2026-12-31', account_id: account, contact_id: contact, currency: 'RUB' })).body.data.id;
    await sales1.post(`/api/v1/records/deals/${deal}/related/products`, { id: laptop });
    await sales1.post(`/api/v1/records/deals/${deal}/related/services`, { id: care });
    const r = await sales1.post(`/api/v1/records/deals/${deal}/actions/create_quote`, {});
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ subject: 'Ноутбуки', deal_id: deal, account_id: account, contact_id: contact, currency: 'RUB', items_total: '50987.00' });
    expect(r.body.data.lines.map((l: any) => [l.item_id, l.quantity])).toEqual([[laptop, '1'], [care, '1']]);
    expect((await sales1.get(`/api/v1/records/deals/${deal}/related/quotes`)).body.data.map((q: any) => q.id)).toEqual([r.body.data.id]);
    // A profile without services still quotes the deal's products.
    await withSalesModules(admin, without('services'), async () => {
      const mine = await sales1.post(`/api/v1/records/deals/${deal}/actions/create_quote`, {});
      expect(mine.status, mine.raw).toBe(201);
      expect(mine.body.data.lines.map((l: any) => l.item_id)).toEqual([laptop]);
    });
  });

  it("a purchase order from a product goes to the product's vendor at its purchase cost", async () => {
    const vendor = (await admin.post('/api/v1/records/vendors', { name: 'ООО КомпТорг' })).body.data.id;
    const p = (await admin.post('/api/v1/records/products', { name: 'Мышь', vendor_id: vendor, purchase_cost: '300.00', unit_price: '450.00', min_order_qty: '5' })).body.data.id;
    const r = await admin.post(`/api/v1/records/products/${p}/actions/create_purchase_order`, {});
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ vendor_id: vendor, grand_total: '1500.00' });
    expect(r.body.data.lines[0]).toMatchObject({ item_id: p, quantity: '5', list_price: '300.00' });
  });
});
