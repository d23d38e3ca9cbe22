import type { Migration } from '../../engine/schema/core-migrations.js';

/**
 * The funnel's running totals: per owner, deal kind, currency, UTC day, stage (or closing status and loss
 * reason) the sums the funnel report needs, so it reads thousands of rows instead of the whole stage history.
 *
 * The totals are kept by statement triggers in the database, because the history and the deals it is
 * counted by are written from several places (the record pipeline, lead conversion, the demo and bench
 * loaders) and from several instances. Each trigger adds what its statement changed: a history row
 * counted with its deal as it is now, or a deal's history counted with the deal's new values minus its
 * old ones, so the totals always equal the report computed from the history itself (the test compares
 * them). Rows are upserted in key order so two writers never wait for each other in a circle.
 *
 * A history row counts as an entry into its stage (moved on or dropped by where it went next, its time
 * in the stage as finished seconds or, while it lasts, as the moment it began); the row a won or lost
 * deal is in now counts the deal under its status and loss reason. Deleted deals count nothing.
 */

/** The signed contribution of the history rows `h` counted with the deals `d` (SQL text for the migration). */
function contribution(history: string, deals: string, sign: number): string {
  return `
    select d.assigned_to, d.deal_kind_id, coalesce(d.currency, '') as currency, (h.entered_at at time zone 'UTC')::date as day,
      h.stage, '' as closed, '' as loss_reason,
      ${sign} as entered,
      ${sign} * (h.next_stage is not null and h.next_stage not in ('closed_lost', 'lost'))::int as moved_on,
      ${sign} * coalesce(h.next_stage in ('closed_lost', 'lost'), false)::int as dropped,
      ${sign} * coalesce(extract(epoch from h.left_at - h.entered_at), 0) as done_seconds,
      ${sign} * (h.left_at is null)::int as open_rows,
      ${sign} * case when h.left_at is null then extract(epoch from h.entered_at) else 0 end as open_since,
      ${sign} * coalesce(d.amount, 0) as amount
    from ${history} h join ${deals} d on d.id = h.deal_id
    where d.deleted_at is null and h.stage is not null and h.stage not in ('closed_won', 'closed_lost')
    union all
    select d.assigned_to, d.deal_kind_id, coalesce(d.currency, ''), (h.entered_at at time zone 'UTC')::date, '', d.status,
      case when d.status = 'lost' then coalesce(d.loss_reason, '') else '' end,
      ${sign}, 0, 0, 0, 0, 0, ${sign} * coalesce(d.amount, 0)
    from ${history} h join ${deals} d on d.id = h.deal_id
    where d.deleted_at is null and h.left_at is null and h.status in ('won', 'lost') and h.status = d.status`;
}

const KEY = 'assigned_to, deal_kind_id, currency, day, stage, closed, loss_reason';
const SUMS = ['entered', 'moved_on', 'dropped', 'done_seconds', 'open_rows', 'open_since', 'amount'];

/** One upsert adding the union of contributions, grouped and in key order. */
function addTotals(parts: string[]): string {
  return `insert into deal_funnel_totals (${KEY}, ${SUMS.join(', ')})
    select ${KEY}, ${SUMS.map((s) => `sum(${s})`).join(', ')}
    from (${parts.join('\n    union all')}) c
    group by ${KEY} order by ${KEY}
    on conflict (${KEY}) do update set ${SUMS.map((s) => `${s} = deal_funnel_totals.${s} + excluded.${s}`).join(', ')}`;
}

function triggerFunction(name: string, body: string): string {
  return `create or replace function ${name}() returns trigger language plpgsql as $fn$
    begin
      ${body};
      return null;
    end $fn$`;
}

// Deals whose counted values changed in an update statement, before and after.
const CHANGED = `(select o.id from old_deals o join new_deals n on n.id = o.id
  where (o.amount, o.currency, o.assigned_to, o.deal_kind_id, o.status, o.loss_reason, o.deleted_at)
    is distinct from (n.amount, n.currency, n.assigned_to, n.deal_kind_id, n.status, n.loss_reason, n.deleted_at))`;

export const FUNNEL_TOTALS_MIGRATION: Migration = {
  version: 102,
  name: 'sales: running totals of the funnel, kept by triggers on the stage history and the deals',
  afterModuleTables: true,
  statements: [
    `create table deal_funnel_totals (
      assigned_to uuid, deal_kind_id uuid, currency text not null, day date not null, stage text not null, closed text not null,
      loss_reason text not null,
      entered bigint not null, moved_on bigint not null, dropped bigint not null, done_seconds numeric not null,
      open_rows bigint not null, open_since numeric not null, amount numeric not null,
      unique nulls not distinct (${KEY}))`,
    `create index deal_funnel_totals_day on deal_funnel_totals (day)`,
    triggerFunction('deal_funnel_history_inserted', addTotals([contribution('new_rows', 'deals', 1)])),
    triggerFunction('deal_funnel_history_updated', addTotals([contribution('old_rows', 'deals', -1), contribution('new_rows', 'deals', 1)])),
    triggerFunction('deal_funnel_history_deleted', addTotals([contribution('old_rows', 'deals', -1)])),
    triggerFunction('deal_funnel_deals_updated', addTotals([
      contribution('deal_stage_history', `(select * from old_deals where id in ${CHANGED})`, -1),
      contribution('deal_stage_history', `(select * from new_deals where id in ${CHANGED})`, 1),
    ])),
    triggerFunction('deal_funnel_deals_deleted', addTotals([contribution('deal_stage_history', 'old_deals', -1)])),
    `create trigger deal_funnel_history_inserted after insert on deal_stage_history referencing new table as new_rows
      for each statement execute function deal_funnel_history_inserted()`,
    `create trigger deal_funnel_history_updated after update on deal_stage_history referencing old table as old_rows new table as new_rows
      for each statement execute function deal_funnel_history_updated()`,
    `create trigger deal_funnel_history_deleted after delete on deal_stage_history referencing old table as old_rows
      for each statement execute function deal_funnel_history_deleted()`,
    `create trigger deal_funnel_deals_updated after update on deals referencing old table as old_deals new table as new_deals
      for each statement execute function deal_funnel_deals_updated()`,
    `create trigger deal_funnel_deals_deleted after delete on deals referencing old table as old_deals
      for each statement execute function deal_funnel_deals_deleted()`,
    // What the history already holds.
    addTotals([contribution('deal_stage_history', 'deals', 1)]),
  ],
};
