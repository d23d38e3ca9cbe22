import type { FieldType } from './field-types.js';
import type { I18nText } from './i18n.js';
import type { Where } from './filter.js';

export type Area = 'marketing' | 'sales' | 'inventory' | 'support' | 'activities' | 'analytics' | 'settings';
export type Sharing = 'private' | 'public_read' | 'public_read_write';
export const SHARING_LEVELS: Sharing[] = ['private', 'public_read', 'public_read_write'];
export const MODULE_ACTIONS = ['view', 'create', 'edit', 'delete', 'export', 'import', 'mass_edit'] as const;
export type ModuleAction = (typeof MODULE_ACTIONS)[number];

/**
 * The module's list as it opens: columns, sort and, where the working list leaves some records out (a converted
 * lead), the filter that does — shown as the list's filter, which the user may clear to see every record.
 */
export interface ModuleList {
  columns: string[];
  sort: string;
  where?: Where;
}

export interface PicklistOption {
  value: string;
  label: I18nText;
}

/** One field of a module, as declared in code (standard) or by an administrator (custom). */
export interface FieldDef {
  name: string;
  type: FieldType;
  label: I18nText;
  required?: boolean;
  /** Computed or system-maintained: rejected in writes. */
  readOnly?: boolean;
  /** picklist / multipicklist values. */
  options?: PicklistOption[];
  /** A multipicklist of any values (tags) instead of a fixed list. */
  freeValues?: boolean;
  /**
   * A picklist whose values come from elsewhere (a deal's stage from its kind's own list): any text is accepted
   * by the field and the module's behaviour checks it; `options` label the well-known values.
   */
  openOptions?: boolean;
  /** reference: the module(s) it may point to; more than one makes it polymorphic. */
  reference?: string[];
  /** What a new record starts with; a date field's `'today'` is the day it is made (see `initialValue`). */
  default?: string | number | boolean | null;
  /** Unique among live records (409 on a duplicate). */
  unique?: boolean;
  /** Included in module and global search. */
  searchable?: boolean;
  /** text: maximum length (default 255; textarea 65535). */
  maxLength?: number;
  /** Numbers: the smallest and largest value that makes sense (an amount is never negative, a probability ≤ 100). */
  min?: number;
  max?: number;
  /** Added by an administrator at run time. */
  custom?: boolean;
  /** Not shown in forms (kept for integrations and computed values). */
  hidden?: boolean;
}

export interface BlockDef {
  key: string;
  label: I18nText;
  fields: string[];
}

/**
 * A relation shown as a related list on a record page.
 * - `one_to_many`: records of `module` whose `field` points at this record.
 * - `many_to_many`: a link table between the two modules, optionally with a `linkField` (role, status).
 */
export interface RelationDef {
  name: string;
  module: string;
  kind: 'one_to_many' | 'many_to_many';
  label: I18nText;
  field?: string;
  /** A value on the link: a role or status (`options`), or a price (`type: 'money'`, e.g. a price book's list price). */
  linkField?: { name: string; label: I18nText; options: PicklistOption[]; type?: 'picklist' | 'money' };
  /** Shared link table name for many-to-many (both sides declare it with the same table). */
  table?: string;
  /**
   * The link is the other record's (a price book's prices): made, changed or removed from this side only by who may
   * change that record too.
   */
  ownedByOther?: boolean;
}

export interface ModuleDef {
  name: string;
  label: { one: I18nText; many: I18nText };
  area: Area;
  numberPrefix: string;
  /** Fields joined with a space make a record's label (contacts: first_name last_name). */
  titleFields: string[];
  fields: FieldDef[];
  blocks: BlockDef[];
  relations?: RelationDef[];
  list: ModuleList;
  /** Default sharing level for a new installation. */
  sharing: Sharing;
  /**
   * A reference field naming the record this one lives on (a comment on its record): a record of this module is
   * readable only while that record is — in every read path, whatever this module's own sharing says.
   */
  livesOn?: string;
  /**
   * A text field whose value, given on create, is the record's number instead of the next in the series (a loyalty
   * card's printed number); the API also takes it as `number`.
   */
  numberFrom?: string;
  /** A json list of user ids who may read a record besides those its owner's place in the roles lets (invitees). */
  readers?: string;
  /** Records whose activity shows on this one's timeline too (an account's contacts and deals): module and the field pointing here. */
  timelineRollup?: { module: string; field: string }[];
}

/** What `/api/v1/meta/modules` returns for one module (labels resolved to the caller's language). */
export interface ModuleMeta {
  name: string;
  label: { one: string; many: string };
  area: Area;
  number_prefix: string;
  title_field: string;
  title_fields: string[];
  fields: FieldMeta[];
  blocks: { key: string; label: string; fields: string[] }[];
  relations: { name: string; module: string; kind: string; label: string; field?: string; link_field?: { name: string; label: string; type: 'picklist' | 'money'; options: { value: string; label: string }[] } }[];
  list: ModuleList;
  sharing: Sharing;
  /** What the caller may do in the module (the web client shows only these menus and buttons). */
  allowed: ModuleAction[];
  /** Modules whose activity this one's timeline rolls up. */
  timeline_rollup?: string[];
}

export interface FieldMeta {
  name: string;
  type: FieldType;
  label: string;
  required: boolean;
  read_only: boolean;
  options?: { value: string; label: string }[];
  free_values?: boolean;
  open_options?: boolean;
  reference?: string[];
  default?: unknown;
  custom?: boolean;
  hidden?: boolean;
  max_length?: number;
  min?: number;
  max?: number;
  sortable: boolean;
  operators: string[];
}

/** A date field declared with this default starts as the day its record is made. */
export const TODAY_DEFAULT = 'today';

/** The value a new record's field starts with: its declared default, `'today'` of a date field resolved to `today`. */
export function initialValue(f: { type: string; default?: unknown }, today: string): unknown {
  return f.type === 'date' && f.default === TODAY_DEFAULT ? today : f.default;
}
