import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { getRecord } from '../../engine/records/get.js';
import { funnel, type FunnelQuery } from './funnel.js';
import { interestReport } from './interest-report.js';
import { loadKind } from './deal-behaviour.js';
import { estimateFor } from './probability-data.js';
import { proposeNext, type DealState } from './stage-rules.js';

export async function salesRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Querystring: FunnelQuery }>('/analytics/funnel', async (req) => funnel(req.ctx, req.query));
  api.get<{ Querystring: { from?: string; to?: string; currency?: string } }>('/analytics/interest', async (req) => interestReport(req.ctx, req.query));
  api.get<{ Params: { id: string } }>('/records/deals/:id/probability', async (req) => {
    const { data: deal } = await getRecord(req.ctx, 'deals', req.params.id);
    return estimateFor(req.ctx, deal);
  });

  // In a process, the stage proposed next and what the current stage still needs before the deal may move on.
  api.get<{ Params: { id: string } }>('/records/deals/:id/next_stage', async (req) => {
    const { data: deal } = await getRecord(req.ctx, 'deals', req.params.id);
    return proposeNext(await loadKind(req.ctx, deal.deal_kind_id), deal as DealState);
  });

  // Every stage the deal entered, oldest first, with how long it stayed (days, to now for the current one).
  api.get<{ Params: { id: string } }>('/records/deals/:id/stage_history', async (req) => {
    await getRecord(req.ctx, 'deals', req.params.id);
    const r = await sql`select h.id::text, h.stage, h.status, h.amount::text, h.entered_at, h.left_at, h.user_id, h.comment,
        round((extract(epoch from coalesce(h.left_at, now()) - h.entered_at) / 86400)::numeric, 2)::float8 as days
      from deal_stage_history h where h.deal_id = ${req.params.id} order by h.id`.execute(req.ctx.db);
    return { data: r.rows };
  });

  // Accounts a lead probably is already: the same name, website domain or e-mail domain (only visible ones).
  api.get<{ Params: { id: string } }>('/records/leads/:id/duplicates', async (req) => {
    const { data: lead } = await getRecord(req.ctx, 'leads', req.params.id);
    const domain = (v: unknown) => (typeof v === 'string' ? v.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').split(/[/@]/).filter(Boolean).pop() ?? '' : '');
    const site = domain(lead.website);
    const mail = domain(lead.email);
    const name = String(lead.company ?? '').trim().toLowerCase();
    const vis = visibilityPredicate(req.ctx, 'accounts', 'read');
    const r = await sql`select t.id, t.number, t.name, t.website, t.email from accounts t
      where t.deleted_at is null ${vis ? sql`and ${vis}` : sql``} and (
        (${name} <> '' and lower(t.name) = ${name})
        or (${site} <> '' and lower(t.website) like ${'%' + site + '%'})
        or (${mail} <> '' and lower(t.email) like ${'%@' + mail})
        or (${mail} <> '' and lower(t.website) like ${'%' + mail + '%'}))
      order by t.updated_at desc limit 10`.execute(req.ctx.db);
    return { data: r.rows };
  });
}
