import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { STANDARD_REPORTS } from '../analytics/standard-reports.js';
import { campaignFigures } from './campaign-results.js';
import { salesProfile } from '../../testing/sales-profile.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client, manager: Client;
let campaignId: string;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2, manager] = await Promise.all(['admin', 'sales1', 'sales2', 'manager'].map((u) => t.login(u)));
  campaignId = (await admin.post('/api/v1/records/campaigns', { name: 'Expo 2026', actual_cost: '10000.00' })).body.data.id;
  const other = (await admin.post('/api/v1/records/campaigns', { name: 'Other' })).body.data.id;
  const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Ромашка' })).body.data.id;
  const account2 = (await sales2.post('/api/v1/records/accounts', { name: 'ООО Лютик' })).body.data.id;
  // Four leads of the campaign (two from each rep); one converted.
  for (const [c, n] of [[sales1, 1], [sales1, 2], [sales2, 3], [sales2, 4]] as const) {
    const r = await c.post('/api/v1/records/leads', { last_name: `Lead ${n}`, company: `Co ${n}`, campaign_id: campaignId });
    expect(r.status, r.raw).toBe(201);
  }
  const deal = (c: Client, name: string, account_id: string, extra: Record<string, unknown>) =>
    c.post('/api/v1/records/deals', { name, account_id, close_date: '2026-11-30', ...extra }).then((r) => { expect(r.status, r.raw).toBe(201); return r.body.data; });
  // Attributed: the campaign's own deals, and one whose primary-interest source is the campaign.
  await deal(sales1, 'Won by campaign', account, { campaign_id: campaignId, stage: 'closed_won', amount: '25000.00' });
  await deal(sales1, 'Won by interest', account, { interest_source_id: campaignId, stage: 'closed_won', amount: '5000.50' });
  await deal(sales2, 'Won by sales2', account2, { campaign_id: campaignId, stage: 'closed_won', amount: '4000.00' });
  await deal(sales1, 'Open', account, { campaign_id: campaignId, stage: 'prospecting', amount: '99999.00' });
  // Not attributed.
  await deal(sales1, 'Other campaign', account, { campaign_id: other, stage: 'closed_won', amount: '77777.00' });
});
afterAll(() => t.close());

describe('campaign results', () => {
  it('attributes deals and computes ROI and cost per lead exactly, for whoever may see them all', async () => {
    const r = await admin.get(`/api/v1/campaigns/${campaignId}/results`);
    expect(r.status, r.raw).toBe(200);
    expect(r.body.data).toMatchObject({
      leads: 4, deals: 4, won_deals: 3, won_revenue: '34000.50', actual_cost: '10000.00',
      roi_percent: '240.01', cost_per_lead: '2500.00', responses: 4, member_total: 4,
    });
    expect(r.body.data.members.leads).toEqual({ responded: 4 });
    // The manager sees both reps: the same figures; each rep sees their own share.
    expect((await manager.get(`/api/v1/campaigns/${campaignId}/results`)).body.data.won_revenue).toBe('34000.50');
    const one = (await sales1.get(`/api/v1/campaigns/${campaignId}/results`)).body.data;
    expect(one).toMatchObject({ leads: 2, won_deals: 2, won_revenue: '30000.50', cost_per_lead: '5000.00' });
  });

  it('gives no won revenue nor ROI to whom deals\' amounts are hidden; the counts and cost per lead stand', async () => {
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { deals: { amount: 'hidden' } } })).status).toBe(200);
    try {
      const one = (await sales1.get(`/api/v1/campaigns/${campaignId}/results`)).body.data;
      expect(one).toMatchObject({ leads: 2, won_deals: 2, won_revenue: null, roi_percent: null, cost_per_lead: '5000.00' });
      const event = (await admin.post('/api/v1/records/marketing_events', { name: 'Выставка', event_type: 'seminar', start_date: '2026-11-01', actual_cost: '100.00', assigned_to: t.users.sales1 })).body.data;
      expect(event?.id).toBeTruthy();
      const results = (await sales1.get(`/api/v1/marketing_events/${event.id}/results`)).body.data;
      expect(results).toMatchObject({ won_revenue: null, roi_percent: null });
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('agrees with the campaign ROI report', async () => {
    const def = STANDARD_REPORTS.find((x) => x.key === 'campaign_roi')!.def;
    const report = await admin.post('/api/v1/reports/preview', def);
    expect(report.status, report.raw).toBe(200);
    const results = (await admin.get(`/api/v1/campaigns/${campaignId}/results`)).body.data;
    const group = report.body.groups.find((g: any) => g.key === campaignId);
    expect(group.aggregates).toMatchObject({ count: results.won_deals, sum_amount: results.won_revenue, 'max_campaign_id.actual_cost': results.actual_cost });
  });

  it('counts a converted lead as converted', async () => {
    const lead = (await sales1.post('/api/v1/records/leads', { last_name: 'Convert me', company: 'Conv Co', campaign_id: campaignId })).body.data;
    const conv = await sales1.post(`/api/v1/records/leads/${lead.id}/actions/convert`, { account: { create: true } });
    expect(conv.status, conv.raw).toBe(200);
    const r = (await admin.get(`/api/v1/campaigns/${campaignId}/results`)).body.data;
    expect(r.members.leads).toEqual({ responded: 4, converted: 1 });
    expect(r.responses).toBe(7); // 4 leads, the converted lead and the contact and account it became
  });

  it('has no ROI without a cost and no cost per lead without leads', () => {
    expect(campaignFigures('100.00', null, 3)).toEqual({ roi_percent: null, cost_per_lead: null });
    expect(campaignFigures('100.00', '0', 0)).toEqual({ roi_percent: null, cost_per_lead: null });
    expect(campaignFigures('0.00', '50.00', 2)).toEqual({ roi_percent: '-100.00', cost_per_lead: '25.00' });
    expect(campaignFigures('1.00', '3.00', 3)).toEqual({ roi_percent: '-66.67', cost_per_lead: '1.00' });
    expect(campaignFigures('10.01', '3.00', 3)).toEqual({ roi_percent: '233.67', cost_per_lead: '1.00' });
  });
});
