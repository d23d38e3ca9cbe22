/** Campaigns, leads and who took part in which campaign. */
import { create } from './create.js';
import { linkRelated } from '../../engine/records/related.js';
import type { GenContext } from './context.js';
import { PACKS, langAt } from './lang/index.js';
import { makeCompany, makePerson } from './people.js';

const LEAD_SOURCES: [string, number][] = [
  ['web_site', 20], ['web_form', 12], ['campaign', 15], ['cold_call', 10], ['trade_show', 8], ['conference', 6], ['partner', 6],
  ['word_of_mouth', 6], ['email', 5], ['existing_customer', 4], ['employee', 3], ['direct_mail', 2], ['public_relations', 2], ['other', 1],
];
const LEAD_STATUSES: [string, number][] = [
  ['not_contacted', 18], ['attempted_to_contact', 12], ['contacted', 16], ['contact_in_future', 8], ['warm', 10], ['hot', 7],
  ['pre_qualified', 8], ['qualified', 8], ['cold', 6], ['junk', 4], ['lost', 3],
];
const CHANNELS: Record<string, string> = { web_site: 'web_site', web_form: 'web_site', campaign: 'advertising', cold_call: 'cold_call', trade_show: 'exhibition', partner: 'partner_recommendation', employee: 'employee_recommendation' };
const INDUSTRIES = ['technology', 'retail', 'manufacturing', 'finance', 'construction', 'consulting', 'education', 'healthcare', 'shipping', 'food_beverage'];
const MEMBER_STATUS: [string, number][] = [['sent', 30], ['received', 20], ['opened', 15], ['clicked', 10], ['responded', 12], ['planned', 6], ['bounced', 4], ['unsubscribed', 3]];

/** All campaign names, the four languages interleaved. */
function campaignNames(): [string, string][] {
  const lists = Object.values(PACKS).map((p) => p.campaigns);
  const out: [string, string][] = [];
  for (let i = 0; out.length < lists.reduce((s, l) => s + l.length, 0); i++) for (const l of lists) if (l[i]) out.push(l[i]);
  return out;
}

export async function generateCampaigns(g: GenContext, n: number): Promise<void> {
  const names = campaignNames();
  for (let i = 0; i < n; i++) {
    const [base, type] = names[i % names.length];
    const name = i < names.length ? base : `${base} (${Math.floor(i / names.length) + 1})`;
    const end = g.r.int(-330, 90);
    const past = end < 0;
    const status = past ? g.r.weighted([['completed', 80], ['cancelled', 10], ['inactive', 10]]) : g.r.weighted([['active', 60], ['planning', 40]]);
    const budget = g.r.int(3, 60) * 10_000;
    const target = g.r.int(5, 200) * 100;
    const expectedResponses = Math.round(target * g.r.int(3, 12) / 100);
    const c = await create(g.ctx, 'campaigns', {
      name, status, campaign_type: type, product_id: g.pools.products.length ? g.r.pick(g.pools.products).id : null,
      target_audience: g.r.pick(langAt(i).audiences), sponsor: g.r.chance(0.3) ? g.r.pick(['Lenovo', 'HP', 'Dell', 'Kaspersky']) : null,
      target_size: target, expected_close_date: g.cal.date(end), sent_count: past || status === 'active' ? Math.round(target * 0.9) : null,
      budget_cost: budget.toFixed(2), actual_cost: past ? (budget * g.r.int(70, 115) / 100).toFixed(2) : status === 'active' ? (budget * 0.4).toFixed(2) : null,
      expected_response: g.r.pick(['excellent', 'good', 'average', 'poor']), expected_revenue: (budget * g.r.int(3, 15)).toFixed(2),
      expected_sales_count: g.r.int(5, 80), actual_sales_count: past ? g.r.int(0, 60) : null,
      expected_response_count: expectedResponses, actual_response_count: past ? Math.round(expectedResponses * g.r.int(40, 140) / 100) : null,
      expected_roi: String(g.r.int(50, 900)),
      assigned_to: g.r.pick(g.owners.marketing),
    });
    g.pools.campaigns.push({ id: c, name });
  }
}

export async function generateLeads(g: GenContext, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const pack = langAt(i + 3);
    const company = makeCompany(g.r, pack, g.usedNames);
    const p = makePerson(g.r, pack, company.domain);
    const source = g.r.weighted(LEAD_SOURCES);
    const campaign = source === 'campaign' && g.pools.campaigns.length ? g.r.pick(g.pools.campaigns) : null;
    const web = source === 'web_site' || source === 'web_form';
    const l = await create(g.ctx, 'leads', {
      salutation: g.r.chance(0.6) ? p.salutation : null, first_name: p.first, last_name: p.last, company: company.name,
      title: p.title, phone: company.phone, mobile: g.r.chance(0.7) ? p.mobile : null, email: p.email,
      website: g.r.chance(0.6) ? `https://${company.domain}` : null,
      lead_status: g.r.weighted(LEAD_STATUSES), industry: g.r.pick(INDUSTRIES), employees: g.r.int(2, 900),
      annual_revenue: g.r.chance(0.4) ? g.r.money(2_000_000, 300_000_000, 100_000) : null,
      rating: g.r.chance(0.5) ? g.r.pick(['active', 'acquired', 'market_failed']) : null, email_opt_out: g.r.chance(0.05),
      lead_source: source, interest_channel: CHANNELS[source] ?? null, campaign_id: campaign?.id ?? null,
      utm_source: web ? g.r.pick(['google', 'yandex', 'baidu', 'facebook', 'newsletter']) : null,
      utm_medium: web ? g.r.pick(['cpc', 'organic', 'email', 'referral']) : null,
      utm_campaign: web && campaign ? `cmp-${g.pools.campaigns.indexOf(campaign) + 1}` : null,
      street: company.address.street, city: company.address.city, region: company.address.region,
      postal_code: company.address.postal_code, country: company.address.country,
      assigned_to: g.r.pick(g.owners.marketing),
    });
    g.pools.leads.push({ id: l, lang: pack.lang });
    if (campaign) await linkRelated(g.ctx, 'campaigns', campaign.id, 'leads', { id: l, status: 'responded' });
  }
}

/** Campaign members: a handful of leads, contacts and accounts per campaign, each with a status. */
export async function linkCampaignMembers(g: GenContext): Promise<number> {
  let links = 0;
  for (const c of g.pools.campaigns) {
    const groups: [string, { id: string }[], number][] = [
      ['leads', g.pools.leads, g.r.int(2, 6)], ['contacts', g.pools.contacts, g.r.int(1, 4)], ['accounts', g.pools.accounts, g.r.int(0, 2)],
    ];
    for (const [relation, pool, k] of groups) {
      for (const m of g.r.sample(pool, k)) {
        await linkRelated(g.ctx, 'campaigns', c.id, relation, { id: m.id, status: g.r.weighted(MEMBER_STATUS) });
        links++;
      }
    }
  }
  return links;
}
