import type { Migration } from '../../engine/schema/core-migrations.js';

/** Marketing tables (versions 700–799): web form submissions. Append only. */
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
];
