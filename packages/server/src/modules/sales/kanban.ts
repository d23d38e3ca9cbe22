/**
 * `GET /analytics/kanban?deal_kind=<id>|none&assigned_to=&per_column=&stage=&offset=`: the deals board of one kind
 * (default: the default kind) — per stage the exact count and the money per currency (amount and forecast; never a
 * sum of unlike money), and the first cards with their owner, close date and next activity. Won and lost are the
 * deals closed in the last 30 days. Only deals the caller may see.
 */
import { isUuid } from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { collectRefs } from '../../engine/records/refs.js';
import type { RecordJson } from '../../engine/records/serialize.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { loadKind } from './deal-behaviour.js';
import { LOST, WON, openStages } from './stage-rules.js';
import Decimal from 'decimal.js';
import { companyCurrency } from '../../admin/company-routes.js';
import { RATE_CTES, rateJoins } from '../analytics/currency-rates.js';

export interface KanbanQuery { deal_kind?: string; assigned_to?: string; per_column?: string; stage?: string; offset?: string }
export interface MoneyTotal { currency: string | null; amount: string | null; forecast_amount: string | null }
export interface NextActivity { module: 'events' | 'tasks'; id: string; subject: string; at: string }

const CLOSED_DAYS = 30;
const CARD_FIELDS = sql`t.id, t.number, t.name, t.amount::text, t.currency, t.forecast_amount::text, t.close_date::text, t.assigned_to, t.account_id, t.stage, t.status, t.version, t.updated_at`;

/** Which column a deal stands in: its stage while open, won or lost once closed. */
const columnOf = sql`case t.status when 'won' then ${WON} when 'lost' then ${LOST} else t.stage end`;

export async function kanban(ctx: RequestContext, q: KanbanQuery) {
  requirePermission(ctx, 'deals', 'view');
  const errors: FieldErrors = {};
  if (q.deal_kind && q.deal_kind !== 'none' && !isUuid(q.deal_kind)) errors.deal_kind = 'must be a deal kind id or "none"';
  if (q.assigned_to && !isUuid(q.assigned_to)) errors.assigned_to = 'must be a user id';
  const perColumn = q.per_column === undefined ? 50 : Number(q.per_column);
  if (!Number.isInteger(perColumn) || perColumn < 1 || perColumn > 200) errors.per_column = 'must be 1 to 200';
  const offset = q.offset === undefined ? 0 : Number(q.offset);
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) errors.offset = 'must be 0 to 100000';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid kanban query', errors);

  const defaultKind = (await sql<{ id: string }>`select id from deal_kinds where is_default and deleted_at is null order by updated_at desc limit 1`.execute(ctx.db)).rows[0]?.id ?? null;
  const kindId = q.deal_kind === 'none' ? null : q.deal_kind ?? defaultKind;
  const kindRow = kindId ? (await sql<{ id: string; name: string; mode: string }>`select id, name, mode from deal_kinds where id = ${kindId} and deleted_at is null`.execute(ctx.db)).rows[0] : undefined;
  if (kindId && !kindRow) throw new AppError('VALIDATION_FAILED', 'Invalid kanban query', { deal_kind: 'no such deal kind' });
  const kind = await loadKind(ctx, kindId);
  const stages = [...(kind.mode === 'none' ? [] : openStages(kind).map((s) => s.name)), WON, LOST];
  // A stage the kind no longer lists is still a column while open deals stand in it (so its cards can be paged too).
  const orphan = async (stage: string) => (await sql`select 1 from deals where ${kindId ? sql`deal_kind_id = ${kindId}` : sql`deal_kind_id is null`}
    and stage = ${stage} and status = 'open' and deleted_at is null limit 1`.execute(ctx.db)).rows.length > 0;
  if (q.stage !== undefined && !stages.includes(q.stage) && !(await orphan(q.stage))) throw new AppError('VALIDATION_FAILED', 'Invalid kanban query', { stage: 'is not a column of this board' });

  const vis = visibilityPredicate(ctx, 'deals', 'read');
  const where: RawBuilder<unknown>[] = [sql`t.deleted_at is null`, kindId ? sql`t.deal_kind_id = ${kindId}` : sql`t.deal_kind_id is null`,
    // Won and lost: those closed in the last days — by when they closed (their current history entry), not by any later edit.
    sql`(t.status = 'open' or exists (select 1 from deal_stage_history h where h.deal_id = t.id and h.left_at is null and h.status = t.status
      and h.entered_at >= now() - make_interval(days => ${CLOSED_DAYS})))`];
  if (vis) where.push(vis);
  if (q.assigned_to) where.push(sql`t.assigned_to = ${q.assigned_to}`);
  if (q.stage !== undefined) where.push(sql`${columnOf} = ${q.stage}`);
  const cond = sql.join(where, sql` and `);
  // Besides the money per currency, all of it in the company currency at each deal's close date (where a rate is known).
  const company = await companyCurrency(ctx.db);
  const fx = rateJoins('fx', sql`coalesce(t.currency, ${company})`, sql`coalesce(t.close_date, current_date)`, company, company);

  const [totals, cards] = await Promise.all([
    sql<{ col: string; currency: string | null; n: number; amount: string; forecast: string; conv_amount: string | null; conv_forecast: string | null; unrated: number }>`
      with ${RATE_CTES}
      select ${columnOf} as col, t.currency, count(*)::int8 as n, coalesce(sum(t.amount), 0)::text as amount, coalesce(sum(t.forecast_amount), 0)::text as forecast,
        coalesce(sum(t.amount * ${fx.factor}), 0)::text as conv_amount, coalesce(sum(t.forecast_amount * ${fx.factor}), 0)::text as conv_forecast,
        count(*) filter (where t.amount is not null and ${fx.factor} is null)::int as unrated
      from deals t ${fx.joins} where ${cond} group by 1, 2 order by 1, 2`.execute(ctx.db),
    sql<Record<string, any>>`select * from (
        select ${CARD_FIELDS}, ${columnOf} as col,
          row_number() over (partition by ${columnOf} order by ${ctx.registry.module('deals').fieldMap.has('amount') ? sql`t.amount desc nulls last,` : sql``} t.id) as pos
        from deals t where ${cond}) x
      where x.pos > ${offset} and x.pos <= ${offset + perColumn} order by x.col, x.pos`.execute(ctx.db),
  ]);
  const next = await nextActivities(ctx, cards.rows.map((c) => c.id as string));
  // A stage the kind no longer lists still shows (as its own column), so no deal hides from the board.
  for (const r of totals.rows) if (!stages.includes(r.col)) stages.splice(stages.length - 2, 0, r.col);
  // Fields the caller's profiles hide are on no card, and money they may not see is in no total.
  const deals = ctx.registry.module('deals');
  const seen = (field: string) => deals.fieldMap.has(field);
  const money = (field: 'amount' | 'forecast_amount', value: string | null) => (seen(field) ? value : null);
  const columns = stages.filter((s) => q.stage === undefined || s === q.stage).map((stage) => {
    const rows = totals.rows.filter((r) => r.col === stage);
    const count = rows.reduce((n, r) => n + Number(r.n), 0);
    const mine = cards.rows.filter((c) => c.col === stage);
    return {
      stage, count,
      totals: rows.map((r): MoneyTotal => ({ currency: r.currency, amount: money('amount', r.amount), forecast_amount: money('forecast_amount', r.forecast) })),
      converted: {
        currency: company,
        amount: money('amount', rows.reduce((sum, r) => sum.plus(r.conv_amount ?? 0), new Decimal(0)).toFixed(2)),
        forecast_amount: money('forecast_amount', rows.reduce((sum, r) => sum.plus(r.conv_forecast ?? 0), new Decimal(0)).toFixed(2)),
        unrated: rows.reduce((n, r) => n + Number(r.unrated), 0),
      },
      cards: mine.map(({ col: _c, pos: _p, updated_at: _u, ...card }) => ({
        ...Object.fromEntries(Object.entries(card).filter(([k]) => seen(k) || k === 'currency')), next_activity: next.get(card.id as string) ?? null,
      })),
      more: count > offset + mine.length,
    };
  });
  const refs = await collectRefs(ctx, ctx.registry.module('deals'), cards.rows as RecordJson[]);
  return { kind: kindRow ?? null, default_kind: defaultKind, closed_days: CLOSED_DAYS, columns, refs };
}

/** The next thing to do about each deal: its earliest open task or upcoming event the caller may see. */
async function nextActivities(ctx: RequestContext, ids: string[]): Promise<Map<string, NextActivity>> {
  const out = new Map<string, NextActivity>();
  if (!ids.length) return out;
  const branches: RawBuilder<unknown>[] = [];
  // Only through fields the caller's profile shows: the link, the time and the state; a hidden subject is the number.
  const shows = (m: string, ...fields: string[]) => fields.every((f) => ctx.registry.module(m).fieldMap.has(f));
  const subject = (m: string) => (shows(m, 'subject') ? sql`t.subject` : sql`t.number`);
  if (can(ctx, 'events', 'view') && shows('events', 'related_to', 'start_at', 'status')) {
    const vis = visibilityPredicate(ctx, 'events', 'read');
    branches.push(sql`select 'events' as module, t.id, ${subject('events')} as subject, t.related_to, t.start_at as at from events t
      where t.related_to = any(${ids}::uuid[]) and t.deleted_at is null and t.start_at >= now()
        and coalesce(t.status, '') not in ('held', 'not_held', 'cancelled') ${vis ? sql`and ${vis}` : sql``}`);
  }
  if (can(ctx, 'tasks', 'view') && shows('tasks', 'related_to', 'due_date', 'status')) {
    const vis = visibilityPredicate(ctx, 'tasks', 'read');
    branches.push(sql`select 'tasks', t.id, ${subject('tasks')}, t.related_to, coalesce(t.due_date::timestamptz, t.created_at) from tasks t
      where t.related_to = any(${ids}::uuid[]) and t.deleted_at is null and coalesce(t.status, '') <> 'completed' ${vis ? sql`and ${vis}` : sql``}`);
  }
  if (!branches.length) return out;
  const r = await sql<{ module: 'events' | 'tasks'; id: string; subject: string; related_to: string; at: string }>`
    select distinct on (x.related_to) x.* from (${sql.join(branches, sql` union all `)}) x order by x.related_to, x.at`.execute(ctx.db);
  for (const row of r.rows) out.set(row.related_to, { module: row.module, id: row.id, subject: row.subject, at: new Date(row.at).toISOString() });
  return out;
}
