import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { forecastAmount } from './forecast.js';
import { say } from '../../platform/messages/say.js';
import { stageListErrors as rawErrors } from './deal-kind-behaviour.js';

const stageListErrors = (...a: Parameters<typeof rawErrors>) => Object.fromEntries(Object.entries(rawErrors(...a)).map(([k, v]) => [k, say(v, 'en')]));

let t: TestApp;
let admin: Client, sales1: Client;
beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1] = await Promise.all([t.login('admin'), t.login('sales1')]);
});
afterAll(() => t.close());

const deal = (extra: Record<string, unknown>) => sales1.post('/api/v1/records/deals', { name: 'Сделка', close_date: '2026-12-31', ...extra });

describe('forecast amount (pure)', () => {
  it('is amount × probability to the cent, null when either is unknown', () => {
    expect(forecastAmount('1000.00', '25')).toBe('250.00');
    expect(forecastAmount('333.33', '33.333')).toBe('111.11');
    expect(forecastAmount('0.05', '50')).toBe('0.03');
    expect(forecastAmount(null, '10')).toBeNull();
    expect(forecastAmount('10', null)).toBeNull();
  });
});

describe('a stage list of a kind’s own (pure)', () => {
  const fields = new Set(['amount', 'contact_id']);
  it('accepts any names with probabilities and required fields, refuses bad ones at their path', () => {
    expect(stageListErrors([{ name: 'Подача заявки', probability: 30, required_fields: ['amount'] }, { name: '签约' }], fields)).toEqual({});
    expect(stageListErrors([{ name: '' }, { name: 'a', probability: 120 }, { name: 'A' }, { name: 'b', required_fields: ['nope'] }, { name: 'c', colour: 'red' }], fields)).toEqual({
      'stages[0].name': 'is required', 'stages[1].probability': 'must be 0 to 100', 'stages[2].name': 'is used twice',
      'stages[3].required_fields': 'must name fields of deals', 'stages[4].colour': 'is not a stage property',
    });
    expect(stageListErrors('x', fields)).toEqual({ stages: 'must be a list of stages' });
  });
});

describe('deals get what a new user expects', () => {
  it('forecast_amount follows the amount and the probability on every change', async () => {
    const d = (await deal({ amount: '1000' })).body.data;
    expect(d).toMatchObject({ probability: '10.000', forecast_amount: '100.00' });
    const a = (await sales1.patch(`/api/v1/records/deals/${d.id}`, { amount: '2000' })).body.data;
    expect(a.forecast_amount).toBe('200.00');
    const p = (await sales1.patch(`/api/v1/records/deals/${d.id}`, { probability: '35' })).body.data;
    expect(p.forecast_amount).toBe('700.00');
    const s = (await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'negotiation_review' })).body.data;
    expect(s.forecast_amount).toBe('1600.00');
    const won = (await sales1.patch(`/api/v1/records/deals/${d.id}`, { status: 'won' })).body.data;
    expect(won.forecast_amount).toBe('2000.00');
    // Won with a stale probability sent along (a form resending the record): still the whole amount.
    const other = (await deal({ amount: '1000' })).body.data;
    const sure = (await sales1.patch(`/api/v1/records/deals/${other.id}`, { status: 'won', probability: '30' })).body.data;
    expect([sure.probability, sure.forecast_amount]).toEqual(['100.000', '1000.00']);
    const alone = (await sales1.patch(`/api/v1/records/deals/${other.id}`, { probability: '30' })).body.data;
    expect([alone.probability, alone.forecast_amount]).toEqual(['100.000', '1000.00']);
  });

  it('a new deal without a currency takes the company currency; without a kind, the default kind', async () => {
    expect((await deal({})).body.data.currency).toBe('RUB');
    await admin.put('/api/v1/settings/company', { currency: 'UAH' });
    expect((await deal({})).body.data.currency).toBe('UAH');
    const cny = (await deal({ currency: 'CNY' })).body.data;
    expect(cny.currency).toBe('CNY');
    // Cleared later, it is the company's again, never none (the funnel adds amounts by currency).
    expect((await admin.patch(`/api/v1/records/deals/${cny.id}`, { currency: null }, { 'If-Match': `"${cny.version}"` })).body.data.currency).toBe('UAH');
    const kind = (await admin.post('/api/v1/records/deal_kinds', { name: 'Тендер', mode: 'process', is_default: true,
      stages: [{ name: 'Подготовка заявки', probability: 20 }, { name: 'Подача заявки', probability: 40, required_fields: ['amount'] }, { name: 'Рассмотрение', probability: 70 }] })).body.data;
    const other = (await admin.post('/api/v1/records/deal_kinds', { name: 'Опт', mode: 'manual', is_default: true, stages: [{ name: 'Заявка' }] })).body.data;
    // Only one default: the newest.
    expect((await admin.get(`/api/v1/records/deal_kinds/${kind.id}`)).body.data.is_default).toBe(false);
    await admin.patch(`/api/v1/records/deal_kinds/${kind.id}`, { is_default: true });
    expect((await admin.get(`/api/v1/records/deal_kinds/${other.id}`)).body.data.is_default).toBe(false);
    const d = (await deal({})).body.data;
    expect(d).toMatchObject({ deal_kind_id: kind.id, stage: 'Подготовка заявки', probability: '20.000' });
  });

  it('a kind’s own stage names are used end to end: moves, required fields, the funnel', async () => {
    const kind = (await admin.get('/api/v1/records/deal_kinds?filter[name]=Тендер')).body.data[0];
    const d = (await deal({ deal_kind_id: kind.id })).body.data;
    expect((await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'Рассмотрение' })).status).toBe(400);
    expect((await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'Подача заявки' })).body.data).toMatchObject({ stage: 'Подача заявки', probability: '40.000' });
    const blocked = await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'Рассмотрение' });
    expect(blocked.status).toBe(400);
    expect(Object.keys(blocked.body.error.fields)).toEqual(['amount']);
    const ok = await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'Рассмотрение', amount: '500' });
    expect(ok.body.data).toMatchObject({ stage: 'Рассмотрение', probability: '70.000', forecast_amount: '350.00' });
    expect((await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'prospecting' })).status).toBe(400);
    const funnel = (await sales1.get(`/api/v1/analytics/funnel?deal_kind=${kind.id}&currency=UAH`)).body;
    expect(funnel.stages.map((s: any) => s.stage)).toEqual(['Подготовка заявки', 'Подача заявки', 'Рассмотрение']);
    // The deal of the previous test entered the first stage too.
    expect(funnel.stages.map((s: any) => s.entered)).toEqual([2, 1, 1]);
    // The forecast of the open pipeline, per stage and in all.
    expect(funnel.stages.map((s: any) => s.forecast_amount)).toEqual(['0.00', '0.00', '350.00']);
    expect(funnel.forecast_amount).toBe('350.00');
  });

  it('a kind with a bad stage list is refused at the path, nothing saved', async () => {
    const r = await admin.post('/api/v1/records/deal_kinds', { name: 'Плохой', mode: 'manual', stages: [{ name: 'x', probability: 300 }] });
    expect(r.status).toBe(400);
    expect(r.body.error.fields['stages[0].probability']).toBeTruthy();
    expect((await admin.get('/api/v1/records/deal_kinds?filter[name]=Плохой')).body.data).toEqual([]);
  });

  it('a lost deal keeps its comment with the lost entry of its history', async () => {
    const d = (await deal({ currency: 'USD' })).body.data;
    const lost = await sales1.patch(`/api/v1/records/deals/${d.id}`, { status: 'lost', loss_reason: 'price', loss_comment: 'Дорого на 15 %' });
    expect(lost.status).toBe(200);
    const h = (await sales1.get(`/api/v1/records/deals/${d.id}/stage_history`)).body.data;
    expect(h.at(-1)).toMatchObject({ status: 'lost', comment: 'Дорого на 15 %' });
    // A later edit that sends the whole deal back (an empty stage comment among it) keeps the loss comment there.
    expect((await sales1.patch(`/api/v1/records/deals/${d.id}`, { description: 'Итог', stage_comment: null })).status).toBe(200);
    expect((await sales1.get(`/api/v1/records/deals/${d.id}/stage_history`)).body.data.at(-1)).toMatchObject({ status: 'lost', comment: 'Дорого на 15 %' });
    expect((await sales1.patch(`/api/v1/records/deals/${d.id}`, { loss_comment: 'Дорого на 20 %' })).status).toBe(200);
    expect((await sales1.get(`/api/v1/records/deals/${d.id}/stage_history`)).body.data.at(-1)).toMatchObject({ comment: 'Дорого на 20 %' });
    const reopened = (await sales1.patch(`/api/v1/records/deals/${d.id}`, { status: 'open' })).body.data;
    expect(reopened.loss_comment).toBeNull();
  });
});
