import type { Migration } from '../../engine/schema/core-migrations.js';

/** Marketing tables (versions 700–799): web form submissions, mailing recipients, the suppression list. Append only. */
export const MARKETING_MIGRATIONS: Migration[] = [
  {
    version: 700,
    name: 'marketing: every web form submission with its outcome (spam refused, accepted with its lead)',
    statements: [
      `create table web_form_submissions (
        id bigint generated always as identity primary key, form_id uuid not null, address text not null, outcome text not null,
        lead_id uuid, at timestamptz not null default now())`,
      `create index web_form_submissions_form on web_form_submissions(form_id, at)`,
      `create index web_form_submissions_address on web_form_submissions(address, at)`,
    ],
  },
  {
    version: 701,
    name: 'marketing: the recipients of each mailing (the log of what was sent) and addresses never to mail again',
    statements: [
      `create table mailing_recipients (
        id bigint generated always as identity primary key, mailing_id uuid not null, module text not null, record_id uuid not null,
        address text not null, state text not null, error text, token text not null unique, email_id uuid, message_id text,
        queued_at timestamptz not null default now(), claimed_at timestamptz, sent_at timestamptz, opened_at timestamptz,
        clicked_at timestamptz, unsubscribed_at timestamptz)`,
      // One message per address per mailing, however many records share it.
      `create unique index mailing_recipients_address on mailing_recipients(mailing_id, lower(address))`,
      `create index mailing_recipients_queue on mailing_recipients(mailing_id, id) where state = 'queued'`,
      `create index mailing_recipients_record on mailing_recipients(record_id)`,
      `create index mailing_recipients_message on mailing_recipients(message_id) where message_id is not null`,
      `create table mail_suppressions (address text primary key, reason text not null, mailing_id uuid, at timestamptz not null default now())`,
      `alter table sms_messages add column provider_id text`,
      `alter table sms_messages add column mailing_id uuid`,
    ],
  },
  {
    version: 702,
    name: 'marketing: segment membership with since/until, so changes stay visible',
    statements: [
      `create table segment_members (
        id bigint generated always as identity primary key, segment_id uuid not null, record_id uuid not null,
        since timestamptz not null default now(), until timestamptz)`,
      `create unique index segment_members_current on segment_members(segment_id, record_id) where until is null`,
      `create index segment_members_record on segment_members(record_id) where until is null`,
    ],
  },
  {
    version: 703,
    name: 'marketing: personal invitations to surveys and events (token, sent, answered or RSVP, expiry)',
    statements: [
      `create table invitations (
        id bigint generated always as identity primary key, kind text not null, parent_id uuid not null, module text not null,
        record_id uuid not null, address text not null, language text not null default 'en', token text not null unique,
        status text not null, expires_at timestamptz, created_by uuid, created_at timestamptz not null default now(),
        sent_at timestamptz, error text, responded_at timestamptz, response_id uuid)`,
      `create unique index invitations_once on invitations(kind, parent_id, record_id)`,
      `create index invitations_unsent on invitations(kind, parent_id, id) where sent_at is null and error is null`,
      `create index invitations_record on invitations(record_id)`,
    ],
  },
  {
    version: 704,
    name: 'marketing: invitations go by e-mail or SMS',
    statements: [`alter table invitations add column channel text not null default 'email'`],
  },
  {
    version: 705,
    name: 'marketing: existing roles get claims as they have tickets, events and surveys as they have web forms',
    statements: [
      `update roles set permissions = permissions || jsonb_build_object('claims', permissions->'tickets') where permissions ? 'tickets' and not permissions ? 'claims'`,
      `update roles set permissions = permissions || jsonb_build_object('marketing_events', coalesce(permissions->'web_forms', '["view"]'::jsonb),
        'surveys', coalesce(permissions->'web_forms', '["view"]'::jsonb), 'survey_responses', '["view"]'::jsonb)
        where permissions ? 'mailings' and not permissions ? 'surveys'`,
    ],
  },
  {
    version: 706,
    name: 'marketing: unsubscribes by address (an undo looks for another mailing\'s unsubscribe of the address)',
    statements: [`create index mailing_recipients_unsubscribed on mailing_recipients (lower(address)) where unsubscribed_at is not null`],
  },
];
