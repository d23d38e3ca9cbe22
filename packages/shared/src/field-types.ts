/** Field types of API.md. Each one is a plugin on the server (column, schema, operators, format). */
export const FIELD_TYPES = [
  'text', 'textarea', 'integer', 'decimal', 'money', 'percent', 'boolean', 'date', 'datetime',
  'email', 'phone', 'url', 'picklist', 'multipicklist', 'reference', 'owner', 'image', 'file', 'json',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FILTER_OPERATORS = [
  'eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'contains', 'starts_with', 'ends_with',
  'empty', 'not_empty', 'between', 'in_period', 'last_n_days', 'in_segment',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];
/** Operators on a reference (or `id`) whose value names a set of records kept elsewhere: a segment's current members. */
export const MEMBERSHIP_OPERATORS: FilterOperator[] = ['in_segment'];

const ORDERED: FilterOperator[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'between', 'empty', 'not_empty'];
const TEXTUAL: FilterOperator[] = ['eq', 'ne', 'in', 'nin', 'contains', 'starts_with', 'ends_with', 'empty', 'not_empty', 'lt', 'lte', 'gt', 'gte'];
/** Dates also take periods relative to today (`this_month`, the last 90 days). */
const DATED: FilterOperator[] = [...ORDERED, 'in_period', 'last_n_days'];
const CHOICE: FilterOperator[] = ['eq', 'ne', 'in', 'nin', 'empty', 'not_empty'];

/** Which filter operators each field type accepts (shared by the server compiler and the filter builder UI). */
export const OPERATORS_BY_TYPE: Record<FieldType, FilterOperator[]> = {
  text: TEXTUAL, textarea: ['contains', 'starts_with', 'ends_with', 'empty', 'not_empty', 'eq', 'ne'],
  email: TEXTUAL, phone: TEXTUAL, url: TEXTUAL,
  integer: ORDERED, decimal: ORDERED, money: ORDERED, percent: ORDERED,
  date: DATED, datetime: DATED,
  boolean: ['eq', 'ne', 'empty', 'not_empty'],
  picklist: CHOICE, multipicklist: ['eq', 'contains', 'in', 'empty', 'not_empty'],
  reference: CHOICE, owner: CHOICE,
  image: ['empty', 'not_empty'], file: ['empty', 'not_empty'], json: ['empty', 'not_empty'],
};

/** Types an administrator may give a custom field (json is for structured module data such as lines). */
export const CUSTOM_FIELD_TYPES: FieldType[] = FIELD_TYPES.filter((t) => t !== 'json');

/** Types whose values are sortable in lists. */
export const SORTABLE_TYPES: FieldType[] = [
  'text', 'email', 'phone', 'url', 'integer', 'decimal', 'money', 'percent', 'boolean', 'date',
  'datetime', 'picklist', 'reference', 'owner',
];

/**
 * Types an import cannot match duplicates on: a row's value and a stored one are compared as text, and amounts
 * (1234.5 / 1234.50), moments, lists, yes/no and files are not alike so. The server refuses them; the wizard hides them.
 */
export const UNMATCHABLE_TYPES: readonly FieldType[] = ['decimal', 'money', 'percent', 'datetime', 'multipicklist', 'json', 'image', 'file', 'boolean'];
