/** Deals of three kinds across the pipeline: open ones at every stage, won and lost ones over the last year, with their histories. */
import { create } from './create.js';
import { linkRelated } from '../../engine/records/related.js';
import type { AccountRef, GenContext } from './context.js';
import { backdateHistory, generateDealKinds, planPath, walkProcess, writeHistory } from './deal-history.js';
import { fill } from './people.js';
import { openStages } from '../../modules/sales/stage-rules.js';

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

/** Where demand came from, by weight; recommendations name who recommended. */
const CHANNELS: [string, number][] = [
  ['web_site', 25], ['cold_call', 15], ['partner_recommendation', 15], ['employee_recommendation', 10], ['exhibition', 10],
  ['social_network', 8], ['other', 5],
];

export async function generateDeals(g: GenContext, n: number): Promise<void> {
  const competitors = g.pools.accounts.filter((a) => a.type === 'competitor');
  const partners = g.pools.accounts.filter((a) => a.type === 'partner' || a.type === 'reseller');
  const kinds = await generateDealKinds(g);
  for (let i = 0; i < n; i++) {
    const account = pickAccount(g);
    const pack = account.company.pack;
    const staff = g.pools.contacts.filter((c) => c.account === account);
    const contact = staff.length ? g.r.pick(staff) : null;
    const item = g.pools.products.length ? g.r.pick(g.pools.products) : null;
    const product = item ? item.model ?? item.name : '';
    const name = fill(g.r.pick(pack.deals), { company: pack.brand(account.company.core), product });
    const { id: kindId, kind } = g.r.weighted(kinds.map((k) => [k, k.weight] as const));
    const status = STATUS_CYCLE[i % STATUS_CYCLE.length];
    const open = openStages(kind).map((s) => s.name);
    const current = status === 'open' && open.length
      ? g.r.weighted(OPEN_STAGES.filter(([s]) => open.includes(s)).map(([s, , w]) => [s, w] as const)) : null;
    const path = planPath(g, kind, status, current);
    // Closed deals closed during the last year; open ones are expected within half a year (a few are overdue).
    const closedDaysAgo = status === 'open' ? null : g.r.int(1, 360);
    const close = closedDaysAgo === null ? g.r.int(-20, 180) : -closedDaysAgo;
    const [min, max, step] = pack.amounts;
    const campaign = g.pools.campaigns.length && g.r.chance(0.2) ? g.r.pick(g.pools.campaigns) : null;
    const channel = campaign ? 'advertising' : g.r.weighted(CHANNELS);
    const recommender = channel === 'partner_recommendation' && partners.length ? g.r.pick(partners).id : null;
    const amount = g.r.money(min, max, step);
    const lost = status === 'lost' ? {
      loss_reason: g.r.weighted(LOSS_REASONS),
      winning_competitor_id: competitors.length && g.r.chance(0.4) ? g.r.pick(competitors).id : null,
    } : { loss_reason: null, winning_competitor_id: null };
    const values = {
      name, deal_kind_id: kindId, account_id: account.id, contact_id: contact?.id ?? null, close_date: g.cal.date(close),
      amount, currency: pack.currency,
      deal_type: g.r.weighted([['new_business', 60], ['existing_business', 40]]),
      next_step: status === 'open' ? g.r.pick(pack.nextSteps) : null,
      lead_source: campaign ? 'campaign' : g.r.pick(SOURCES), campaign_id: campaign?.id ?? null,
      interest_channel: channel, interest_source_id: campaign?.id ?? recommender,
      interest_source_user_id: channel === 'employee_recommendation' ? g.r.pick(g.owners.users) : null,
      primary_demand: kind.mode === 'process' || g.r.chance(0.3) ? product || name : null,
      assigned_to: account.owner,
    };
    let d: string;
    if (kind.mode === 'process') {
      // A process starts at its first stage and moves one stage at a time, through the pipeline's rules.
      d = await create(g.ctx, 'deals', { ...values, contact_id: values.contact_id ?? g.r.pick(g.pools.contacts).id });
      await walkProcess(g, d, path, status, lost);
      await backdateHistory(g, d, closedDaysAgo);
    } else {
      d = await create(g.ctx, 'deals', { ...values, stage: status === 'open' ? current : null, status, ...lost });
      const mover = g.owners.users.includes(account.owner) ? account.owner : g.ctx.user.id;
      await writeHistory(g, { id: d, status, amount, owner: mover }, path, closedDaysAgo);
    }
    await addParticipants(g, d, competitors, partners, lost.winning_competitor_id, recommender);
    g.pools.deals.push({ id: d, name, pack, account, contact, owner: account.owner, status });
  }
}

/** Competitors (the winner of a lost deal among them) and partners take part in some deals. */
async function addParticipants(g: GenContext, deal: string, competitors: AccountRef[], partners: AccountRef[], winner: string | null, partner: string | null) {
  const rivals = new Set<string>(winner ? [winner] : []);
  if (competitors.length && g.r.chance(0.3)) rivals.add(g.r.pick(competitors).id);
  for (const id of rivals) await linkRelated(g.ctx, 'deals', deal, 'participants', { id, role: 'competitor' });
  const ally = partner ?? (partners.length && g.r.chance(0.1) ? g.r.pick(partners).id : null);
  if (ally) await linkRelated(g.ctx, 'deals', deal, 'participants', { id: ally, role: 'partner' });
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
