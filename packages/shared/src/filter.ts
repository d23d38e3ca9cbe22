import type { FilterOperator } from './field-types.js';

/**
 * The one filter language of Karta: list filters, saved views, reports, workflows and segments.
 * A condition compares one field; groups combine conditions with and/or and nest freely.
 */
export interface Condition {
  field: string;
  op: FilterOperator;
  value?: unknown;
}
export type Where = Condition | { and: Where[] } | { or: Where[] };

export function isCondition(w: Where): w is Condition {
  // Tolerant of unchecked input (a null in a list): what is not an object is no condition.
  return typeof w === 'object' && w !== null && typeof (w as Condition).field === 'string';
}

/** The fields a filter names, at any depth (tolerant of unchecked input: what is not a filter names nothing). */
export function whereFields(w: unknown): string[] {
  if (!w || typeof w !== 'object') return [];
  const g = w as { and?: unknown; or?: unknown; field?: unknown };
  if (Array.isArray(g.and)) return g.and.flatMap(whereFields);
  if (Array.isArray(g.or)) return g.or.flatMap(whereFields);
  return typeof g.field === 'string' ? [g.field] : [];
}

/** `-updated_at,last_name` ⇄ [{field:'updated_at',desc:true},{field:'last_name',desc:false}] */
export interface SortKey {
  field: string;
  desc: boolean;
}

export function parseSort(sort: string | undefined): SortKey[] {
  if (!sort) return [];
  return sort.split(',').map((s) => s.trim()).filter(Boolean)
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), desc: true } : { field: s, desc: false }));
}

export function formatSort(keys: SortKey[]): string {
  return keys.map((k) => (k.desc ? '-' : '') + k.field).join(',');
}
