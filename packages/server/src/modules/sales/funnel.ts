import Decimal from 'decimal.js';
import { sql } from 'kysely';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { AppError } from '../../platform/errors.js';
import { loadKind } from './deal-behaviour.js';
import { LOST, WON, openStages } from './stage-rules.js';

export interface FunnelQuery { deal_kind?: string; from?: string; to?: string; assigned_to?: string }
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Share rounded to 4 places; 0 when nothing entered (no division by zero in a report). */
export function ratio(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}

/**
 * The sales funnel from the stage history, in SQL, over the deals the caller may see: per stage how many
 * deals entered it in the period, moved on (to a later stage or won), dropped (lost from it), the
 * conversion, the average days spent, the amount and the amount weighted by the stage's probability;
 * then won and lost deals closed in the period, lost ones by reason.
 */
export async function funnel(ctx: RequestContext, q: FunnelQuery) {
  requirePermission(ctx, 'deals', 'view');
  const errors: Record<string, string> = {};
  for (const k of ['from', 'to'] as const) if (q[k] !== undefined && !DATE.test(q[k]!)) errors[k] = 'must be a date YYYY-MM-DD';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid funnel query', errors);
  const from = q.from ?? '1970-01-01';
  const to = q.to ?? '9999-12-31';
  const vis = visibilityPredicate(ctx, 'deals', 'read');
  const deals = sql`select t.id, t.amount, t.loss_reason from deals t where t.deleted_at is null
    ${vis ? sql`and ${vis}` : sql``}
    ${q.deal_kind ? sql`and t.deal_kind_id = ${q.deal_kind}` : sql``}
    ${q.assigned_to ? sql`and t.assigned_to = ${q.assigned_to}` : sql``}`;
  const stages = await sql<{ stage: string; entered: number; moved_on: number; dropped: number; avg_days: number; amount: string | null }>`
    with d as (${deals}),
    h as (select h.deal_id, h.stage, h.entered_at, h.left_at, lead(h.stage) over (partition by h.deal_id order by h.id) as next_stage
          from deal_stage_history h join d on d.id = h.deal_id),
    per as (select stage, deal_id,
              bool_or(next_stage is not null and next_stage <> ${LOST}) as moved,
              bool_or(next_stage = ${LOST}) as dropped,
              sum(extract(epoch from coalesce(left_at, now()) - entered_at)) / 86400 as days
            from h where stage is not null and stage not in (${WON}, ${LOST})
              and entered_at >= ${from}::date and entered_at < ${to}::date + 1
            group by stage, deal_id)
    select per.stage, count(*)::int as entered, (count(*) filter (where moved))::int as moved_on,
      (count(*) filter (where dropped and not moved))::int as dropped, avg(days)::float8 as avg_days, sum(d.amount)::text as amount
    from per join d on d.id = per.deal_id group by per.stage`.execute(ctx.db);
  const closed = await sql<{ status: string; loss_reason: string | null; count: number; amount: string | null }>`
    with d as (${deals})
    select c.status, case when c.status = 'lost' then d.loss_reason end as loss_reason, count(*)::int as count, sum(d.amount)::text as amount
    from d join (select deal_id, status, max(entered_at) as at from deal_stage_history where status in ('won', 'lost') group by deal_id, status) c on c.deal_id = d.id
    join deals cur on cur.id = d.id and cur.status = c.status
    where c.at >= ${from}::date and c.at < ${to}::date + 1
    group by c.status, 2`.execute(ctx.db);

  const kind = await loadKind(ctx, q.deal_kind);
  const order = openStages(kind).map((s) => s.name);
  const byStage = new Map(stages.rows.map((r) => [r.stage, r]));
  const names = [...order, ...[...byStage.keys()].filter((s) => !order.includes(s)).sort()];
  const money = (v: string | null | undefined) => new Decimal(v ?? 0);
  const sum = (rows: typeof closed.rows) => rows.reduce((s, r) => s.plus(money(r.amount)), new Decimal(0));
  const won = closed.rows.filter((r) => r.status === 'won');
  const lost = closed.rows.filter((r) => r.status === 'lost');
  return {
    stages: names.map((stage) => {
      const r = byStage.get(stage);
      const p = new Decimal(kind.stages.find((s) => s.name === stage)?.probability ?? 0);
      const amount = money(r?.amount);
      return {
        stage, entered: r?.entered ?? 0, moved_on: r?.moved_on ?? 0, conversion: ratio(r?.moved_on ?? 0, r?.entered ?? 0),
        dropped: r?.dropped ?? 0, avg_days: r ? Math.round(r.avg_days * 100) / 100 : 0,
        amount: amount.toFixed(2), weighted_amount: amount.times(p).div(100).toFixed(2),
      };
    }),
    won: { count: won.reduce((s, r) => s + r.count, 0), amount: sum(won).toFixed(2) },
    lost: {
      count: lost.reduce((s, r) => s + r.count, 0), amount: sum(lost).toFixed(2),
      by_reason: lost.map((r) => ({ reason: r.loss_reason, count: r.count, amount: money(r.amount).toFixed(2) })).sort((a, b) => b.count - a.count),
    },
  };
}
