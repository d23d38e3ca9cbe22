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
  return typeof (w as Condition).field === 'string';
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
