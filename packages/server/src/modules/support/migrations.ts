import type { Migration } from '../../engine/schema/core-migrations.js';

/** Support desk tables (versions 600–699): mailboxes and the ledger of mail taken from them. Append only. */
export const SUPPORT_MIGRATIONS: Migration[] = [
  {
    version: 600,
    name: 'support: mailboxes and the mail taken from them',
    statements: [
      `create table mailboxes (
        id uuid primary key, name text not null, host text not null, port int not null, tls boolean not null,
        username text not null, password_sealed text not null, folder text not null default 'INBOX',
        interval_minutes int not null default 5, unknown_senders text not null default 'create_contact',
        assign_to uuid, address text, move_to text, active boolean not null default true,
        owner_id uuid not null references users(id), last_polled_at timestamptz, last_error text, last_result jsonb,
        created_at timestamptz not null default now(), updated_at timestamptz not null default now())`,
      // The key a mail is processed once by: claimed in the transaction that makes its ticket.
      `create table mailbox_messages (
        mailbox_id uuid not null, message_key text not null, outcome text not null, ticket_id uuid, reason text,
        at timestamptz not null default now(), primary key (mailbox_id, message_key))`,
      `create index mailbox_messages_key on mailbox_messages(message_key)`,
    ],
  },
  {
    version: 601,
    name: 'support: the customer portal — its users, one-time links and sessions',
    statements: [
      `create table portal_users (
        id uuid primary key, contact_id uuid not null unique, email text not null unique, password_hash text,
        language text not null default 'en', active boolean not null default true,
        created_at timestamptz not null default now(), last_login_at timestamptz)`,
      // One-time set-password links: only their hash is kept.
      `create table portal_tokens (
        id text primary key, portal_user_id uuid not null references portal_users(id) on delete cascade,
        expires_at timestamptz not null, used_at timestamptz, created_at timestamptz not null default now())`,
      `create table portal_sessions (
        id text primary key, portal_user_id uuid not null references portal_users(id) on delete cascade,
        csrf_token text not null, created_at timestamptz not null default now(), last_seen_at timestamptz not null default now(),
        expires_at timestamptz not null)`,
    ],
  },
  {
    version: 602,
    name: 'mail: personal mailboxes and their messages',
    statements: [
      `alter table mailboxes add column user_id uuid references users(id) on delete cascade`,
      `create table personal_mail (
        id uuid primary key, user_id uuid not null references users(id) on delete cascade, mailbox_id uuid not null,
        message_key text not null, direction text not null, from_address text, from_name text, to_addresses text, cc_addresses text,
        subject text, body text, sent_at timestamptz not null, message_id text, in_reply_to text,
        email_id uuid, linked_module text, linked_id uuid, created_at timestamptz not null default now(),
        unique (mailbox_id, message_key))`,
      `create index personal_mail_user on personal_mail(user_id, sent_at desc, id desc)`,
    ],
  },
  {
    version: 603,
    name: 'support: incoming mail finds its thread and its sender by index',
    afterModuleTables: true,
    statements: [
      // An incoming reply names the Message-IDs it answers; each mail looks its sender up among contacts.
      `create index if not exists emails_message_id on emails (message_id) where message_id is not null`,
      `create index if not exists contacts_lower_email on contacts (lower(email)) where deleted_at is null`,
      `create index if not exists contacts_lower_secondary_email on contacts (lower(secondary_email)) where deleted_at is null`,
    ],
  },
];
