import { isUuid } from '@karta/shared';
import Decimal from 'decimal.js';
import { sql } from 'kysely';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { loadKind } from './deal-behaviour.js';
import { CURRENCY_CODE, reportCurrency } from './currency.js';
import { openStages } from './stage-rules.js';
import { companyCurrency } from '../../admin/company-routes.js';
import { RATE_CTES, rateJoins } from '../analytics/currency-rates.js';

export interface FunnelQuery { deal_kind?: string; from?: string; to?: string; assigned_to?: string; currency?: string; convert_to?: string }
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
 * Days are UTC days. Visibility is by owner, as the totals are kept. Money adds up within one currency: with
 * deals in several and no `currency` chosen, the amounts are null (the counts stand) and `currencies` lists
 * them. The statement is apart so the benchmark can run it as its direct-SQL floor.
 */
export function funnelStatements(ctx: RequestContext, q: FunnelQuery, company = '') {
  requirePermission(ctx, 'deals', 'view');
  const errors: FieldErrors = {};
  for (const k of ['from', 'to'] as const) if (q[k] !== undefined && !DATE.test(q[k]!)) errors[k] = 'must be a date YYYY-MM-DD';
  for (const k of ['deal_kind', 'assigned_to'] as const) if (q[k] && !isUuid(q[k]!)) errors[k] = 'must be an id';
  if (q.currency && !CURRENCY_CODE.test(q.currency)) errors.currency = 'must be a currency code such as RUB';
  if (q.convert_to && !CURRENCY_CODE.test(q.convert_to)) errors.convert_to = 'must be a currency code such as RUB';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid funnel query', errors);
  const vis = visibilityPredicate(ctx, 'deals', 'read', 'f');
  const where = sql`${vis ?? sql`true`}
    ${q.deal_kind ? sql`and f.deal_kind_id = ${q.deal_kind}` : sql``}
    ${q.assigned_to ? sql`and f.assigned_to = ${q.assigned_to}` : sql``}
    ${q.from ? sql`and f.day >= ${q.from}::date` : sql``}
    ${q.to ? sql`and f.day <= ${q.to}::date` : sql``}
    ${q.currency ? sql`and f.currency = ${q.currency}` : sql``}`;
  // One pass over the totals: a row per stage (or closing status and loss reason) and currency.
  // Converted: each day's money at that day's rate (the totals are kept per day and currency).
  const fx = q.convert_to ? rateJoins('fx', sql`coalesce(f.currency, ${company})`, sql`f.day`, q.convert_to, company) : null;
  const totals = sql<TotalsRow>`${fx ? sql`with ${RATE_CTES} ` : sql``}
    select f.closed, f.stage, f.loss_reason, ${fx ? sql`${q.convert_to!}::text` : sql`f.currency`} as currency, sum(f.entered)::int as entered, sum(f.moved_on)::int as moved_on,
      sum(f.dropped)::int as dropped, (sum(f.done_seconds) + sum(f.open_rows) * extract(epoch from now()) - sum(f.open_since))::float8 as seconds,
      ${fx ? sql`sum(f.amount * ${fx.factor})::text as amount, count(*) filter (where f.amount <> 0 and ${fx.factor} is null)::int as unrated`
        : sql`sum(f.amount)::text as amount, 0 as unrated`}
    from deal_funnel_totals f ${fx?.joins ?? sql``}
    where ${where}
    group by 1, 2, 3, 4 having sum(f.entered) > 0`;
  // The pipeline open now: the forecast (amount × probability) of the open deals in each stage.
  const ovis = visibilityPredicate(ctx, 'deals', 'read');
  const tfx = q.convert_to ? rateJoins('fx', sql`coalesce(t.currency, ${company})`, sql`coalesce(t.close_date, current_date)`, q.convert_to, company) : null;
  const forecast = sql<{ stage: string; currency: string | null; forecast: string }>`${tfx ? sql`with ${RATE_CTES} ` : sql``}
    select t.stage, ${tfx ? sql`${q.convert_to!}::text` : sql`t.currency`} as currency, coalesce(sum(t.forecast_amount${tfx ? sql` * ${tfx.factor}` : sql``}), 0)::text as forecast from deals t ${tfx?.joins ?? sql``}
    where t.deleted_at is null and t.status = 'open' ${ovis ? sql`and ${ovis}` : sql``}
      ${q.deal_kind ? sql`and t.deal_kind_id = ${q.deal_kind}` : sql``}
      ${q.assigned_to ? sql`and t.assigned_to = ${q.assigned_to}` : sql``}
      ${q.currency ? sql`and t.currency = ${q.currency}` : sql``}
    group by 1, 2`;
  return { totals, forecast };
}

interface TotalsRow { closed: string; stage: string; loss_reason: string; currency: string; entered: number; moved_on: number; dropped: number; seconds: number; amount: string; unrated: number }

/** Rows of one stage (or status and reason) summed over currencies. */
function fold(rows: TotalsRow[], key: (r: TotalsRow) => string) {
  const out = new Map<string, { entered: number; moved_on: number; dropped: number; seconds: number; amount: Decimal }>();
  for (const r of rows) {
    const k = key(r);
    const o = out.get(k) ?? { entered: 0, moved_on: 0, dropped: 0, seconds: 0, amount: new Decimal(0) };
    o.entered += r.entered; o.moved_on += r.moved_on; o.dropped += r.dropped; o.seconds += r.seconds; o.amount = o.amount.plus(r.amount ?? 0);
    out.set(k, o);
  }
  return out;
}

/** The funnel for a kind (its stages in order; the default stages when none is named). */
export async function funnel(ctx: RequestContext, q: FunnelQuery) {
  const company = await companyCurrency(ctx.db);
  if (q.convert_to === 'company') q = { ...q, convert_to: company };
  const st = funnelStatements(ctx, q, company);
  const [totals, open, kind] = await Promise.all([st.totals.execute(ctx.db), st.forecast.execute(ctx.db), loadKind(ctx, q.deal_kind)]);
  const { currency, currencies, mixed } = reportCurrency([...totals.rows.map((r) => r.currency), ...open.rows.map((r) => r.currency)], q.convert_to ?? q.currency);
  const forecastOf = (stage: string) => open.rows.filter((r) => r.stage === stage).reduce((sum, r) => sum.plus(r.forecast), new Decimal(0));
  // Money the caller's field rules hide is in no total (as on the kanban).
  const seen = (field: string) => ctx.registry.module('deals').fieldMap.has(field);
  const show = (d: Decimal) => (mixed || !seen('amount') ? null : d.toFixed(2));
  const showForecast = (d: Decimal) => (mixed || !seen('forecast_amount') ? null : d.toFixed(2));
  const byStage = fold(totals.rows.filter((r) => !r.closed), (r) => r.stage);
  const won = fold(totals.rows.filter((r) => r.closed === 'won'), () => 'won').get('won');
  const lostRows = totals.rows.filter((r) => r.closed === 'lost');
  const lost = fold(lostRows, () => 'lost').get('lost');
  const byReason = fold(lostRows, (r) => r.loss_reason);
  const order = openStages(kind).map((s) => s.name);
  const names = [...order, ...[...byStage.keys()].filter((s) => !order.includes(s)).sort()];
  return {
    stages: names.map((stage) => {
      const r = byStage.get(stage);
      const p = new Decimal(kind.stages.find((s) => s.name === stage)?.probability ?? 0);
      const amount = r?.amount ?? new Decimal(0);
      return {
        stage, entered: r?.entered ?? 0, moved_on: r?.moved_on ?? 0, conversion: ratio(r?.moved_on ?? 0, r?.entered ?? 0),
        dropped: r?.dropped ?? 0, avg_days: r ? Math.round((r.seconds / r.entered / 86400) * 100) / 100 : 0,
        amount: show(amount), weighted_amount: show(amount.times(p).div(100)), forecast_amount: showForecast(forecastOf(stage)),
      };
    }),
    won: { count: won?.entered ?? 0, amount: show(won?.amount ?? new Decimal(0)) },
    lost: {
      count: lost?.entered ?? 0, amount: show(lost?.amount ?? new Decimal(0)),
      // Reasons only for a reader who may see them on the deals.
      by_reason: ctx.registry.module('deals').fieldMap.has('loss_reason')
        ? [...byReason.entries()].map(([reason, r]) => ({ reason: reason || null, count: r.entered, amount: show(r.amount) })).sort((a, b) => b.count - a.count)
        : [],
    },
    forecast_amount: showForecast(open.rows.reduce((sum, r) => sum.plus(r.forecast), new Decimal(0))),
    currency, currencies,
    /** Converted: how many day-and-currency totals had no rate (left out of the amounts). */
    unrated: totals.rows.reduce((n, r) => n + Number(r.unrated ?? 0), 0),
  };
}
