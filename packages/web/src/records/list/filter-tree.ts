import { isCondition, type Condition, type Where } from '@karta/shared';

/** The filter builder edits a tree: conditions inside and/or groups (the filter language of saved views). */
export type FilterNode =
  | { kind: 'condition'; field: string; op: string; value?: unknown }
  | { kind: 'group'; mode: 'and' | 'or'; children: FilterNode[] }
  /** A segment rule's condition on related records (`{"related","where","agg","op","value"}`), kept as it is. */
  | { kind: 'related'; rule: Record<string, unknown> };

export function toTree(w: Where | undefined): FilterNode & { kind: 'group' } {
  if (!w) return { kind: 'group', mode: 'and', children: [] };
  const node = toNode(w);
  return node.kind === 'group' ? node : { kind: 'group', mode: 'and', children: [node] };
}

function toNode(w: Where): FilterNode {
  if ('related' in (w as object)) return { kind: 'related', rule: w as unknown as Record<string, unknown> };
  if (isCondition(w)) return { kind: 'condition', field: w.field, op: w.op, value: w.value };
  if ('and' in w) return { kind: 'group', mode: 'and', children: w.and.map(toNode) };
  return { kind: 'group', mode: 'or', children: (w as { or: Where[] }).or.map(toNode) };
}

/** Back to the filter language; empty groups and conditions without a field are dropped. */
export function toWhere(n: FilterNode): Where | undefined {
  if (n.kind === 'related') return n.rule.related ? (n.rule as unknown as Where) : undefined;
  if (n.kind === 'condition') {
    if (!n.field || !n.op) return undefined;
    const c: Condition = { field: n.field, op: n.op as Condition['op'] };
    if (n.op !== 'empty' && n.op !== 'not_empty') c.value = n.value;
    return c;
  }
  const parts = n.children.map(toWhere).filter((w): w is Where => !!w);
  if (!parts.length) return undefined;
  return n.mode === 'and' ? { and: parts } : { or: parts };
}

export function countConditions(w: Where | undefined): number {
  if (!w) return 0;
  if (isCondition(w)) return 1;
  const list = 'and' in w ? w.and : (w as { or: Where[] }).or;
  return list.reduce((n, c) => n + countConditions(c), 0);
}

/** Filters the GET form can carry (`filter[f][op]=v`, ANDed): used for export. Null when there is an or-group. */
export function flatConditions(w: Where | undefined): Condition[] | null {
  if (!w) return [];
  if (isCondition(w)) return [w];
  if ('and' in w) {
    const out: Condition[] = [];
    for (const c of w.and) {
      const flat = flatConditions(c);
      if (!flat) return null;
      out.push(...flat);
    }
    return out;
  }
  const ors = (w as { or: Where[] }).or;
  return ors.length === 1 ? flatConditions(ors[0]) : null;
}
