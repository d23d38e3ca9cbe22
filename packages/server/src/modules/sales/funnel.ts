import { isUuid } from '@karta/shared';
import Decimal from 'decimal.js';
import { sql } from 'kysely';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { AppError } from '../../platform/errors.js';
import { loadKind } from './deal-behaviour.js';
import { openStages } from './stage-rules.js';

export interface FunnelQuery { deal_kind?: string; from?: string; to?: string; assigned_to?: string }
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Share rounded to 4 places; 0 when nothing entered (no division by zero in a report). */
export function ratio(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}

/**
 * The sales funnel over the deals the caller may see, in SQL, from the running totals of the stage history
 * (funnel-totals.ts): per stage how many times deals entered it in the period (a deal that comes back to a
 * stage counts again), moved on from it (to another stage or won), dropped (were lost from it), the
 * conversion, the average days spent (a stage not yet left counts until now), the amount and the amount
 * weighted by the stage's probability; then won and lost deals by the day they closed, lost ones by reason.
 * Days are UTC days. Visibility is by owner, as the totals are kept. The statements are apart so the
 * benchmark can run them as its direct-SQL floor.
 */
export function funnelStatements(ctx: RequestContext, q: FunnelQuery) {
  requirePermission(ctx, 'deals', 'view');
  const errors: Record<string, string> = {};
  for (const k of ['from', 'to'] as const) if (q[k] !== undefined && !DATE.test(q[k]!)) errors[k] = 'must be a date YYYY-MM-DD';
  for (const k of ['deal_kind', 'assigned_to'] as const) if (q[k] && !isUuid(q[k]!)) errors[k] = 'must be an id';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid funnel query', errors);
  const vis = visibilityPredicate(ctx, 'deals', 'read', 'f');
  const where = sql`${vis ?? sql`true`}
    ${q.deal_kind ? sql`and f.deal_kind_id = ${q.deal_kind}` : sql``}
    ${q.assigned_to ? sql`and f.assigned_to = ${q.assigned_to}` : sql``}
    ${q.from ? sql`and f.day >= ${q.from}::date` : sql``}
    ${q.to ? sql`and f.day <= ${q.to}::date` : sql``}`;
  const stages = sql<{ stage: string; entered: number; moved_on: number; dropped: number; avg_days: number; amount: string | null }>`
    select f.stage, sum(f.entered)::int as entered, sum(f.moved_on)::int as moved_on, sum(f.dropped)::int as dropped,
      ((sum(f.done_seconds) + sum(f.open_rows) * extract(epoch from now()) - sum(f.open_since)) / sum(f.entered) / 86400)::float8 as avg_days,
      sum(f.amount)::text as amount
    from deal_funnel_totals f
    where ${where} and f.closed = ''
    group by f.stage having sum(f.entered) > 0`;
  const closed = sql<{ status: string; loss_reason: string | null; count: number; amount: string | null }>`
    select f.closed as status, nullif(f.loss_reason, '') as loss_reason, sum(f.entered)::int as count, sum(f.amount)::text as amount
    from deal_funnel_totals f
    where ${where} and f.closed <> ''
    group by 1, 2 having sum(f.entered) > 0`;
  return { stages, closed };
}

/** The funnel for a kind (its stages in order; the default stages when none is named). */
export async function funnel(ctx: RequestContext, q: FunnelQuery) {
  const st = funnelStatements(ctx, q);
  // Three small reads, side by side (each on its own pooled connection on PostgreSQL).
  const [stages, closed, kind] = await Promise.all([st.stages.execute(ctx.db), st.closed.execute(ctx.db), loadKind(ctx, q.deal_kind)]);
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
