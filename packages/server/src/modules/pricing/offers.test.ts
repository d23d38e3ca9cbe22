import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { offerDiscount, typeForQuantity } from './offer-pricing.js';
import { sameTerm } from './offer-rules.js';
import { belowOfferPercent, documentBelowOfferPercent, lineSource } from '../line-items/line-source.js';
import type { PriceType } from './price-register.js';
import { salesProfile } from '../../testing/sales-profile.js';

describe('offer terms (pure)', () => {
  it('grants the largest discount that applies: the offer’s own, the price group’s, the quantity tier’s', () => {
    const offer = { discount_percent: '3', group_discounts: [{ price_group: 'Laptops', discount_percent: '5' }], quantity_discounts: [{ min_quantity: '10', discount_percent: '4' }, { min_quantity: '50', discount_percent: '8' }] };
    expect(offerDiscount(offer, null, '1')).toBe('3');
    expect(offerDiscount(offer, 'laptops', '1')).toBe('5');
    expect(offerDiscount(offer, 'Phones', '10')).toBe('4');
    expect(offerDiscount(offer, 'Laptops', '50')).toBe('8');
    expect(offerDiscount({ discount_percent: null, group_discounts: null, quantity_discounts: null }, 'Laptops', '50')).toBeNull();
  });
  it('below a price type’s minimum quantity takes the type it is built on', () => {
    const types = new Map<string, PriceType>([
      ['retail', { id: 'retail', min_quantity: null, base_type_id: null } as PriceType],
      ['bulk', { id: 'bulk', min_quantity: '100', base_type_id: 'retail' } as PriceType],
    ]);
    expect(typeForQuantity(types, 'bulk', '100')?.id).toBe('bulk');
    expect(typeForQuantity(types, 'bulk', '99.5')?.id).toBe('retail');
    expect(typeForQuantity(types, null, '1')).toBeNull();
  });
  it('counts the document’s discount and a negative adjustment over the offer’s lines together', () => {
    const parts = [{ quantity: '2', offerPrice: '100', termDiscount: null, net: '200' }, { quantity: '1', offerPrice: '50', termDiscount: '10', net: '45' }];
    const doc = (o: Partial<Record<'items_total' | 'discount' | 'adjustment' | 'pre_tax_total' | 'tax_total', string>>) => ({ items_total: '245', discount: '0', adjustment: '0', pre_tax_total: '245', tax_total: '0', ...o });
    expect(documentBelowOfferPercent(parts, doc({}))).toBe('0.00');
    expect(documentBelowOfferPercent(parts, doc({ discount: '24.50', pre_tax_total: '220.50' }))).toBe('10.00');
    expect(documentBelowOfferPercent(parts, doc({ adjustment: '-49' }))).toBe('20.00');
    // A positive adjustment (a fee) takes nothing off; items outside the offer carry their share of the discount.
    expect(documentBelowOfferPercent(parts, doc({ adjustment: '30' }))).toBe('0.00');
    expect(documentBelowOfferPercent(parts, doc({ items_total: '490', discount: '49', pre_tax_total: '441' }))).toBe('10.00');
    // An adjustment comes off the total with tax: 58.80 off 245 + 20 % tax is 49 of the items (20 %), not 24 %.
    expect(documentBelowOfferPercent(parts, doc({ adjustment: '-58.80', tax_total: '49' }))).toBe('20.00');
  });

  it('a term sent back as it was read is unchanged, whatever order its keys come in and however its numbers are written', () => {
    const stored = [{ price: '10.00', product_id: 'p1' }];
    expect(sameTerm([{ product_id: 'p1', price: '10' }], stored)).toBe(true);
    expect(sameTerm('30', '30.000')).toBe(true);
    expect(sameTerm(null, '')).toBe(true);
    expect(sameTerm([{ product_id: 'p1', price: '11' }], stored)).toBe(false);
    expect(sameTerm([{ product_id: 'p2', price: '10' }], stored)).toBe(false);
  });

  it('says where a line’s price came from and flags a line that leaves the offer’s terms', () => {
    const item = { book_price: '90.00', unit_price: '100.00' };
    const line = (list_price: string, discount_percent: string | null = null) => ({ list_price, discount_percent, discount_amount: null });
    expect(lineSource(line('80.00', '5'), item, { price: '80.00', source: 'price_type' }, true, '5')).toEqual({ price_source: 'price_type', offer_price: '80.00', deviation: false });
    expect(lineSource(line('75.00', '5'), item, { price: '80.00', source: 'offer' }, true, '5')).toEqual({ price_source: 'manual', offer_price: '80.00', deviation: true });
    expect(lineSource(line('80.00', '10'), item, { price: '80.00', source: 'offer' }, true, '5')).toMatchObject({ price_source: 'offer', deviation: true });
    // An offer with no price for the item still grants its discount: another discount is a deviation.
    expect(lineSource(line('100.00', '1'), item, undefined, true, '5')).toEqual({ price_source: 'list_price', deviation: true });
    expect(lineSource(line('90.00'), item, undefined, false, null)).toEqual({ price_source: 'price_book' });
    expect(lineSource(line('100'), item, undefined, false, null)).toEqual({ price_source: 'list_price' });
    expect(lineSource(line('1.00'), item, undefined, false, null)).toEqual({ price_source: 'manual' });
    // How far below the offer: 10 × 80 − 5 % = 760 expected; a net of 722 is 5 % below; above it is 0.
    expect(belowOfferPercent('10', '80.00', '5', '722.00')).toBe('5.00');
    expect(belowOfferPercent('10', '80.00', '5', '800.00')).toBe('0.00');
  });
});

let t: TestApp;
let admin: Client, manager: Client, sales1: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, sales1] = await Promise.all(['admin', 'manager', 'sales1'].map((u) => t.login(u)));
  const r = await admin.post('/api/v1/records/approval_processes', { name: 'Offers', module: 'offers', steps: [{ approver: 'manager' }] });
  expect(r.status, r.raw).toBe(201);
});
afterAll(() => t.close());

describe('offers', () => {
  it('made from a typical one, approved through its process, price a quote’s lines; a manual price is flagged; new terms need a new approval', async () => {
    const type = (await admin.post('/api/v1/records/price_types', { name: 'Offer wholesale', kind: 'manual' })).body.data.id;
    const bulk = (await admin.post('/api/v1/records/price_types', { name: 'Offer bulk', kind: 'markup', base_type_id: type, markup_percent: '-10', min_quantity: '10' })).body.data.id;
    const laptop = (await admin.post('/api/v1/records/products', { name: 'Offer laptop', unit_price: '1000.00', price_group: 'Laptops' })).body.data.id;
    const mouse = (await admin.post('/api/v1/records/products', { name: 'Offer mouse', unit_price: '30.00' })).body.data.id;
    const cable = (await admin.post('/api/v1/records/products', { name: 'Offer cable', unit_price: '5.00' })).body.data.id;
    await admin.post('/api/v1/pricing/prices', { date: '2026-01-01', prices: [{ product_id: laptop, price_type_id: type, price: '900' }, { product_id: cable, price_type_id: type, price: '4' }] });
    const typical = await admin.post('/api/v1/records/offers', { name: 'Dealers', kind: 'typical', price_type_id: bulk, discount_percent: '2', payment_days: 14,
      group_discounts: [{ price_group: 'laptops', discount_percent: 5 }], overrides: [{ product_id: mouse, price: '25' }] });
    expect(typical.status, typical.raw).toBe(201);
    expect(typical.body.data.status).toBe('not_approved');
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Оферта»' })).body.data.id;
    // Made from the typical offer: its terms come along.
    const made = await sales1.post('/api/v1/records/offers', { name: 'Оферта для «Оферты»', typical_offer_id: typical.body.data.id, account_id: account, valid_from: '2026-01-01' });
    expect(made.status, made.raw).toBe(201);
    const offer = made.body.data;
    expect(offer).toMatchObject({ kind: 'individual', price_type_id: bulk, discount_percent: '2.000', payment_days: 14, status: 'not_approved' });
    expect(offer.overrides).toEqual([{ product_id: mouse, price: '25' }]);
    // Status is the offer's life, not an input; an unapproved offer prices nothing (400 naming it).
    expect((await sales1.patch(`/api/v1/records/offers/${offer.id}`, { status: 'approved' })).body.error.fields.status).toBeTruthy();
    expect((await sales1.post('/api/v1/records/offers', { name: 'x', account_id: account, status: 'approved' })).body.error.fields.status).toBeTruthy();
    expect((await sales1.post('/api/v1/records/offers', { name: 'Как в API', account_id: account, status: 'not_approved', currency: 'RUB', valid_from: '2026-01-01' })).status).toBe(201);
    const lines = [{ item_id: laptop, quantity: '1' }, { item_id: mouse, quantity: '2' }, { item_id: cable, quantity: '20' }, { item_id: laptop, quantity: '1', list_price: '700' }];
    const refused = await sales1.post('/api/v1/records/quotes', { subject: 'По оферте', account_id: account, status: 'created', offer_id: offer.id, lines });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.offer_id).toBe('не согласовано'); // sales1 reads Russian
    expect(refused.body.error.message).toContain(offer.number);

    // Submitted, approved by sales1's manager: approved.
    expect((await sales1.post(`/api/v1/records/offers/${offer.id}/actions/submit_for_approval`, {})).status).toBe(201);
    const approved = await manager.post(`/api/v1/records/offers/${offer.id}/actions/approve`, {});
    expect(approved.status, approved.raw).toBe(200);
    expect((await sales1.get(`/api/v1/records/offers/${offer.id}`)).body.data.status).toBe('approved');

    const q = await sales1.post('/api/v1/records/quotes', { subject: 'По оферте', account_id: account, status: 'created', offer_id: offer.id, lines });
    expect(q.status, q.raw).toBe(201);
    const got = q.body.data.lines.map((l: any) => [l.list_price, l.discount_percent, l.price_source, l.deviation ?? null]);
    // Laptop ×1: below bulk's 10, so the wholesale type: 900, the Laptops group's 5 %. Mouse: the override, the offer's 2 %.
    // Cable ×20: bulk = 4 × 0.9 = 3.60. The last line's 700 typed by hand is a deviation from 900.
    expect(got).toEqual([['900.00', '5', 'price_type', false], ['25.00', '2', 'offer', false], ['3.60', '2', 'price_type', false], ['700.00', '5', 'manual', true]]);
    expect(q.body.data.lines[3].offer_price).toBe('900.00');
    // The quote becomes an order with the same offer.
    const order = await sales1.post(`/api/v1/records/quotes/${q.body.data.id}/actions/convert`, { to: 'sales_orders' });
    expect(order.status, order.raw).toBe(201);
    expect(order.body.data.offer_id).toBe(offer.id);

    // A copy of the approved offer starts not approved, with its terms.
    const copy = await sales1.post(`/api/v1/records/offers/${offer.id}/actions/duplicate`, {});
    expect(copy.status, copy.raw).toBe(201);
    expect(copy.body.data).toMatchObject({ status: 'not_approved', discount_percent: '2.000', price_type_id: bulk });
    // Closing it with new terms keeps it closed, and its approval goes with the old terms.
    const stateOf = async (id: string) => (await sales1.get(`/api/v1/approvals?module=offers&record_id=${id}`)).body.data.map((a: any) => a.state);
    expect((await sales1.post(`/api/v1/records/offers/${copy.body.data.id}/actions/submit_for_approval`, {})).status).toBe(201);
    expect((await manager.post(`/api/v1/records/offers/${copy.body.data.id}/actions/approve`, {})).status).toBe(200);
    const closed = await sales1.patch(`/api/v1/records/offers/${copy.body.data.id}`, { status: 'closed', discount_percent: '90' });
    expect(closed.body.data.status).toBe('closed');
    expect(await stateOf(copy.body.data.id)).toEqual(['voided']);

    // New terms: not approved again, and no new document may use it until approved again.
    const approvals = async () => (await sales1.get(`/api/v1/approvals?module=offers&record_id=${offer.id}`)).body.data.map((a: any) => a.state);
    expect(await approvals()).toEqual(['approved']);
    const edited = await sales1.patch(`/api/v1/records/offers/${offer.id}`, { discount_percent: '3' });
    expect(edited.body.data.status).toBe('not_approved');
    // Its approval covered the old terms: voided with them.
    expect(await approvals()).toEqual(['voided']);
    expect((await sales1.post('/api/v1/records/quotes', { subject: 'x', account_id: account, status: 'created', offer_id: offer.id, lines })).status).toBe(400);
    // The quote made before keeps its prices when saved without touching its lines.
    expect((await sales1.patch(`/api/v1/records/quotes/${q.body.data.id}`, { description: 'ok' })).status).toBe(200);
  });

  it('prices a line from its price type only in the document’s currency: no dollar figure in a rouble quote', async () => {
    const dollars = (await admin.post('/api/v1/records/price_types', { name: 'Offer USD', kind: 'manual', currency: 'USD' })).body.data.id;
    const drill = (await admin.post('/api/v1/records/products', { name: 'Offer drill', unit_price: '5000.00' })).body.data.id;
    await admin.post('/api/v1/pricing/prices', { date: '2026-01-01', prices: [{ product_id: drill, price_type_id: dollars, price: '60' }] });
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Валюта»' })).body.data.id;
    const offer = (await sales1.post('/api/v1/records/offers', { name: 'Dollar terms', account_id: account, price_type_id: dollars, valid_from: '2026-01-01' })).body.data.id;
    expect((await sales1.post(`/api/v1/records/offers/${offer}/actions/submit_for_approval`, {})).status).toBe(201);
    expect((await manager.post(`/api/v1/records/offers/${offer}/actions/approve`, {})).status).toBe(200);
    const quote = (currency: string) => sales1.post('/api/v1/records/quotes', { subject: `In ${currency}`, account_id: account, status: 'created', currency, offer_id: offer, lines: [{ item_id: drill, quantity: '1' }] });
    const roubles = await quote('RUB');
    expect(roubles.status, roubles.raw).toBe(201);
    expect([roubles.body.data.lines[0].list_price, roubles.body.data.lines[0].price_source]).toEqual(['5000.00', 'list_price']);
    const usd = (await quote('USD')).body.data.lines[0];
    expect([usd.list_price, usd.price_source]).toEqual(['60.00', 'price_type']);
    // An offer in dollars with a price of its own does not price a quote that names no currency (the company's).
    const own = (await sales1.post('/api/v1/records/offers', { name: 'Dollar override', account_id: account, currency: 'USD', overrides: [{ product_id: drill, price: '10' }], valid_from: '2026-01-01' })).body.data.id;
    expect((await sales1.post(`/api/v1/records/offers/${own}/actions/submit_for_approval`, {})).status).toBe(201);
    expect((await manager.post(`/api/v1/records/offers/${own}/actions/approve`, {})).status).toBe(200);
    const unnamed = await sales1.post('/api/v1/records/quotes', { subject: 'No currency', account_id: account, status: 'created', offer_id: own, lines: [{ item_id: drill, quantity: '1' }] });
    expect(unnamed.status, unnamed.raw).toBe(400);
    expect(unnamed.body.error.fields.offer_id).toMatch(/USD/);
  });

  it('is refused on another account’s document, outside its dates, when closed, and unseen with an account the rep cannot see', async () => {
    const mine = (await sales1.post('/api/v1/records/accounts', { name: 'Мой контрагент' })).body.data.id;
    const other = (await sales1.post('/api/v1/records/accounts', { name: 'Другой контрагент' })).body.data.id;
    const hidden = (await admin.post('/api/v1/records/accounts', { name: 'Чужой контрагент' })).body.data.id;
    const approve = async (id: string) => {
      await admin.post(`/api/v1/records/offers/${id}/actions/submit_for_approval`, {});
      return admin.post(`/api/v1/records/offers/${id}/actions/approve`, {});
    };
    const offer = (await sales1.post('/api/v1/records/offers', { name: 'До конца года', account_id: mine, discount_percent: '1', valid_from: '2026-01-01', valid_to: '2026-06-30', payment_days: 14 })).body.data;
    expect((await approve(offer.id)).status).toBe(200);
    const invoice = (account: string, date: string) => sales1.post('/api/v1/records/invoices', { subject: 'Счёт', account_id: account, status: 'created', invoice_date: date, offer_id: offer.id, lines: [{ description: 'Работы', quantity: '1', list_price: '10' }] });
    expect((await invoice(mine, '2026-03-01')).status).toBe(201);
    // Its payment days make the invoice's due date, unless the invoice names one.
    expect((await invoice(mine, '2026-03-25')).body.data.due_date).toBe('2026-04-08');
    expect((await sales1.post('/api/v1/records/invoices', { subject: 'Счёт', account_id: mine, status: 'created', invoice_date: '2026-03-25', due_date: '2026-03-31', offer_id: offer.id })).body.data.due_date).toBe('2026-03-31');
    expect((await invoice(other, '2026-03-01')).body.error.fields.offer_id).toBe('заключено с другим контрагентом');
    expect((await invoice(mine, '2026-07-01')).body.error.fields.offer_id).toBe('не действует на 2026-07-01');
    expect((await sales1.post(`/api/v1/records/offers/${offer.id}/actions/close`, {})).body.data.status).toBe('closed');
    expect((await invoice(mine, '2026-03-01')).body.error.fields.offer_id).toBe('не согласовано');
    // An individual offer is read with its account: a rep who cannot see the account sees no offer, and cannot use it.
    const theirs = (await admin.post('/api/v1/records/offers', { name: 'Чужая оферта', account_id: hidden })).body.data;
    await approve(theirs.id);
    expect((await sales1.get(`/api/v1/records/offers/${theirs.id}`)).status).toBe(404);
    const typical = (await admin.post('/api/v1/records/offers', { name: 'Для всех', kind: 'typical' })).body.data;
    expect((await sales1.get(`/api/v1/records/offers/${typical.id}`)).status).toBe(200);
    const used = await sales1.post('/api/v1/records/quotes', { subject: 'x', account_id: mine, status: 'created', offer_id: theirs.id, lines: [] });
    expect(used.status).toBe(400);
    // A typical offer is no account's: it names none, an individual one names its account.
    expect((await admin.post('/api/v1/records/offers', { name: 'x', kind: 'typical', account_id: mine })).body.error.fields.account_id).toBeTruthy();
    expect((await admin.post('/api/v1/records/offers', { name: 'x', kind: 'individual' })).body.error.fields.account_id).toBeTruthy();
    const bad = await admin.post('/api/v1/records/offers', { name: 'x', kind: 'typical', overrides: [{ product_id: mine, price: '-1' }], group_discounts: [{ price_group: 'A', discount_percent: 101 }] });
    expect(bad.body.error.fields['overrides[0].price']).toBeTruthy();
  });

  it('prices a quote at its quote date and an order at its order date, each today unless given', async () => {
    const mine = (await sales1.post('/api/v1/records/accounts', { name: 'Датированный контрагент' })).body.data.id;
    const offer = (await sales1.post('/api/v1/records/offers', { name: 'Первое полугодие', account_id: mine, discount_percent: '1', valid_from: '2026-01-01', valid_to: '2026-06-30' })).body.data;
    await admin.post(`/api/v1/records/offers/${offer.id}/actions/submit_for_approval`, {});
    expect((await admin.post(`/api/v1/records/offers/${offer.id}/actions/approve`, {})).status).toBe(200);
    const lines = [{ description: 'Работы', quantity: '1', list_price: '10' }];
    const quote = (body: Record<string, unknown>) => sales1.post('/api/v1/records/quotes', { subject: 'Кп', account_id: mine, status: 'created', offer_id: offer.id, lines, ...body });
    const inRange = await quote({ quote_date: '2026-03-01' });
    expect(inRange.status, inRange.raw).toBe(201);
    expect(inRange.body.data.quote_date).toBe('2026-03-01');
    expect((await quote({ quote_date: '2026-07-01' })).body.error.fields.offer_id).toBe('не действует на 2026-07-01');
    const order = (order_date: string) => sales1.post('/api/v1/records/sales_orders', { subject: 'Заказ', account_id: mine, status: 'created', offer_id: offer.id, lines, order_date });
    expect((await order('2026-06-30')).status).toBe(201);
    expect((await order('2026-07-01')).body.error.fields.offer_id).toBe('не действует на 2026-07-01');
    // Moving the date of a saved quote past the offer checks the offer again.
    expect((await sales1.patch(`/api/v1/records/quotes/${inRange.body.data.id}`, { quote_date: '2026-08-01' })).body.error.fields.offer_id).toBe('не действует на 2026-08-01');
    // Without a date each starts as today (and an offer valid only in the past no longer prices it).
    const today = new Date().toISOString().slice(0, 10);
    // A copy of a dated quote is priced now: it starts as today, not as the original's date.
    const dated = (await sales1.post('/api/v1/records/quotes', { subject: 'Старое', account_id: mine, status: 'created', lines, quote_date: '2026-02-01' })).body.data;
    const copy = await sales1.post(`/api/v1/records/quotes/${dated.id}/actions/duplicate`, {});
    expect(copy.status, copy.raw).toBe(201);
    expect(copy.body.data.quote_date).toBe(today);
    const plain = await sales1.post('/api/v1/records/quotes', { subject: 'Без даты', account_id: mine, status: 'created', lines });
    expect(plain.body.data.quote_date).toBe(today);
    expect((await sales1.post('/api/v1/records/sales_orders', { subject: 'Без даты', account_id: mine, status: 'created', lines })).body.data.order_date).toBe(today);
    expect((await sales1.post('/api/v1/records/invoices', { subject: 'Без даты', account_id: mine, status: 'created', lines })).body.data.invoice_date).toBe(today);
  });

  it('measures how far a document falls below its offer, flags it past the offer’s limit, and lists it as a deviation', async () => {
    const type = (await admin.post('/api/v1/records/price_types', { name: 'Deviation type', kind: 'manual' })).body.data.id;
    const item = (await admin.post('/api/v1/records/products', { name: 'Deviation item', unit_price: '150.00' })).body.data.id;
    await admin.post('/api/v1/pricing/prices', { date: '2026-01-01', prices: [{ product_id: item, price_type_id: type, price: '100' }] });
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Отклонение»' })).body.data.id;
    const offer = (await sales1.post('/api/v1/records/offers', { name: 'С лимитом', account_id: account, price_type_id: type, currency: 'RUB', deviation_limit_percent: '5' })).body.data;
    await sales1.post(`/api/v1/records/offers/${offer.id}/actions/submit_for_approval`, {});
    await manager.post(`/api/v1/records/offers/${offer.id}/actions/approve`, {});
    const quote = (lines: object[], currency = 'RUB') => sales1.post('/api/v1/records/quotes', { subject: 'Откл.', account_id: account, status: 'created', currency, offer_id: offer.id, lines });
    // 96 is 4 % below 100: a deviation within the limit; 90 is 10 % below: past it.
    const within = (await quote([{ item_id: item, quantity: '2', list_price: '96' }])).body.data;
    expect([within.offer_deviation_percent, within.deviation_over_limit]).toEqual(['4.000', false]);
    const past = (await quote([{ item_id: item, quantity: '1' }, { item_id: item, quantity: '1', list_price: '100', discount_percent: '10' }])).body.data;
    expect([past.offer_deviation_percent, past.deviation_over_limit]).toEqual(['10.000', true]);
    const fair = (await quote([{ item_id: item, quantity: '1' }])).body.data;
    expect([fair.offer_deviation_percent, fair.deviation_over_limit]).toEqual(['0.000', false]);
    // The report: both deviating quotes, the furthest first; not the fair one.
    const report = (await sales1.get(`/api/v1/pricing/deviations?offer_id=${offer.id}`)).body.data;
    expect(report.map((r: any) => [r.id, r.deviating_lines, r.deviation_over_limit])).toEqual([[past.id, 1, true], [within.id, 1, false]]);
    expect((await sales1.get('/api/v1/pricing/deviations?from=2026-02-30')).status).toBe(400);
    // Field rules: a hidden total is empty; hidden deviations take the quotes out.
    const profile = await salesProfile(admin);
    try {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { quotes: { grand_total: 'hidden' } } })).status).toBe(200);
      const hidden = (await sales1.get(`/api/v1/pricing/deviations?offer_id=${offer.id}`)).body.data;
      expect(hidden.map((r: any) => [r.id, r.grand_total])).toEqual([[past.id, null], [within.id, null]]);
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { quotes: { offer_deviation_percent: 'hidden' } } })).status).toBe(200);
      expect((await sales1.get(`/api/v1/pricing/deviations?offer_id=${offer.id}`)).body.data).toEqual([]);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
    // The document's own discount or a negative adjustment counts too: lines at the offer's price, 90 % off the whole.
    const discounted = await sales1.patch(`/api/v1/records/quotes/${fair.id}`, { discount_percent: '90' }, { 'If-Match': `"${fair.version}"` });
    expect(discounted.status, discounted.raw).toBe(200);
    expect([discounted.body.data.offer_deviation_percent, discounted.body.data.deviation_over_limit]).toEqual(['90.000', true]);
    const adjusted = (await quote([{ item_id: item, quantity: '2' }])).body.data;
    const cut = (await sales1.patch(`/api/v1/records/quotes/${adjusted.id}`, { adjustment: '-50' }, { 'If-Match': `"${adjusted.version}"` })).body.data;
    expect([cut.offer_deviation_percent, cut.deviation_over_limit]).toEqual(['25.000', true]);
    // A price group with a price type of its own under an offer is priced by it (the others by the offer's type).
    const special = (await admin.post('/api/v1/records/price_types', { name: 'Special type', kind: 'manual' })).body.data.id;
    const grouped = (await admin.post('/api/v1/records/products', { name: 'Grouped item', unit_price: '150.00', price_group: 'Premium' })).body.data.id;
    await admin.post('/api/v1/pricing/prices', { date: '2026-01-01', prices: [{ product_id: grouped, price_type_id: type, price: '100' }, { product_id: grouped, price_type_id: special, price: '70' }] });
    const byGroup = (await sales1.post('/api/v1/records/offers', { name: 'По группам', account_id: account, price_type_id: type, group_price_types: [{ price_group: 'premium', price_type_id: special }] })).body.data;
    expect((await sales1.post('/api/v1/records/offers', { name: 'x', account_id: account, group_price_types: [{ price_group: 'A', price_type_id: account }] })).body.error.fields['group_price_types[0].price_type_id']).toBeTruthy();
    await sales1.post(`/api/v1/records/offers/${byGroup.id}/actions/submit_for_approval`, {});
    await manager.post(`/api/v1/records/offers/${byGroup.id}/actions/approve`, {});
    const grouping = (await sales1.post('/api/v1/records/quotes', { subject: 'Группы', account_id: account, status: 'created', offer_id: byGroup.id, lines: [{ item_id: grouped, quantity: '1' }, { item_id: item, quantity: '1' }] })).body.data;
    expect(grouping.lines.map((l: any) => l.list_price)).toEqual(['70.00', '100.00']);

    // A currency other than the offer's is refused; a malformed item id is the line's 400, not a 500.
    expect((await quote([{ item_id: item, quantity: '1' }], 'USD')).body.error.fields.offer_id).toBeTruthy();
    const malformed = await quote([{ item_id: 'nope', quantity: '1', list_price: '1' }]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields['lines[0].item_id']).toBeTruthy();

    // A save that touches neither lines nor offer keeps what the lines were saved with, even once the offer is closed.
    await sales1.post(`/api/v1/records/offers/${offer.id}/actions/close`, {});
    const saved = await sales1.patch(`/api/v1/records/quotes/${past.id}`, { shipping_amount: '10' });
    expect(saved.status, saved.raw).toBe(200);
    expect(saved.body.data.lines.map((l: any) => [l.price_source, l.deviation])).toEqual([['price_type', false], ['price_type', true]]);
    expect(saved.body.data.deviation_over_limit).toBe(true);
    // A closed offer is not approved again by a late approval.
    await sales1.post(`/api/v1/records/offers/${offer.id}/actions/submit_for_approval`, {});
    await manager.post(`/api/v1/records/offers/${offer.id}/actions/approve`, {});
    expect((await sales1.get(`/api/v1/records/offers/${offer.id}`)).body.data.status).toBe('closed');
    // The same terms sent again ("5" for "5.000") do not need a new approval; a segment must be one of products.
    const again = (await sales1.post('/api/v1/records/offers', { name: 'Повтор', account_id: account, discount_percent: '5' })).body.data;
    await sales1.post(`/api/v1/records/offers/${again.id}/actions/submit_for_approval`, {});
    await manager.post(`/api/v1/records/offers/${again.id}/actions/approve`, {});
    expect((await sales1.patch(`/api/v1/records/offers/${again.id}`, { discount_percent: '5', name: 'Повтор 2' })).body.data.status).toBe('approved');
    // The offer keeps its own approved state: its approval is not voided behind it.
    expect((await sales1.get(`/api/v1/approvals?module=offers&record_id=${again.id}`)).body.data[0].state).toBe('approved');
    const accountsSegment = (await admin.post('/api/v1/records/segments', { name: 'Контрагенты', module: 'accounts', kind: 'static' })).body.data.id;
    expect((await sales1.patch(`/api/v1/records/offers/${again.id}`, { segment_id: accountsSegment })).body.error.fields.segment_id).toBeTruthy();
    // A deal's offer that cannot price a quote today is left off the quote made from the deal, not refused.
    const deal = (await sales1.post('/api/v1/records/deals', { name: 'Сделка', account_id: account, close_date: '2026-12-31', offer_id: offer.id })).body.data.id;
    const fromDeal = await sales1.post(`/api/v1/records/deals/${deal}/actions/create_quote`, {});
    expect(fromDeal.status, fromDeal.raw).toBe(201);
    expect(fromDeal.body.data.offer_id).toBeNull();
    // Closed since, the offer still measures a new discount on a document made under it: the save is not refused.
    expect((await sales1.post(`/api/v1/records/offers/${offer.id}/actions/close`, {})).status).toBeLessThan(300);
    const reopened = await sales1.patch(`/api/v1/records/quotes/${adjusted.id}`, { adjustment: '0' }, { 'If-Match': `"${cut.version}"` });
    expect(reopened.status, reopened.raw).toBe(200);
    expect([reopened.body.data.offer_deviation_percent, reopened.body.data.deviation_over_limit]).toEqual(['0.000', false]);
  });
});
