import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let sales1: Client, sales2: Client;

beforeAll(async () => {
  t = await createTestApp();
  [sales1, sales2] = await Promise.all(['sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('primary interest report and deal participants', () => {
  it('counts leads, deals and wins by channel and by source, over what the caller may see', async () => {
    const marketing = await t.login('marketing');
    const campaign = (await marketing.post('/api/v1/records/campaigns', { name: 'Выставка «Связь»', campaign_type: 'trade_show', status: 'active' })).body.data.id;
    await sales1.post('/api/v1/records/leads', { last_name: 'Иванов', company: 'А', interest_channel: 'exhibition' });
    const d1 = (await sales1.post('/api/v1/records/deals', { name: 'С выставки', close_date: '2026-12-31', amount: '1000', interest_channel: 'exhibition', interest_source_id: campaign })).body.data;
    await sales1.patch(`/api/v1/records/deals/${d1.id}`, { status: 'won' }, { 'If-Match': `"${d1.version}"` });
    await sales1.post('/api/v1/records/deals', { name: 'Ещё одна', close_date: '2026-12-31', amount: '500', interest_channel: 'exhibition', interest_source_id: campaign });
    await sales2.post('/api/v1/records/deals', { name: 'Чужая', close_date: '2026-12-31', amount: '9', interest_channel: 'exhibition' });
    // An employee's recommendation: the source is a user.
    const colleague = t.users.sales2;
    await sales1.post('/api/v1/records/deals', { name: 'По рекомендации', close_date: '2026-12-31', amount: '70', interest_channel: 'employee_recommendation', interest_source_user_id: colleague });
    const r = await sales1.get('/api/v1/analytics/interest');
    expect(r.status).toBe(200);
    expect(r.body.by_channel.find((c: any) => c.channel === 'exhibition')).toEqual({ channel: 'exhibition', leads: 1, deals: 2, won: 1, won_amount: '1000.00' });
    expect(r.body.by_source).toEqual([
      { module: 'campaigns', id: campaign, label: 'Выставка «Связь»', deals: 2, won: 1, won_amount: '1000.00' },
      { module: 'users', id: colleague, label: expect.any(String), deals: 1, won: 0, won_amount: '0.00' },
    ]);
    expect((await sales1.get('/api/v1/analytics/interest?from=nope')).status).toBe(400);
    expect((await sales1.get('/api/v1/analytics/interest?currency=rub')).status).toBe(400);

    // A win in another currency: counts stand, won amounts are null until a currency is chosen.
    const usd = (await sales1.post('/api/v1/records/deals', { name: 'В долларах', close_date: '2026-12-31', amount: '5', currency: 'USD', interest_channel: 'exhibition' })).body.data;
    await sales1.patch(`/api/v1/records/deals/${usd.id}`, { status: 'won' }, { 'If-Match': `"${usd.version}"` });
    const rub = (await sales1.post('/api/v1/records/deals', { name: 'В рублях', close_date: '2026-12-31', amount: '3', currency: 'RUB', interest_channel: 'exhibition' })).body.data;
    await sales1.patch(`/api/v1/records/deals/${rub.id}`, { status: 'won' }, { 'If-Match': `"${rub.version}"` });
    const both = await sales1.get('/api/v1/analytics/interest');
    expect(both.body).toMatchObject({ currency: null, currencies: ['RUB', 'USD'] });
    expect(both.body.by_channel.find((c: any) => c.channel === 'exhibition')).toMatchObject({ deals: 4, won: 3, won_amount: null });
    const dollars = await sales1.get('/api/v1/analytics/interest?currency=USD');
    expect(dollars.body).toMatchObject({ currency: 'USD', currencies: ['USD'] });
    expect(dollars.body.by_channel.find((c: any) => c.channel === 'exhibition')).toMatchObject({ deals: 1, won: 1, won_amount: '5.00' });
    // A profile that may not view leads counts none of them.
    const admin = await t.login('admin');
    const { salesProfile } = await import('../../testing/sales-profile.js');
    const profile = await salesProfile(admin);
    const { withSalesModules, without } = await import('../../testing/sales-profile.js');
    await withSalesModules(admin, without('leads'), async () => {
      const blind = await sales1.get('/api/v1/analytics/interest');
      expect(blind.body.by_channel.find((c: any) => c.channel === 'exhibition')).toMatchObject({ leads: 0, deals: 4 });
    });
    // A deal's field the profile hides counts as empty: no channel, no win, no source.
    await admin.patch(`/api/v1/profiles/${profile}`, { fields: { deals: { interest_channel: 'hidden', status: 'hidden', interest_source_id: 'hidden', amount: 'hidden' } } });
    try {
      const hidden = await sales1.get('/api/v1/analytics/interest');
      expect(hidden.status, hidden.raw).toBe(200);
      expect(hidden.body.by_channel.find((c: any) => c.channel === 'exhibition')).toMatchObject({ deals: 0 });
      expect(hidden.body.by_channel.every((c: any) => c.won === 0)).toBe(true);
      expect(hidden.body.by_source.map((s: any) => s.module)).not.toContain('campaigns');
    } finally {
      await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} });
    }
  });

  it('accounts take part in a deal with a role (partner, competitor…)', async () => {
    const deal = (await sales1.post('/api/v1/records/deals', { name: 'Тендер', close_date: '2026-12-31' })).body.data.id;
    const rival = (await sales1.post('/api/v1/records/accounts', { name: 'Конкурент' })).body.data.id;
    expect((await sales1.post(`/api/v1/records/deals/${deal}/related/participants`, { id: rival, role: 'competitor' })).status).toBe(204);
    const list = await sales1.get(`/api/v1/records/deals/${deal}/related/participants`);
    expect(list.body.data).toEqual([expect.objectContaining({ id: rival, link: { role: 'competitor' } })]);
    expect((await sales1.post(`/api/v1/records/deals/${deal}/related/participants`, { id: rival, role: 'enemy' })).status).toBe(400);
  });
});
