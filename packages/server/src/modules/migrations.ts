import type { Migration } from '../engine/schema/core-migrations.js';
import { FUNNEL_TOTALS_MIGRATION } from './sales/funnel-totals.js';
import { ANALYTICS_MIGRATIONS } from './analytics/migrations.js';
import { AUTOMATION_MIGRATIONS } from './automation/migrations.js';
import { SUPPORT_MIGRATIONS } from './support/migrations.js';
import { MARKETING_MIGRATIONS } from './marketing/migrations.js';
import { PRICING_MIGRATIONS } from './pricing/migrations.js';
import { LINE_COSTS_MIGRATION } from './line-items/line-costs.js';

/**
 * System tables of module areas (stage history, stock movements, notifications, files…), applied after
 * the core ones in version order. Reserved versions: 100–199 sales, 200–299 inventory and documents,
 * 300–399 activities and collaboration, 400–499 analytics, 500–599 automation. Append only.
 */
export const MODULE_MIGRATIONS: Migration[] = [
  {
    version: 100,
    name: 'sales: deal stage history',
    statements: [
      `create table deal_stage_history (
        id bigint generated always as identity primary key, deal_id uuid not null, stage text, status text not null,
        amount numeric, entered_at timestamptz not null default now(), left_at timestamptz, user_id uuid, comment text)`,
      `create index deal_stage_history_deal on deal_stage_history(deal_id, id)`,
      `create index deal_stage_history_stage on deal_stage_history(stage, entered_at)`,
    ],
  },
  {
    version: 101,
    name: 'sales: the stage each history row moved on to (the funnel without a window over the whole history)',
    statements: [
      `alter table deal_stage_history add column next_stage text`,
      `update deal_stage_history h set next_stage = n.next_stage from (
        select id, lead(coalesce(stage, status)) over (partition by deal_id order by id) as next_stage from deal_stage_history) n
        where n.id = h.id and n.next_stage is not null`,
      `create index deal_stage_history_current on deal_stage_history(deal_id) where left_at is null`,
    ],
  },
  FUNNEL_TOTALS_MIGRATION,
  {
    version: 103,
    name: 'sales: the forecast of deals saved before it was kept (amount × probability)',
    afterModuleTables: true,
    statements: [`do $$ begin if to_regclass('deals') is not null then
      update deals set forecast_amount = round(amount * probability / 100, 2)
        where forecast_amount is null and amount is not null and probability is not null; end if; end $$`],
  },
  {
    version: 300,
    name: 'activities: a time zone per user',
    statements: [`alter table users add column time_zone text`],
  },
  {
    version: 302,
    name: 'activities: e-mail copies of notifications, a user setting',
    statements: [`alter table users add column email_notifications boolean not null default false`],
  },
  {
    version: 303,
    name: 'documents: uploaded files and the versions of a document',
    statements: [
      `create table files (
        id uuid primary key, name text not null, mime text not null, size bigint not null, sha256 text not null,
        storage_key text not null, created_by uuid, created_at timestamptz not null default now())`,
      `create table document_versions (
        id bigint generated always as identity primary key, document_id uuid not null, file_id uuid not null,
        label text, user_id uuid, created_at timestamptz not null default now())`,
      `create index document_versions_document on document_versions(document_id, id)`,
      `create index document_versions_file on document_versions(file_id)`,
    ],
  },
  {
    version: 304,
    name: 'activities: the job queue (reminders, due tasks) and personal reminders',
    statements: [
      `create table jobs (
        id bigint generated always as identity primary key, kind text not null, key text unique, payload jsonb not null default '{}',
        run_at timestamptz not null, attempts int not null default 0, max_attempts int not null default 5,
        done_at timestamptz, failed boolean not null default false, last_error text, created_at timestamptz not null default now())`,
      `create index jobs_due on jobs(run_at) where done_at is null`,
    ],
  },
  {
    version: 305,
    name: 'collaboration: who follows which record',
    statements: [
      `create table follows (user_id uuid not null, module text not null, record_id uuid not null,
        created_at timestamptz not null default now(), primary key (record_id, user_id))`,
      `create index follows_user on follows(user_id)`,
    ],
  },
  {
    version: 306,
    name: 'activities: personal iCalendar feeds (a hashed secret token per user)',
    statements: [`create table calendar_feeds (user_id uuid primary key, token_hash text not null unique, created_at timestamptz not null default now())`],
  },
  {
    version: 307,
    name: 'activities: invitees read their events (a GIN index for the visibility predicate)',
    afterModuleTables: true,
    statements: [`do $$ begin if to_regclass('events') is not null then
      create index if not exists events_invitee_ids on events using gin (invitee_ids jsonb_path_ops); end if; end $$`],
  },
  {
    version: 308,
    name: 'activities: notifications newest first by their time',
    statements: [`create index notifications_user_time on notifications(user_id, created_at desc, id desc)`],
  },
  {
    version: 301,
    name: 'activities: notifications',
    statements: [
      `create table notifications (
        id bigint generated always as identity primary key, user_id uuid not null references users(id) on delete cascade,
        kind text not null, module text, record_id uuid, label text, message text not null,
        created_at timestamptz not null default now(), read_at timestamptz)`,
      `create index notifications_user on notifications(user_id, id desc)`,
      `create index notifications_unread on notifications(user_id) where read_at is null`,
    ],
  },
  {
    version: 200,
    name: 'inventory: stock movements and low-stock alerts',
    statements: [
      `create table stock_movements (
        id bigint generated always as identity primary key, product_id uuid not null, document_module text not null,
        document_id uuid not null, delta numeric not null, qty_after numeric not null, user_id uuid, at timestamptz not null default now())`,
      `create index stock_movements_product on stock_movements(product_id, id)`,
      `create index stock_movements_document on stock_movements(document_id, product_id)`,
      `create table stock_alerts (
        id bigint generated always as identity primary key, product_id uuid not null, user_id uuid,
        qty numeric not null, reorder_level numeric not null, at timestamptz not null default now())`,
    ],
  },
  {
    version: 201,
    name: 'print: every role may read print templates (to print with them)',
    statements: [`update roles set permissions = permissions || '{"print_templates": ["view"]}'::jsonb where not permissions ? 'print_templates'`],
  },
  LINE_COSTS_MIGRATION,
  {
    version: 309,
    name: "activities: notices booked before they followed the owner's clock are booked again",
    // The zone_rebook job (modules/zone-rebook.ts) moves every pending notice to its owner's clock, a page at a time.
    statements: [`insert into jobs (kind, key, payload, run_at) values ('zone_rebook', 'zone_rebook:company', '{"user":null,"after":0}'::jsonb, now())
      on conflict (key) do update set payload = excluded.payload, run_at = excluded.run_at, done_at = null, attempts = 0, failed = false`],
  },
  ...ANALYTICS_MIGRATIONS,
  ...AUTOMATION_MIGRATIONS,
  ...SUPPORT_MIGRATIONS,
  ...MARKETING_MIGRATIONS,
  ...PRICING_MIGRATIONS,
];
