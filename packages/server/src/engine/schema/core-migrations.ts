/**
 * Versioned migrations of the system tables. Append only: a released migration never changes.
 * Module tables are planned from the registry (sync-module-tables.ts) after these run.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
  /** Runs after the module tables are planned (it reads or triggers on a module table such as deals). */
  afterModuleTables?: boolean;
}

export const CORE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'core: users, roles, groups, sessions, tokens, audit, numbering, custom fields',
    statements: [
      `create extension if not exists pg_trgm with schema public`,
      `create table roles (
        id uuid primary key, name text not null, parent_id uuid references roles(id),
        permissions jsonb not null default '{}', created_at timestamptz not null default now(),
        updated_at timestamptz not null default now())`,
      `create table users (
        id uuid primary key, username text not null unique, password_hash text not null,
        first_name text, last_name text, email text, role_id uuid references roles(id),
        is_admin boolean not null default false, language text not null default 'en',
        active boolean not null default true, created_at timestamptz not null default now(),
        updated_at timestamptz not null default now())`,
      `create table groups (id uuid primary key, name text not null unique, created_at timestamptz not null default now())`,
      `create table group_members (
        group_id uuid not null references groups(id) on delete cascade,
        user_id uuid not null references users(id) on delete cascade, primary key (group_id, user_id))`,
      `create index group_members_user on group_members(user_id)`,
      `create table sessions (
        id text primary key, user_id uuid not null references users(id) on delete cascade,
        csrf_token text not null, created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(), expires_at timestamptz not null)`,
      `create index sessions_user on sessions(user_id)`,
      `create table api_tokens (
        id uuid primary key, user_id uuid not null references users(id) on delete cascade, name text not null,
        token_hash text not null unique, created_at timestamptz not null default now(),
        last_used_at timestamptz, revoked_at timestamptz)`,
      `create table login_failures (key text not null, at timestamptz not null default now())`,
      `create index login_failures_key on login_failures(key, at)`,
      `create table module_sharing (module text primary key, level text not null)`,
      `create table module_numbering (module text primary key, prefix text not null, next_number bigint not null default 1)`,
      `create table custom_fields (
        module text not null, name text not null, type text not null, label jsonb not null,
        options jsonb, required boolean not null default false, reference jsonb,
        created_at timestamptz not null default now(), primary key (module, name))`,
      `create table audit_log (
        id bigint generated always as identity primary key, module text not null, record_id uuid not null,
        user_id uuid, action text not null, at timestamptz not null default now(), changes jsonb not null default '{}')`,
      `create index audit_log_record on audit_log(record_id, id)`,
      `create table saved_views (
        id uuid primary key, module text not null, name text not null, owner_id uuid not null references users(id) on delete cascade,
        is_shared boolean not null default false, definition jsonb not null, created_at timestamptz not null default now())`,
      `create index saved_views_module on saved_views(module, owner_id)`,
      `create table settings (key text primary key, value jsonb not null)`,
    ],
  },
  {
    version: 2,
    name: 'core: picklist values edited by administrators',
    statements: [
      `create table picklist_options (
        module text not null, field text not null, options jsonb not null,
        updated_at timestamptz not null default now(), primary key (module, field))`,
    ],
  },
  {
    version: 3,
    name: 'core: a finer sample of search_text in every module table (the trigram index for rare terms)',
    afterModuleTables: true,
    statements: [
      `do $$ declare r record; begin
        for r in select table_name from information_schema.columns
          where table_schema = current_schema() and column_name = 'search_text' loop
          execute format('alter table %I alter column search_text set statistics 1000', r.table_name);
          execute format('analyze %I (search_text)', r.table_name);
        end loop;
      end $$`,
    ],
  },
  {
    version: 4,
    name: 'core: module layouts edited by administrators; custom fields deleted but recoverable',
    statements: [
      `create table module_layouts (module text primary key, blocks jsonb not null, updated_at timestamptz not null default now())`,
      `alter table custom_fields add column deleted_at timestamptz`,
    ],
  },
  {
    version: 5,
    name: 'core: imports run in the background (their rows in chunks, what each created or changed, for undo) and saved column mappings',
    statements: [
      `create table imports (
        id uuid primary key, module text not null, user_id uuid not null, lang text not null default 'en',
        filename text not null, format text not null, encoding text, delimiter text, header jsonb not null default '[]',
        mapping jsonb not null default '{}', duplicates jsonb not null default '{}', state text not null,
        total int not null default 0, done int not null default 0, created int not null default 0, updated int not null default 0,
        skipped int not null default 0, failed int not null default 0, chunks int not null default 0, next_chunk int not null default 0,
        errors jsonb not null default '[]', last_error text, created_at timestamptz not null default now(),
        started_at timestamptz, finished_at timestamptz, undone_at timestamptz, undo_report jsonb)`,
      `create index imports_user on imports(user_id, created_at desc)`,
      `create table import_chunks (import_id uuid not null references imports(id) on delete cascade, n int not null, rows jsonb not null, primary key (import_id, n))`,
      `create table import_records (
        import_id uuid not null references imports(id) on delete cascade, record_id uuid not null, row_no int not null,
        action text not null, before jsonb, after jsonb, primary key (import_id, record_id))`,
      `create table import_mappings (
        id uuid primary key, module text not null, owner_id uuid not null references users(id) on delete cascade, name text not null,
        mapping jsonb not null, created_at timestamptz not null default now(), unique (module, owner_id, name))`,
    ],
  },
  {
    version: 6,
    name: 'core: a vTiger webservice access key per user (made when first shown)',
    statements: [`alter table users add column access_key text`],
  },
  {
    version: 7,
    name: 'core: the vTiger-compatible webservice (numeric ids kept stable per record, challenges, sessions)',
    statements: [
      `create sequence ws_id_seq start 1000000`,
      // A record may carry its vTiger number and one given here; the smaller (vTiger's) is the one shown.
      `create table ws_ids (module text not null, n bigint not null, record_id uuid not null, primary key (module, n))`,
      `create index ws_ids_record on ws_ids(record_id, n)`,
      `create table ws_challenges (user_id uuid primary key references users(id) on delete cascade, token text not null, expires_at timestamptz not null)`,
      `create table ws_sessions (
        id text primary key, user_id uuid not null references users(id) on delete cascade,
        created_at timestamptz not null default now(), last_seen_at timestamptz not null default now())`,
    ],
  },
  {
    version: 8,
    name: 'core: access hardening (profiles, sharing rules, two-factor sign-in, sign-in audit, sessions by device)',
    statements: [
      `alter table audit_log add column ip text`,
      `create index audit_log_admin on audit_log(module, at desc) where module in ('users', 'roles', 'groups', 'profiles', 'sharing', 'sharing_rules', 'settings', 'company', 'numbering', 'picklists', 'custom_fields', 'mailboxes', 'support_settings', 'currency_rates', 'tax_classes', 'workflows', 'module_layouts')`,
      `create table login_audit (
        id bigint generated always as identity primary key, at timestamptz not null default now(), user_id uuid,
        username text, event text not null, ip text, user_agent text, detail jsonb not null default '{}')`,
      `create index login_audit_at on login_audit(at desc)`,
      `create index login_audit_user on login_audit(user_id, at desc)`,
      `alter table sessions add column ip text, add column user_agent text, add column enroll_only boolean not null default false`,
      `alter table users add column totp_secret text, add column totp_enabled_at timestamptz, add column totp_last_step bigint,
        add column password_changed_at timestamptz`,
      `create table recovery_codes (
        user_id uuid not null references users(id) on delete cascade, code_hash text not null, used_at timestamptz,
        primary key (user_id, code_hash))`,
      `create table login_challenges (
        id text primary key, user_id uuid not null references users(id) on delete cascade, password_ok boolean not null,
        attempts int not null default 0, ip text, user_agent text, expires_at timestamptz not null)`,
      `create table profiles (
        id uuid primary key, name text not null unique, description text, modules jsonb not null default '{}',
        fields jsonb not null default '{}', role_id uuid references roles(id) on delete cascade,
        created_at timestamptz not null default now(), updated_at timestamptz not null default now())`,
      `alter table roles add column profile_ids jsonb not null default '[]', add column require_2fa boolean not null default false`,
      // Mass edit becomes its own right; whoever could edit could mass-edit.
      `update roles set permissions = coalesce((select jsonb_object_agg(k, case when v ? 'edit' and not v ? 'mass_edit' then v || '["mass_edit"]' else v end)
        from jsonb_each(permissions) as e(k, v)), '{}')`,
      // Today's behaviour, kept: each role gets its own profile, whose module rights are the role's permissions.
      `insert into profiles (id, name, role_id)
        select gen_random_uuid(), r.name || case when exists (select 1 from roles o where o.name = r.name and o.id < r.id) then ' ' || left(r.id::text, 8) else '' end,
          r.id from roles r`,
      `update roles r set profile_ids = jsonb_build_array(p.id::text) from profiles p where p.role_id = r.id`,
      `create table sharing_rules (
        id uuid primary key, module text not null, from_kind text not null, from_id uuid not null,
        to_kind text not null, to_id uuid not null, access text not null, created_at timestamptz not null default now())`,
      `create index sharing_rules_module on sharing_rules(module)`,
    ],
  },
  {
    version: 9,
    name: 'core: an access version bumped by every change to users, roles, profiles, groups and sharing rules',
    statements: [
      `create or replace function karta_bump_access_version() returns trigger language plpgsql as $fn$
        begin
          insert into settings (key, value) values ('access_version', '1'::jsonb)
            on conflict (key) do update set value = to_jsonb((settings.value #>> '{}')::bigint + 1);
          return null;
        end $fn$`,
      ...['users', 'roles', 'profiles', 'groups', 'group_members', 'sharing_rules'].map((t) =>
        `create trigger ${t}_access_version after insert or update or delete or truncate on ${t} for each statement execute function karta_bump_access_version()`),
    ],
  },
  {
    version: 10,
    name: 'core: write marks — where each user\'s last write ended in the WAL, so reads on a replica never miss it',
    statements: [
      `create table write_marks (user_id uuid primary key references users(id) on delete cascade, lsn pg_lsn not null, at timestamptz not null)`,
    ],
  },
  {
    version: 11,
    name: 'core: the audit log partitioned by month — what it held becomes one partition, later months get their own',
    statements: [
      `alter table audit_log rename to audit_log_legacy`,
      `do $mig$
        declare
          bound timestamptz;
          next_id bigint;
          had_user_index boolean := to_regclass('audit_log_user') is not null;
        begin
          -- The rows so far stay where they are: the old table becomes the partition of everything before this bound.
          select (date_trunc('month', greatest(now(), coalesce(max(at), now())) at time zone 'UTC') + interval '1 month') at time zone 'UTC',
            coalesce(max(id), 0) + 1 into bound, next_id from audit_log_legacy;
          alter index audit_log_record rename to audit_log_legacy_record;
          alter index audit_log_admin rename to audit_log_legacy_admin;
          if had_user_index then alter index audit_log_user rename to audit_log_legacy_user; end if;
          alter table audit_log_legacy drop constraint audit_log_pkey;
          alter table audit_log_legacy alter column id drop identity;
          execute format('create sequence audit_log_id_seq start %s', next_id);
          create table audit_log (
            id bigint not null default nextval('audit_log_id_seq'), module text not null, record_id uuid not null,
            user_id uuid, action text not null, at timestamptz not null default now(), changes jsonb not null default '{}',
            ip text, primary key (id, at)) partition by range (at);
          alter sequence audit_log_id_seq owned by audit_log.id;
          alter table audit_log_legacy add primary key (id, at);
          execute format('alter table audit_log attach partition audit_log_legacy for values from (minvalue) to (%L)', bound);
          -- A safety net: a row of a month without its partition yet lands here until maintenance gives it one.
          create table audit_log_default partition of audit_log default;
          create index audit_log_record on audit_log(record_id, id);
          create index audit_log_admin on audit_log(module, at desc) where module in ('users', 'roles', 'groups', 'profiles', 'sharing', 'sharing_rules', 'settings', 'company', 'numbering', 'picklists', 'custom_fields', 'mailboxes', 'support_settings', 'currency_rates', 'tax_classes', 'workflows', 'module_layouts');
          if had_user_index then create index audit_log_user on audit_log(user_id, id desc); end if;
        end $mig$`,
    ],
  },
  {
    version: 12,
    name: 'core: a smaller pending list for the trigram indexes of search_text (a search reads all of it)',
    afterModuleTables: true,
    statements: [
      // From the catalogs of this schema only (pg_indexes would render every index's definition, and one being
      // dropped by another session meanwhile fails the statement).
      `do $$ declare r record; begin
        for r in select ic.oid, ic.relname from pg_index x
          join pg_class ic on ic.oid = x.indexrelid join pg_am am on am.oid = ic.relam
          join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0]
          where ic.relnamespace = current_schema()::regnamespace and am.amname = 'gin' and a.attname = 'search_text' loop
          execute format('alter index %I set (gin_pending_list_limit = 256)', r.relname);
          perform gin_clean_pending_list(r.oid::regclass);
        end loop;
      end $$`,
    ],
  },
  {
    version: 13,
    name: 'core: a notification on every change that may end or alter a session or an API token (the embedded database keeps them in process)',
    // The same schema on both databases; on PostgreSQL nothing listens (each request reads its session), and the
    // notification costs a moment at the commit of these rare changes — sign-outs, revocations, access changes.
    statements: [
      `create or replace function karta_auth_changed() returns trigger language plpgsql as $fn$
        begin
          perform pg_notify('karta_auth', '');
          return null;
        end $fn$`,
      // Touching last_seen_at / last_used_at (at most once a minute per session) changes nothing a request relies on;
      // moving last_seen_at back may end a session (idle).
      `create trigger sessions_auth_changed after update on sessions for each row
        when ((to_jsonb(old) - 'last_seen_at') is distinct from (to_jsonb(new) - 'last_seen_at') or new.last_seen_at < old.last_seen_at)
        execute function karta_auth_changed()`,
      `create trigger sessions_auth_ended after delete or truncate on sessions for each statement execute function karta_auth_changed()`,
      `create trigger api_tokens_auth_changed after update on api_tokens for each row
        when ((to_jsonb(old) - 'last_used_at') is distinct from (to_jsonb(new) - 'last_used_at')) execute function karta_auth_changed()`,
      `create trigger api_tokens_auth_ended after delete or truncate on api_tokens for each statement execute function karta_auth_changed()`,
      // Everyone's access (users, roles, profiles, groups, sharing — migration 9) moves this version.
      `create trigger settings_access_changed after insert or update on settings for each row
        when (new.key = 'access_version') execute function karta_auth_changed()`,
    ],
  },
  {
    version: 14,
    name: 'core: an import reads dates day first (31.12.2026) or month first (12/31/2026), as its file was written',
    statements: [`alter table imports add column date_order text not null default 'day_first'`],
  },
  {
    version: 15,
    name: 'core: a webservice session keeps where its sync stopped inside a second (more than a page changed in it)',
    statements: [`alter table ws_sessions add column sync_cursor jsonb`],
  },
  {
    version: 16,
    name: 'core: what a vTiger migration last brought into each record, so a later run changes only what vTiger changed',
    statements: [`create table vtiger_migrated (record_id uuid primary key, body jsonb not null)`],
  },
  {
    version: 17,
    name: 'core: a migrated record remembers its vTiger id apart from webservice ids, and Karta gives its own ids above any vTiger\'s',
    statements: [
      `alter table vtiger_migrated add column module text, add column vt_n bigint`,
      // Brought over before: its vTiger id is the smallest webservice id it has (the one adopted from vTiger).
      `update vtiger_migrated v set module = w.module, vt_n = w.n
        from (select distinct on (record_id) record_id, module, n from ws_ids order by record_id, n) w where w.record_id = v.record_id`,
      `create unique index vtiger_migrated_vt on vtiger_migrated(module, vt_n)`,
      // A thousand million: past any vTiger's ids (so a later run never finds its new ids taken), within 32 bits.
      `select setval('ws_id_seq', greatest((select last_value from ws_id_seq), 1000000000))`,
    ],
  },
  {
    version: 18,
    name: 'core: a webservice user may hold several challenges at once (one asked by someone else never spends theirs)',
    statements: [`alter table ws_challenges drop constraint ws_challenges_pkey, add primary key (user_id, token)`],
  },
];
