import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { cardRates, pointsFor } from './loyalty.js';
import { contextFor } from '../../engine/system-context.js';
import { createMany } from '../../engine/records/create-many.js';
import { salesProfile } from '../../testing/sales-profile.js';

describe('loyalty rates (pure)', () => {
  it('takes the highest tier reached by the card’s purchases', () => {
    const program = { kind: 'discount' as const, discount_percent: '3', bonus_rate: null, tiers: [{ min_purchases: '100000', discount_percent: '7' }, { min_purchases: '50000', discount_percent: '5' }] };
    expect(cardRates(program, '0').discount).toBe('3');
    expect(cardRates(program, '49999.99').discount).toBe('3');
    expect(cardRates(program, '50000').discount).toBe('5');
    expect(cardRates(program, '250000').discount).toBe('7');
    expect(cardRates({ ...program, kind: 'bonus', bonus_rate: '2' }, '0')).toEqual({ discount: null, bonus: '2' });
  });
  it('counts points to the cent, half away from zero', () => {
    expect(pointsFor('1234.50', '2')).toBe('24.69');
    expect(pointsFor('0.25', '2')).toBe('0.01');
    expect(pointsFor('1000', null)).toBe('0.00');
  });
});

let t: TestApp;
let admin: Client, sales1: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all(['admin', 'sales1'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('loyalty cards on documents', () => {
  it('a discount card gives its discount to lines without one; a blocked card or another customer’s is refused', async () => {
    const program = (await admin.post('/api/v1/records/loyalty_programs', { name: 'Скидка 5 %', kind: 'discount', discount_percent: '5' })).body.data.id;
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Карта»' })).body.data.id;
    const other = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Другая»' })).body.data.id;
    const card = await sales1.post('/api/v1/records/loyalty_cards', { card_number: 'K-0001', program_id: program, account_id: account });
    expect(card.status, card.raw).toBe(201);
    expect((await sales1.post('/api/v1/records/loyalty_cards', { card_number: 'k-0001', program_id: program, account_id: account })).body.error.fields.card_number).toBeTruthy();
    expect((await sales1.post('/api/v1/records/loyalty_cards', { card_number: 'K-0002', program_id: program })).body.error.fields.account_id).toBeTruthy();
    const q = await sales1.post('/api/v1/records/quotes', { subject: 'С картой', account_id: account, status: 'created', loyalty_card_id: card.body.data.id,
      lines: [{ description: 'Работы', quantity: '2', list_price: '100' }, { description: 'Доставка', quantity: '1', list_price: '50', discount_percent: '0' }] });
    expect(q.status, q.raw).toBe(201);
    // Lines with no item are not the card's to discount; a line with an item is.
    const item = (await admin.post('/api/v1/records/products', { name: 'Карточный товар', unit_price: '200.00' })).body.data.id;
    const withItem = (await sales1.post('/api/v1/records/quotes', { subject: 'С картой', account_id: account, status: 'created', loyalty_card_id: card.body.data.id,
      lines: [{ item_id: item, quantity: '1' }, { item_id: item, quantity: '1', discount_percent: '1' }] })).body.data;
    expect(withItem.lines.map((l: any) => [l.discount_percent, l.net])).toEqual([['5', '190.00'], ['1', '198.00']]);
    expect((await sales1.post('/api/v1/records/quotes', { subject: 'x', account_id: other, status: 'created', loyalty_card_id: card.body.data.id, lines: [] })).body.error.fields.loyalty_card_id).toBeTruthy();
    await sales1.patch(`/api/v1/records/loyalty_cards/${card.body.data.id}`, { blocked: true });
    expect((await sales1.post('/api/v1/records/quotes', { subject: 'x', account_id: account, status: 'created', loyalty_card_id: card.body.data.id, lines: [] })).body.error.fields.loyalty_card_id).toBe('заблокирована');
  });

  it('takes the API’s shapes: a programme by its rate alone, a card by its number (which is the record’s number)', async () => {
    const bonus = await admin.post('/api/v1/records/loyalty_programs', { name: 'Только ставка', bonus_rate: '3' });
    expect(bonus.status, bonus.raw).toBe(201);
    expect(bonus.body.data.kind).toBe('bonus');
    expect((await admin.post('/api/v1/records/loyalty_programs', { name: 'Только скидка', discount_percent: '4' })).body.data.kind).toBe('discount');
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Номер»' })).body.data.id;
    const card = await sales1.post('/api/v1/records/loyalty_cards', { number: '4600-0001', program_id: bonus.body.data.id, account_id: account });
    expect(card.status, card.raw).toBe(201);
    expect([card.body.data.number, card.body.data.card_number]).toEqual(['4600-0001', '4600-0001']);
    expect((await sales1.post('/api/v1/records/loyalty_cards', { number: '4600-0001', program_id: bonus.body.data.id, account_id: account })).body.error.fields.card_number).toBeTruthy();
    expect((await sales1.patch(`/api/v1/records/loyalty_cards/${card.body.data.id}`, { card_number: '4600-0002' })).body.error.fields.card_number).toBeTruthy();
    // Cards made set-based, as an import makes them, are numbered by their printed numbers too.
    const made = await createMany(await contextFor(t.app, t.users.admin), 'loyalty_cards', [{ card_number: '4600-0101', program_id: bonus.body.data.id, account_id: account }]);
    expect(made[0]).toMatchObject({ ok: true });
    expect((await admin.get('/api/v1/records/loyalty_cards?filter[card_number]=4600-0101&fields=number')).body.data[0].number).toBe('4600-0101');
  });

  it('merging cards moves the ledger and figures to the survivor; a used card is blocked, not deleted', async () => {
    const program = (await admin.post('/api/v1/records/loyalty_programs', { name: 'Бонусы-2', kind: 'bonus', bonus_rate: '10', point_value: '1' })).body.data.id;
    const other = (await admin.post('/api/v1/records/loyalty_programs', { name: 'Скидка-2', kind: 'discount', discount_percent: '5' })).body.data.id;
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Две карты»' })).body.data.id;
    const card = async (n: string, p = program) => (await sales1.post('/api/v1/records/loyalty_cards', { card_number: n, program_id: p, account_id: account })).body.data.id;
    const [a, b, c] = [await card('M-1'), await card('M-2'), await card('M-3', other)];
    const paid = async (cardId: string, price: string) => {
      const inv = (await sales1.post('/api/v1/records/invoices', { subject: 'Счёт', account_id: account, status: 'created', loyalty_card_id: cardId, lines: [{ description: 'Работы', quantity: '1', list_price: price }] })).body.data;
      expect((await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { status: 'paid' })).status).toBe(200);
      return inv;
    };
    await paid(a, '100');
    const inv = await paid(b, '500');
    // A used card goes to no recycle bin (its invoices could no longer move its figures there).
    const refused = await sales1.request('DELETE', `/api/v1/records/loyalty_cards/${b}?lang=ru`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('Карту лояльности с баллами или покупками нельзя удалить: заблокируйте её');
    expect((await admin.post('/api/v1/records/loyalty_cards/merge', { ids: [c, b] })).status).toBe(409);
    const merged = await admin.post('/api/v1/records/loyalty_cards/merge', { ids: [a, b] });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const survivor = (await sales1.get(`/api/v1/records/loyalty_cards/${a}`)).body.data;
    expect([Number(survivor.points_balance), Number(survivor.purchases_total)]).toEqual([60, 600]);
    const ledger = (await sales1.get(`/api/v1/loyalty_cards/${a}/points`)).body.data as { points: string }[];
    expect(ledger.reduce((sum, e) => sum + Number(e.points), 0)).toBe(60);
    // The merged card's invoice now reverses on the survivor.
    expect((await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { status: 'sent' })).status).toBe(200);
    expect(Number((await sales1.get(`/api/v1/records/loyalty_cards/${a}`)).body.data.points_balance)).toBe(10);
  });

  it('a card earns only on its holder\'s purchases, and keeps its programme once it has points', async () => {
    const program = (await admin.post('/api/v1/records/loyalty_programs', { name: 'Десять', kind: 'bonus', bonus_rate: '10', point_value: '1' })).body.data.id;
    const dearer = (await admin.post('/api/v1/records/loyalty_programs', { name: 'Сто', kind: 'bonus', bonus_rate: '10', point_value: '100' })).body.data.id;
    const [a, b] = await Promise.all(['ООО «Держатель»', 'ООО «Чужой»'].map(async (name) => (await sales1.post('/api/v1/records/accounts', { name })).body.data.id));
    const card = (await sales1.post('/api/v1/records/loyalty_cards', { card_number: 'H-1', program_id: program, account_id: a })).body.data.id;
    const balance = async () => (await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data.points_balance;
    const inv = (await sales1.post('/api/v1/records/invoices', { subject: 'Счёт', account_id: a, status: 'created', loyalty_card_id: card, lines: [{ description: 'W', quantity: '1', list_price: '1000' }] })).body.data;
    // Another customer for the invoice: the card must go with it or be theirs.
    const moved = await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { account_id: b });
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields).toHaveProperty('loyalty_card_id');
    // A card given to another customer since earns nothing on the first one's invoice.
    expect((await sales1.patch(`/api/v1/records/loyalty_cards/${card}`, { account_id: b })).status).toBe(200);
    expect((await sales1.patch(`/api/v1/records/invoices/${inv.id}`, { status: 'paid' })).status).toBe(200);
    expect(Number(await balance())).toBe(0);
    // Back with its holder, the next paid invoice earns; then its programme stays.
    expect((await sales1.patch(`/api/v1/records/loyalty_cards/${card}`, { account_id: a })).status).toBe(200);
    const next = (await sales1.post('/api/v1/records/invoices', { subject: 'Счёт', account_id: a, status: 'created', loyalty_card_id: card, lines: [{ description: 'W', quantity: '1', list_price: '1000' }] })).body.data;
    await sales1.patch(`/api/v1/records/invoices/${next.id}`, { status: 'paid' });
    expect(Number(await balance())).toBe(100);
    const repriced = await sales1.patch(`/api/v1/records/loyalty_cards/${card}`, { program_id: dearer });
    expect(repriced.status).toBe(400);
    expect(repriced.body.error.fields).toHaveProperty('program_id');
    // Blocked since, the card does not stop a correction of the customer that still holds it.
    const open = (await sales1.post('/api/v1/records/invoices', { subject: 'Счёт', account_id: a, status: 'created', loyalty_card_id: card, lines: [{ description: 'W', quantity: '1', list_price: '10' }] })).body.data;
    expect((await sales1.patch(`/api/v1/records/loyalty_cards/${card}`, { blocked: true })).status).toBe(200);
    expect((await sales1.patch(`/api/v1/records/invoices/${open.id}`, { account_id: a, subject: 'Исправлен' })).status).toBe(200);
    const unused = (await sales1.post('/api/v1/records/loyalty_cards', { card_number: 'H-2', program_id: program, account_id: a })).body.data.id;
    expect((await sales1.patch(`/api/v1/records/loyalty_cards/${unused}`, { program_id: dearer })).status).toBe(200);
  });

  it('a bonus card earns points on a paid invoice once, and points are redeemed on an unpaid one at their value', async () => {
    const program = (await admin.post('/api/v1/records/loyalty_programs', { name: 'Бонусы', kind: 'bonus', bonus_rate: '2', point_value: '0.5' })).body.data.id;
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Бонус»' })).body.data.id;
    const card = (await sales1.post('/api/v1/records/loyalty_cards', { card_number: 'B-1', program_id: program, account_id: account })).body.data.id;
    const invoice = async (price: string) => (await sales1.post('/api/v1/records/invoices', { subject: 'Счёт', account_id: account, status: 'created', loyalty_card_id: card,
      lines: [{ description: 'Работы', quantity: '1', list_price: price }] })).body.data;
    const first = await invoice('1234.50');
    const paid = await sales1.patch(`/api/v1/records/invoices/${first.id}`, { status: 'paid' });
    expect(paid.status, paid.raw).toBe(200);
    // Back and forth: un-paid reverses the points, paid again earns them again — the balance counts them once.
    await sales1.patch(`/api/v1/records/invoices/${first.id}`, { status: 'sent' });
    await sales1.patch(`/api/v1/records/invoices/${first.id}`, { status: 'paid' });
    let c = (await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data;
    expect(c.purchases_total).toBe('1234.50');
    expect(Number(c.points_balance)).toBe(24.69); // 1,234.50 × 2 %
    // Redeem 20 points (× 0.5 = 10.00) on the next invoice: its total goes down by 10.
    const second = await invoice('300');
    expect((await sales1.post(`/api/v1/records/invoices/${second.id}/actions/redeem_points`, { points: '30' })).body.error.fields.points).toBeTruthy();
    const redeemed = await sales1.post(`/api/v1/records/invoices/${second.id}/actions/redeem_points`, { points: '20' });
    expect(redeemed.status, redeemed.raw).toBe(200);
    expect(redeemed.body.data.grand_total).toBe('290.00');
    c = (await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data;
    expect(Number(c.points_balance)).toBe(4.69);
    const ledger = (await sales1.get(`/api/v1/loyalty_cards/${card}/points`)).body;
    // Newest first: paid, un-paid (reversed), paid again (earned again), then the redemption.
    expect(ledger.data.map((e: any) => [e.kind, e.points, e.amount])).toEqual([['redemption', '-20.00', '10.00'], ['accrual', '24.69', '1234.50'], ['reversal', '-24.69', '1234.50'], ['accrual', '24.69', '1234.50']]);
    expect(ledger.data[1].document_number).toBe(first.number);
    // Field rules: no purchase amounts without the purchases total; no ledger without the balance.
    const profile = await salesProfile(admin);
    try {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { loyalty_cards: { purchases_total: 'hidden' } } })).status).toBe(200);
      const noAmounts = (await sales1.get(`/api/v1/loyalty_cards/${card}/points`)).body;
      expect([noAmounts.purchases_total, noAmounts.data.map((e: any) => e.amount)]).toEqual([null, [null, null, null, null]]);
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { loyalty_cards: { points_balance: 'hidden' } } })).status).toBe(200);
      const none = (await sales1.get(`/api/v1/loyalty_cards/${card}/points`)).body;
      expect([none.balance, none.data]).toEqual([null, []]);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
    // Paying the second invoice earns on what was paid (290 × 2 % = 5.80).
    await sales1.patch(`/api/v1/records/invoices/${second.id}`, { status: 'paid' });
    expect(Number((await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data.points_balance)).toBe(10.49);
    expect((await sales1.post(`/api/v1/records/invoices/${second.id}/actions/redeem_points`, { points: '1' })).status).toBe(400);

    // Un-paid, an invoice's points and purchases go back; paid again, they come again — once.
    await sales1.patch(`/api/v1/records/invoices/${first.id}`, { status: 'sent' });
    c = (await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data;
    // 10.49 − 24.69: points already spent leave the card owing them.
    expect([Number(c.points_balance), c.purchases_total]).toEqual([-14.2, '290.00']);
    await sales1.patch(`/api/v1/records/invoices/${first.id}`, { status: 'paid' });
    expect(Number((await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data.points_balance)).toBe(10.49);
    // A cancelled invoice returns the points redeemed on it.
    const third = await invoice('100');
    await sales1.post(`/api/v1/records/invoices/${third.id}/actions/redeem_points`, { points: '4' });
    expect(Number((await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data.points_balance)).toBe(6.49);
    await sales1.patch(`/api/v1/records/invoices/${third.id}`, { status: 'cancelled' });
    expect(Number((await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data.points_balance)).toBe(10.49);
    const kinds = (await sales1.get(`/api/v1/loyalty_cards/${card}/points`)).body.data.map((e: any) => e.kind);
    expect(kinds.slice(0, 5)).toEqual(['refund', 'redemption', 'accrual', 'reversal', 'accrual']);
    // Its discount stays on it: back in force (un-cancelled, or restored after deletion), it takes those points
    // again — the same points never pay twice.
    const balance = async () => Number((await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data.points_balance);
    const back = await sales1.patch(`/api/v1/records/invoices/${third.id}`, { status: 'created' });
    expect(back.body.data.grand_total).toBe('98.00');
    expect(await balance()).toBe(6.49);
    expect((await sales1.del(`/api/v1/records/invoices/${third.id}`)).status).toBe(204);
    expect(await balance()).toBe(10.49);
    expect((await sales1.post(`/api/v1/records/invoices/${third.id}/restore`)).status).toBe(200);
    expect(await balance()).toBe(6.49);
    // A paid invoice deleted and restored earns its points and purchases again.
    await sales1.del(`/api/v1/records/invoices/${first.id}`);
    expect(await balance()).toBe(-18.2);
    await sales1.post(`/api/v1/records/invoices/${first.id}/restore`);
    c = (await sales1.get(`/api/v1/records/loyalty_cards/${card}`)).body.data;
    expect([Number(c.points_balance), c.purchases_total]).toEqual([6.49, '1524.50']);
  });
});
