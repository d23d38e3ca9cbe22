import type { Migration } from '../../engine/schema/core-migrations.js';

/** Automation tables (versions 500–599): workflow runs, webhook deliveries, approvals. Append only. */
export const AUTOMATION_MIGRATIONS: Migration[] = [
  {
    version: 500,
    name: 'automation: every role may read e-mail templates',
    statements: [`update roles set permissions = permissions || '{"email_templates": ["view"]}'::jsonb where not permissions ? 'email_templates'`],
  },
  {
    version: 501,
    name: 'automation: workflow runs, webhook deliveries, approvals',
    statements: [
      `create table workflow_runs (
        id bigint generated always as identity primary key, workflow_id uuid not null, module text not null, record_id uuid,
        trigger text not null, status text not null, actions jsonb not null default '[]', error text, depth int not null default 0,
        started_at timestamptz not null default now(), duration_ms int)`,
      `create index workflow_runs_workflow on workflow_runs(workflow_id, id desc)`,
      `create index workflow_runs_record on workflow_runs(record_id, id desc)`,
      `create table webhook_deliveries (
        id bigint generated always as identity primary key, webhook_id uuid, url text not null, event text not null,
        payload jsonb not null, state text not null default 'pending', attempts int not null default 0,
        response_status int, error text, created_at timestamptz not null default now(), delivered_at timestamptz,
        next_attempt_at timestamptz, workflow_run_id bigint)`,
      `create index webhook_deliveries_webhook on webhook_deliveries(webhook_id, id desc)`,
      `create table approvals (
        id uuid primary key, process_id uuid not null, module text not null, record_id uuid not null,
        state text not null, step int not null default 0, approver_ids jsonb not null default '[]',
        submitted_by uuid not null, submitted_at timestamptz not null default now(), decided_at timestamptz, comment text)`,
      `create index approvals_record on approvals(record_id, submitted_at desc)`,
      `create unique index approvals_one_pending on approvals(record_id) where state = 'pending'`,
      `create index approvals_pending_approvers on approvals using gin (approver_ids jsonb_path_ops) where state = 'pending'`,
      `create table approval_history (
        id bigint generated always as identity primary key, approval_id uuid not null references approvals(id) on delete cascade,
        step int, user_id uuid, decision text not null, comment text, at timestamptz not null default now())`,
      `create index approval_history_approval on approval_history(approval_id, id)`,
      `create table sms_messages (
        id bigint generated always as identity primary key, to_number text not null, text text not null, provider text not null,
        state text not null, error text, module text, record_id uuid, user_id uuid, created_at timestamptz not null default now())`,
      `create index sms_messages_record on sms_messages(record_id, id desc)`,
    ],
  },
];
