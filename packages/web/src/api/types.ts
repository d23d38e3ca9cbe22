import type { FieldMeta, ModuleMeta, Where } from '@karta/shared';

export type { FieldMeta, ModuleMeta, Where };

export interface User {
  id: string;
  username: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  role_id: string | null;
  is_admin: boolean;
  language: string;
  /** The zone the user reads days in (reports, calendar); null: the company's. */
  time_zone?: string | null;
  active: boolean;
}

export interface Ref {
  module: string;
  number: string | null;
  label: string;
}
export type Refs = Record<string, Ref>;

/** A record as the API returns it: system fields plus the module's fields. */
export interface RecordData {
  id: string;
  number: string;
  version: number;
  assigned_to?: string | null;
  created_by?: string | null;
  created_at?: string;
  updated_at?: string;
  link?: Record<string, string | null>;
  [field: string]: unknown;
}

export interface ListResponse {
  data: RecordData[];
  refs: Refs;
  next_cursor: string | null;
  total?: number;
}

export interface ListQuery {
  where?: Where;
  sort?: string[];
  limit?: number;
  cursor?: string;
  count?: boolean;
  q?: string;
  fields?: string[];
}

export interface HistoryEntry {
  at: string;
  user: { id: string; label: string } | null;
  action: string;
  changes: Record<string, [unknown, unknown]>;
}

export interface SavedView {
  id: string;
  module: string;
  name: string;
  is_shared: boolean;
  owner_id: string;
  definition: { where?: Where; sort?: string[] | string; columns?: string[] };
}

export interface SearchHit {
  module: string;
  id: string;
  number: string;
  label: string;
  snippet?: string;
}

export interface Role {
  id: string;
  name: string;
  parent_id: string | null;
  permissions: Record<string, string[]>;
  profile_ids?: string[];
  require_2fa?: boolean;
}

/** A profile: module rights and per-field rules; a role's own profile (`role_id`) keeps its rights on the role. */
export interface Profile {
  id: string;
  name: string;
  description: string | null;
  role_id: string | null;
  modules: Record<string, string[]>;
  fields: Record<string, Record<string, 'hidden' | 'read_only'>>;
  roles: string[];
}

export interface Group {
  id: string;
  name: string;
  members: string[];
}

export interface NumberingRow {
  module: string;
  prefix: string;
  next_number: number;
}

export interface RecycleRow {
  id: string;
  number: string;
  label: string;
  deleted_at: string;
}
