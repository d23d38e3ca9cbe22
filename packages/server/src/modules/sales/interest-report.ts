import { sql } from 'kysely';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { collectRefs } from '../../engine/records/refs.js';
import type { RecordJson } from '../../engine/records/serialize.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { CURRENCY_CODE, reportCurrency } from './currency.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `GET /analytics/interest?from=&to=`: where demand comes from — per primary-interest channel the leads and
 * deals created in the period, deals won and their amount; per source (a campaign, account or contact) the
 * deals, wins and won amount,
 * a source being a campaign, account, contact or an employee. Only records the caller may see are counted.
 * `currency` narrows the deals to one currency; won amounts in several currencies, none chosen, are null.
 */
export async function interestReport(ctx: RequestContext, q: { from?: string; to?: string; currency?: string }) {
  requirePermission(ctx, 'deals', 'view');
  const errors: FieldErrors = {};
  for (const k of ['from', 'to'] as const) if (q[k] !== undefined && !DATE.test(q[k]!)) errors[k] = 'must be a date YYYY-MM-DD';
  if (q.currency && !CURRENCY_CODE.test(q.currency)) errors.currency = 'must be a currency code such as RUB';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid report query', errors);
  const from = q.from ?? '1970-01-01';
  const to = q.to ?? '9999-12-31';
  // The period's days on the reader's clock.
  const zone = ctx.user.timeZone ?? 'UTC';
  const period = sql`t.created_at >= (${from}::date)::timestamp at time zone ${zone} and t.created_at < (${to}::date + 1)::timestamp at time zone ${zone}`;
  const dv = visibilityPredicate(ctx, 'deals', 'read');
  const lv = visibilityPredicate(ctx, 'leads', 'read');
  // A deal's field the reader's profile hides counts as empty (a hidden channel groups under none, a hidden status wins nothing).
  const dealFields = ctx.registry.module('deals').fieldMap;
  const col = (f: string, type: string, column = f) => (dealFields.has(f) ? sql`${sql.ref(`t.${column}`)}` : sql`null::${sql.raw(type)}`);
  const deals = sql`select t.id, t.currency, ${col('interest_channel', 'text')} as interest_channel, ${col('status', 'text')} as status,
      ${col('amount', 'numeric')} as amount, ${col('interest_source_id', 'uuid')} as interest_source_id,
      ${col('interest_source_id', 'text', 'interest_source_id_module')} as interest_source_id_module, ${col('interest_source_user_id', 'uuid')} as interest_source_user_id
    from deals t where t.deleted_at is null and ${period} ${dv ? sql`and ${dv}` : sql``}
    ${q.currency ? sql`and t.currency = ${q.currency}` : sql``}`;
  // Leads count only for whom may view them and their channel.
  const leadsShown = can(ctx, 'leads', 'view') && ctx.registry.module('leads').fieldMap.has('interest_channel');
  const leads = sql`select t.* from leads t where ${leadsShown ? sql`true` : sql`false`} and t.deleted_at is null and ${period} ${lv ? sql`and ${lv}` : sql``}`;
  const channels = await sql<{ channel: string | null; leads: number; deals: number; won: number; won_amount: string }>`
    with d as (${deals}), l as (${leads}),
    c as (select interest_channel as channel from d union select interest_channel from l)
    select c.channel,
      (select count(*) from l where l.interest_channel is not distinct from c.channel)::int as leads,
      (select count(*) from d where d.interest_channel is not distinct from c.channel)::int as deals,
      (select count(*) from d where d.interest_channel is not distinct from c.channel and d.status = 'won')::int as won,
      (select coalesce(sum(d.amount), 0) from d where d.interest_channel is not distinct from c.channel and d.status = 'won')::numeric(18,2)::text as won_amount
    from c order by 3 desc, 2 desc`.execute(ctx.db);
  // A deal names its source as a record (campaign, account, contact) or as an employee; both are sources.
  const sources = await sql<{ module: string; id: string; deals: number; won: number; won_amount: string }>`
    with d as (${deals}), s as (
      select interest_source_id_module as module, interest_source_id as id, status, amount from d where interest_source_id is not null
      union all select 'users', interest_source_user_id, status, amount from d where interest_source_user_id is not null)
    select s.module, s.id, count(*)::int as deals,
      (count(*) filter (where s.status = 'won'))::int as won,
      coalesce(sum(s.amount) filter (where s.status = 'won'), 0)::numeric(18,2)::text as won_amount
    from s group by 1, 2 order by 3 desc, 4 desc limit 100`.execute(ctx.db);
  const won = await sql<{ currency: string | null }>`with d as (${deals}) select distinct currency from d where status = 'won'`.execute(ctx.db);
  const { currency, currencies, mixed } = reportCurrency(won.rows.map((r) => r.currency), q.currency);
  // Won deals in several currencies and none chosen: the counts, no sums of unlike money; nor any to whom amounts are hidden.
  const amount = (v: string) => (mixed || !ctx.registry.module('deals').fieldMap.has('amount') ? null : v);
  const labels = await sourceLabels(ctx, sources.rows);
  return {
    by_channel: channels.rows.map((r) => ({ ...r, won_amount: amount(r.won_amount) })),
    by_source: sources.rows.map((r) => ({ ...r, won_amount: amount(r.won_amount), label: labels[r.id]?.label ?? null })),
    currency, currencies,
  };
}

/** Labels of the sources the caller may see (an invisible account stays unnamed). */
function sourceLabels(ctx: RequestContext, rows: { module: string; id: string }[]) {
  const deals = ctx.registry.module('deals');
  const fake = rows.map((r) => (r.module === 'users' ? { interest_source_user_id: r.id } : { interest_source_id: r.id }));
  return collectRefs(ctx, deals, fake as RecordJson[], rows.map((r) => ({ interest_source_id_module: r.module })));
}
