import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { loadKind } from './deal-behaviour.js';
import { openStages } from './stage-rules.js';
import { estimateProbability, type ClosedDeal, type Estimate } from './probability.js';

/** How far along the kind's stages a list of stages got (index of the furthest open stage, -1 for none). */
const reachedIn = (order: string[], stages: (string | null)[]) => Math.max(-1, ...stages.map((s) => order.indexOf(s ?? '')));

/**
 * The estimate for a deal in the state `deal` (stored or about to be stored): the company's closed deals
 * (the latest 5,000 — win rates are statistics, not records, so visibility does not narrow them), with the
 * stage's own probability as the prior.
 */
export async function estimateFor(ctx: RequestContext, deal: Record<string, any>): Promise<Estimate> {
  const kind = await loadKind(ctx, deal.deal_kind_id);
  const order = openStages(kind).map((s) => s.name);
  const r = await sql<{ won: boolean; kind: string | null; manager: string | null; account: string | null; stages: (string | null)[]; participants: string[] }>`
    select d.status = 'won' as won, d.deal_kind_id as kind, d.assigned_to as manager, d.account_id as account,
      array(select h.stage from deal_stage_history h where h.deal_id = d.id) as stages,
      array(select c.contact_id from deal_contacts c where c.deal_id = d.id
            union all select p.account_id from deal_participants p where p.deal_id = d.id) as participants
    from deals d where d.deleted_at is null and d.status in ('won', 'lost') and d.id <> ${deal.id ?? '00000000-0000-0000-0000-000000000000'}
    order by d.updated_at desc limit 5000`.execute(ctx.db);
  const history: ClosedDeal[] = r.rows.map((x) => ({ won: x.won, kind: x.kind, manager: x.manager, account: x.account, participants: x.participants ?? [], reached: reachedIn(order, x.stages ?? []) }));
  const participants = deal.id
    ? (await sql<{ id: string }>`select contact_id as id from deal_contacts where deal_id = ${deal.id}
        union all select account_id from deal_participants where deal_id = ${deal.id}`.execute(ctx.db)).rows.map((x) => x.id)
    : [];
  const stageProbability = kind.stages.find((s) => s.name === deal.stage)?.probability;
  const prior = stageProbability !== undefined && stageProbability !== null && stageProbability !== '' ? Number(stageProbability) / 100 : 0.5;
  return estimateProbability({
    kind: deal.deal_kind_id ?? null, manager: deal.assigned_to ?? null, account: deal.account_id ?? null, participants,
    reached: order.indexOf(deal.stage ?? ''),
  }, history, prior);
}
