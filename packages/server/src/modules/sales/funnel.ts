import Decimal from 'decimal.js';
import { sql } from 'kysely';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { AppError } from '../../platform/errors.js';
import { loadKind } from './deal-behaviour.js';
import { LOST, WON, openStages } from './stage-rules.js';

export interface FunnelQuery { deal_kind?: string; from?: string; to?: string; assigned_to?: string }
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A report reads a few hundred thousand rows once: compiling it to machine code (JIT) costs more than it saves,
 * and its hash join wants more than the default work memory.
 */
export const FUNNEL_SETTINGS = ['set local jit = off', "set local work_mem = '32MB'"];

/** Share rounded to 4 places; 0 when nothing entered (no division by zero in a report). */
export function ratio(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}

/**
 * The sales funnel from the stage history, in SQL, over the deals the caller may see: per stage how many
 * times deals entered it in the period (a deal that comes back to a stage counts again), moved on from it
 * (to another stage or won), dropped (were lost from it), the
 * conversion, the average days spent, the amount and the amount weighted by the stage's probability;
 * then won and lost deals closed in the period, lost ones by reason. The statements are apart so the
 * benchmark can run them as its direct-SQL floor.
 */
export function funnelStatements(ctx: RequestContext, q: FunnelQuery) {
  requirePermission(ctx, 'deals', 'view');
  const errors: Record<string, string> = {};
  for (const k of ['from', 'to'] as const) if (q[k] !== undefined && !DATE.test(q[k]!)) errors[k] = 'must be a date YYYY-MM-DD';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid funnel query', errors);
  const from = q.from ?? '1970-01-01';
  const to = q.to ?? '9999-12-31';
  const vis = visibilityPredicate(ctx, 'deals', 'read');
  const deals = sql`t.deleted_at is null
    ${vis ? sql`and ${vis}` : sql``}
    ${q.deal_kind ? sql`and t.deal_kind_id = ${q.deal_kind}` : sql``}
    ${q.assigned_to ? sql`and t.assigned_to = ${q.assigned_to}` : sql``}`;
  // One pass over the history rows of the visible deals: each row is an entry into a stage, and knows where
  // the deal went next (next_stage, written when it left) — no window over the whole history.
  const stages = sql<{ stage: string; entered: number; moved_on: number; dropped: number; avg_days: number; amount: string | null }>`
    select h.stage, count(*)::int as entered,
      (count(*) filter (where h.next_stage is not null and h.next_stage not in (${LOST}, 'lost')))::int as moved_on,
      (count(*) filter (where h.next_stage in (${LOST}, 'lost')))::int as dropped,
      (avg(extract(epoch from coalesce(h.left_at, now()) - h.entered_at)) / 86400)::float8 as avg_days,
      sum(t.amount)::text as amount
    from deal_stage_history h join deals t on t.id = h.deal_id
    where ${deals} and h.stage is not null and h.stage not in (${WON}, ${LOST})
      and h.entered_at >= ${from}::date and h.entered_at < ${to}::date + 1
    group by h.stage`;
  // Closed deals: the row a deal entered when it was won or lost, if it still is.
  const closed = sql<{ status: string; loss_reason: string | null; count: number; amount: string | null }>`
    select t.status, case when t.status = 'lost' then t.loss_reason end as loss_reason, count(*)::int as count, sum(t.amount)::text as amount
    from deal_stage_history h join deals t on t.id = h.deal_id
    where ${deals} and h.left_at is null and h.status in ('won', 'lost') and h.status = t.status
      and h.entered_at >= ${from}::date and h.entered_at < ${to}::date + 1
    group by 1, 2`;
  return { stages, closed };
}

/** The funnel for a kind (its stages in order; the default stages when none is named). */
export async function funnel(ctx: RequestContext, q: FunnelQuery) {
  const st = funnelStatements(ctx, q);
  const { stages, closed } = await ctx.db.transaction().execute(async (trx) => {
    for (const setting of FUNNEL_SETTINGS) await sql.raw(setting).execute(trx);
    return { stages: await st.stages.execute(trx), closed: await st.closed.execute(trx) };
  });
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
