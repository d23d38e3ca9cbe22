/**
 * A campaign's results as its viewer may see them: members by status, responses, leads, attributed deals (the
 * campaign's own, which include those whose primary-interest source is the campaign), won deals and their revenue,
 * the actual cost, ROI = (won revenue − cost) / cost and cost per lead. The same deals and sum as the campaign ROI
 * report, under the same visibility predicate.
 */
import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import { getRecord } from '../../engine/records/get.js';

export interface CampaignResults {
  members: Record<string, Record<string, number>>;
  member_total: number;
  responses: number;
  leads: number;
  deals: number;
  won_deals: number;
  won_revenue: string | null;
  actual_cost: string | null;
  roi_percent: string | null;
  cost_per_lead: string | null;
}

const RESPONDED = ['responded', 'converted'];

export const cents = (v: string) => {
  const [whole, frac = ''] = v.split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '') || '0') * 100n + BigInt((frac + '00').slice(0, 2)));
};
/** a / b rounded half away from zero, read as hundredths: a decimal with two places. */
export function divide(a: bigint, b: bigint): string {
  const negative = (a < 0n) !== (b < 0n);
  const [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const q = (x * 2n + y) / (y * 2n);
  const s = (q / 100n).toString() + '.' + (q % 100n).toString().padStart(2, '0');
  return negative && q !== 0n ? `-${s}` : s;
}

/** ROI (in %) and cost per lead, exact to the cent: null where the divisor is zero or unknown. */
export function campaignFigures(wonRevenue: string, actualCost: string | null, leads: number): { roi_percent: string | null; cost_per_lead: string | null } {
  const cost = actualCost === null ? null : cents(actualCost);
  return {
    roi_percent: cost ? divide((cents(wonRevenue) - cost) * 10000n, cost) : null,
    cost_per_lead: cost !== null && leads > 0 ? divide(cost, BigInt(leads)) : null,
  };
}

/**
 * The won revenue and what follows from it — none to whom deals' amounts are hidden (their sum would tell them).
 */
export function wonFigures(ctx: RequestContext, revenue: string, actualCost: string | null, leads: number) {
  const wonRevenue = divide(cents(revenue), 1n);
  const figures = campaignFigures(wonRevenue, actualCost, leads);
  return ctx.registry.module('deals').fieldMap.has('amount')
    ? { won_revenue: wonRevenue, ...figures }
    : { won_revenue: null, ...figures, roi_percent: null };
}

export async function campaignResults(ctx: RequestContext, id: string): Promise<CampaignResults> {
  const { data: campaign } = await getRecord(ctx, 'campaigns', id);
  const visible = (module: string) => visibilityPredicate(ctx, module, 'read', 'r') ?? sql`true`;
  const members: Record<string, Record<string, number>> = {};
  let memberTotal = 0;
  let responses = 0;
  for (const module of ['leads', 'contacts', 'accounts']) {
    if (!can(ctx, module, 'view')) continue;
    const r = await sql<{ status: string | null; n: number }>`select coalesce(l.status, 'planned') as status, count(*)::int as n
      from ${sql.table(`campaign_${module}`)} l join ${sql.table(module)} r on r.id = l.${sql.id(`${module.slice(0, -1)}_id`)}
      where l.campaign_id = ${id} and r.deleted_at is null and ${visible(module)} group by 1`.execute(ctx.db);
    members[module] = Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
    for (const x of r.rows) {
      memberTotal += Number(x.n);
      if (RESPONDED.includes(String(x.status))) responses += Number(x.n);
    }
  }
  const leads = can(ctx, 'leads', 'view')
    ? Number((await sql<{ n: number }>`select count(*)::int as n from leads r where r.campaign_id = ${id} and r.deleted_at is null and ${visible('leads')}`.execute(ctx.db)).rows[0].n)
    : 0;
  const deals = can(ctx, 'deals', 'view')
    ? (await sql<{ n: number; won: number; revenue: string }>`select count(*)::int as n, count(*) filter (where r.status = 'won')::int as won,
        coalesce(sum(r.amount) filter (where r.status = 'won'), 0)::text as revenue
      from deals r where r.campaign_id = ${id} and r.deleted_at is null and ${visible('deals')}`.execute(ctx.db)).rows[0]
    : { n: 0, won: 0, revenue: '0' };
  const actualCost = campaign.actual_cost === null || campaign.actual_cost === undefined ? null : String(campaign.actual_cost);
  return {
    members, member_total: memberTotal, responses, leads, deals: Number(deals.n), won_deals: Number(deals.won),
    actual_cost: actualCost, ...wonFigures(ctx, String(deals.revenue), actualCost, leads),
  };
}
