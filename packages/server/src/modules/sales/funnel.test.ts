import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { ratio } from './funnel.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let admin: Client, manager: Client, sales1: Client, sales2: Client;
let kind: string;
let open3: { id: string; version: number };

beforeAll(async () => {
  t = await createTestApp();
  [admin, manager, sales1, sales2] = await Promise.all(['admin', 'manager', 'sales1', 'sales2'].map((u) => t.login(u)));
  kind = (await admin.post('/api/v1/records/deal_kinds', { name: 'Воронка', mode: 'manual', stages: [
    { name: 'prospecting', probability: 10 }, { name: 'qualification', probability: 50 },
  ] })).body.data.id;
  // A constructed history: d1 goes through and is won, d2 is lost after qualification, d3 stays, d4 is lost at once.
  const make = async (who: Client, amount: string, moves: Record<string, unknown>[]) => {
    let d = (await who.post('/api/v1/records/deals', { name: 'Сделка', close_date: '2026-12-31', deal_kind_id: kind, amount })).body.data;
    for (const m of moves) d = (await who.patch(`/api/v1/records/deals/${d.id}`, m, { 'If-Match': `"${d.version}"` })).body.data;
    return d;
  };
  await make(sales1, '1000', [{ stage: 'qualification' }, { status: 'won' }]);
  await make(sales1, '2000', [{ stage: 'qualification' }, { status: 'lost', loss_reason: 'price' }]);
  open3 = await make(sales1, '3000', []);
  await make(sales1, '4000', [{ status: 'lost', loss_reason: 'no_budget' }]);
  await make(sales2, '9000', [{ stage: 'qualification' }]);
});
afterAll(() => t.close());

describe('sales funnel', () => {
  it('counts, conversions, drops, amounts and losses by reason from the stage history', async () => {
    const r = await sales1.get(`/api/v1/analytics/funnel?deal_kind=${kind}`);
    expect(r.status).toBe(200);
    const [prospecting, qualification] = r.body.stages;
    expect(prospecting).toMatchObject({ stage: 'prospecting', entered: 4, moved_on: 2, conversion: 0.5, dropped: 1, amount: '10000.00', weighted_amount: '1000.00' });
    expect(qualification).toMatchObject({ stage: 'qualification', entered: 2, moved_on: 1, conversion: 0.5, dropped: 1, amount: '3000.00', weighted_amount: '1500.00' });
    expect(prospecting.avg_days).toBeGreaterThanOrEqual(0);
    expect(r.body.won).toEqual({ count: 1, amount: '1000.00' });
    expect(r.body.lost).toEqual({ count: 2, amount: '6000.00', by_reason: expect.arrayContaining([{ reason: 'price', count: 1, amount: '2000.00' }, { reason: 'no_budget', count: 1, amount: '4000.00' }]) });
  });

  it('only over deals the caller may see; filters by owner and period', async () => {
    expect((await sales2.get(`/api/v1/analytics/funnel?deal_kind=${kind}`)).body.stages[0]).toMatchObject({ entered: 1, amount: '9000.00' });
    expect((await manager.get(`/api/v1/analytics/funnel?deal_kind=${kind}`)).body.stages[0].entered).toBe(5);
    expect((await manager.get(`/api/v1/analytics/funnel?deal_kind=${kind}&assigned_to=${t.users.sales2}`)).body.stages[0].entered).toBe(1);
    expect((await sales1.get(`/api/v1/analytics/funnel?deal_kind=${kind}&to=2000-01-01`)).body.stages[0].entered).toBe(0);
    expect((await sales1.get('/api/v1/analytics/funnel?from=yesterday')).status).toBe(400);
    const bad = await sales1.get('/api/v1/analytics/funnel?deal_kind=standard&assigned_to=me');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['assigned_to', 'deal_kind']);
  });

  it('gives no money to whom the deals\' amounts are hidden: funnel, stage history, primary interest', async () => {
    const profile = await salesProfile(admin);
    const shown = (await sales1.get(`/api/v1/records/deals/${open3.id}/stage_history`)).body.data;
    expect(shown[0].amount).toMatch(/^3000(\.0+)?$/);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { deals: { amount: 'hidden', forecast_amount: 'hidden' } } })).status).toBe(200);
    try {
      const r = (await sales1.get(`/api/v1/analytics/funnel?deal_kind=${kind}`)).body;
      expect(r.stages[0]).toMatchObject({ entered: 4, amount: null, weighted_amount: null, forecast_amount: null });
      expect(r.won).toEqual({ count: 1, amount: null });
      expect(r.lost.by_reason.map((x: any) => x.amount)).toEqual([null, null]);
      expect(r.forecast_amount).toBeNull();
      expect((await sales1.get(`/api/v1/records/deals/${open3.id}/stage_history`)).body.data.map((h: any) => h.amount)).toEqual([null]);
      const interest = (await sales1.get('/api/v1/analytics/interest')).body;
      expect(interest.by_channel.length).toBeGreaterThan(0);
      expect(interest.by_channel.every((c: any) => c.won_amount === null)).toBe(true);
      // Those who may see amounts still do.
      expect((await manager.get(`/api/v1/analytics/funnel?deal_kind=${kind}`)).body.won.amount).toBe('1000.00');
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('adds money up within one currency: mixed currencies give counts, no sums, until one is chosen', async () => {
    const k = (await admin.post('/api/v1/records/deal_kinds', { name: 'Валюты', mode: 'manual', stages: [{ name: 'prospecting', probability: 10 }] })).body.data.id;
    const url = `/api/v1/analytics/funnel?deal_kind=${k}`;
    await sales1.post('/api/v1/records/deals', { name: 'Рубли', close_date: '2026-12-31', deal_kind_id: k, amount: '100', currency: 'RUB' });
    let r = await sales1.get(url);
    expect(r.body).toMatchObject({ currency: 'RUB', currencies: ['RUB'] });
    expect(r.body.stages[0]).toMatchObject({ entered: 1, amount: '100.00', weighted_amount: '10.00' });
    await sales1.post('/api/v1/records/deals', { name: 'Доллары', close_date: '2026-12-31', deal_kind_id: k, amount: '7', currency: 'USD' });
    r = await sales1.get(url);
    expect(r.body).toMatchObject({ currency: null, currencies: ['RUB', 'USD'], won: { count: 0, amount: null } });
    expect(r.body.stages[0]).toMatchObject({ entered: 2, amount: null, weighted_amount: null });
    r = await sales1.get(`${url}&currency=USD`);
    expect(r.body).toMatchObject({ currency: 'USD', currencies: ['USD'] });
    expect(r.body.stages[0]).toMatchObject({ entered: 1, amount: '7.00' });
    expect((await sales1.get(`${url}&currency=dollars`)).body.error.fields).toHaveProperty('currency');
    // Converted into roubles at each day's rate: without a dollar rate the dollars are named, not counted at 1.
    r = await sales1.get(`${url}&convert_to=RUB`);
    expect(r.body).toMatchObject({ currency: 'RUB', unrated: 1 });
    expect(r.body.stages[0]).toMatchObject({ entered: 2, amount: '100.00' });
    await admin.post('/api/v1/currency_rates', { currency: 'USD', date: '2020-01-01', rate: '90' });
    r = await sales1.get(`${url}&convert_to=RUB`);
    expect(r.body).toMatchObject({ currency: 'RUB', unrated: 0 });
    expect(r.body.stages[0]).toMatchObject({ entered: 2, amount: '730.00', forecast_amount: '73.00' });
  });

  it('estimates the win probability from the closed deals, shrunk towards the stage probability, and stores it on a stage change', async () => {
    const r = await sales1.get(`/api/v1/records/deals/${open3.id}/probability`);
    expect(r.status).toBe(200);
    // 1 won of 3 closed, prior 10 % (prospecting) weighted as 5 deals: (1 + 0.5) / 8
    expect(r.body).toMatchObject({ probability: 0.1875, basis: { similar: 3, won: 1, lost: 2 } });
    expect(r.body.basis.factors.map((f: any) => f.factor)).toEqual(['all', 'kind', 'manager', 'stage_reached']);
    const moved = (await sales1.patch(`/api/v1/records/deals/${open3.id}`, { stage: 'qualification' }, { 'If-Match': `"${open3.version}"` })).body.data;
    // Prior 50 %: all (1 + 2.5) / 8 = 0.4375; the 2 that reached qualification, 1 won: (1 + 5 × 0.4375) / 7 = 0.4554
    expect(Number(moved.estimated_probability)).toBe(45.5);
    expect((await sales2.get(`/api/v1/records/deals/${open3.id}/probability`)).status).toBe(404);
  });

  it('ratio never divides by zero', () => {
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(0, 0)).toBe(0);
  });
});

describe('field rules on what deals tell', () => {
  it('keeps loss reasons and stage comments from whom the deals\' fields hide them', async () => {
    const lost = (await sales1.post('/api/v1/records/deals', { name: 'Lost with a comment', close_date: '2026-12-31', amount: '10' })).body.data;
    const closed = await sales1.patch(`/api/v1/records/deals/${lost.id}`, { status: 'lost', loss_reason: 'price', loss_comment: 'Конкурент дешевле на 20 %' }, { 'If-Match': `"${lost.version}"` });
    expect(closed.status, closed.raw).toBe(200);
    const comments = async () => (await sales1.get(`/api/v1/records/deals/${lost.id}/stage_history`)).body.data.map((h: any) => h.comment);
    expect(await comments()).toContain('Конкурент дешевле на 20 %');
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { deals: { loss_reason: 'hidden', loss_comment: 'hidden' } } })).status).toBe(200);
    try {
      expect(await comments()).not.toContain('Конкурент дешевле на 20 %');
      expect((await sales1.get(`/api/v1/analytics/funnel?deal_kind=${kind}`)).body.lost.by_reason).toEqual([]);
      expect((await manager.get(`/api/v1/analytics/funnel?deal_kind=${kind}`)).body.lost.by_reason.length).toBeGreaterThan(0);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });
});
