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
];
