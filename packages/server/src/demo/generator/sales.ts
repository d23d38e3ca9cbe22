/** Deals across the pipeline: open ones at every stage, won and lost ones over the last year. */
import { create } from './create.js';
import { linkRelated } from '../../engine/records/related.js';
import type { AccountRef, GenContext } from './context.js';
import { fill } from './people.js';

/** Open stages with their usual probability. */
const OPEN_STAGES: [stage: string, probability: number, weight: number][] = [
  ['prospecting', 10, 16], ['qualification', 20, 15], ['needs_analysis', 25, 12], ['value_proposition', 30, 10],
  ['id_decision_makers', 40, 8], ['perception_analysis', 50, 6], ['proposal_price_quote', 65, 12], ['negotiation_review', 80, 10],
];
const LOSS_REASONS: [string, number][] = [
  ['price', 30], ['competitor', 25], ['no_budget', 15], ['no_decision', 10], ['timing', 8], ['product_fit', 6], ['lost_contact', 5], ['other', 1],
];
/** Deal outcomes in a fixed rotation (11 open, 5 won, 4 lost of 20), so even a few deals show all three. */
const STATUS_CYCLE = ['open', 'won', 'lost', 'open', 'open', 'won', 'open', 'lost', 'open', 'won', 'open', 'open', 'lost', 'won', 'open', 'open', 'lost', 'won', 'open', 'open'];
const SOURCES = ['web_site', 'cold_call', 'existing_customer', 'partner', 'trade_show', 'campaign', 'word_of_mouth', 'email'];
const ROLES: [string, number][] = [['decision_maker', 40], ['influencer', 25], ['evaluator', 20], ['user', 10], ['other', 5]];

/** Deals go mostly to customers and prospects. */
function pickAccount(g: GenContext): AccountRef {
  const buyers = g.pools.accounts.filter((a) => a.type === 'customer' || a.type === 'prospect' || a.type === 'reseller');
  return g.r.pick(buyers.length && g.r.chance(0.9) ? buyers : g.pools.accounts);
}

export async function generateDeals(g: GenContext, n: number): Promise<void> {
  const competitors = g.pools.accounts.filter((a) => a.type === 'competitor');
  for (let i = 0; i < n; i++) {
    const account = pickAccount(g);
    const pack = account.company.pack;
    const staff = g.pools.contacts.filter((c) => c.account === account);
    const contact = staff.length ? g.r.pick(staff) : null;
    const item = g.pools.products.length ? g.r.pick(g.pools.products) : null;
    const product = item ? item.model ?? item.name : '';
    const name = fill(g.r.pick(pack.deals), { company: pack.brand(account.company.core), product });
    const status = STATUS_CYCLE[i % STATUS_CYCLE.length];
    const [stage, probability] = status === 'won' ? ['closed_won', 100] : status === 'lost' ? ['closed_lost', 0]
      : g.r.weighted(OPEN_STAGES.map(([s, p, w]) => [[s, p] as [string, number], w]));
    // Closed deals closed during the last year; open ones are expected within half a year (a few are overdue).
    const close = status === 'open' ? g.r.int(-20, 180) : -g.r.int(1, 360);
    const [min, max, step] = pack.amounts;
    const campaign = g.pools.campaigns.length && g.r.chance(0.2) ? g.r.pick(g.pools.campaigns) : null;
    const d = await create(g.ctx, 'deals', {
      name, account_id: account.id, contact_id: contact?.id ?? null, stage, status, close_date: g.cal.date(close),
      amount: g.r.money(min, max, step), currency: pack.currency, probability: String(probability),
      deal_type: g.r.weighted([['new_business', 60], ['existing_business', 40]]),
      next_step: status === 'open' ? g.r.pick(pack.nextSteps) : null,
      lead_source: campaign ? 'campaign' : g.r.pick(SOURCES), campaign_id: campaign?.id ?? null,
      interest_channel: campaign ? 'advertising' : null, interest_source_id: campaign?.id ?? null,
      primary_demand: g.r.chance(0.3) ? product : null,
      loss_reason: status === 'lost' ? g.r.weighted(LOSS_REASONS) : null,
      winning_competitor_id: status === 'lost' && competitors.length && g.r.chance(0.4) ? g.r.pick(competitors).id : null,
      assigned_to: account.owner,
    });
    g.pools.deals.push({ id: d, name, pack, account, contact, owner: account.owner });
  }
}

/** Deal contacts with their role: the deal's contact and sometimes a colleague. */
export async function linkDealContacts(g: GenContext): Promise<number> {
  let links = 0;
  for (const d of g.pools.deals) {
    if (!d.contact) continue;
    await linkRelated(g.ctx, 'deals', d.id, 'contacts', { id: d.contact.id, role: 'decision_maker' });
    links++;
    const colleagues = g.pools.contacts.filter((c) => c.account === d.account && c !== d.contact);
    if (colleagues.length && g.r.chance(0.25)) {
      await linkRelated(g.ctx, 'deals', d.id, 'contacts', { id: g.r.pick(colleagues).id, role: g.r.weighted(ROLES.slice(1)) });
      links++;
    }
  }
  return links;
}
