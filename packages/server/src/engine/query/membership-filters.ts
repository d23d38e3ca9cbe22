/**
 * Filter operators that test a reference against a set kept elsewhere (`in_segment`: the current members of a
 * segment). The engine knows only the shape; the area that keeps the set registers how to select it, so the engine
 * never imports a module. The subquery is set-based and bound: one `in (select …)` per condition, never a loop.
 */
import type { RawBuilder } from 'kysely';

/** The ids of the set named by `value` whose records are of one of `modules` (a subquery of one uuid column). */
export type MembershipSet = (value: string, modules: readonly string[]) => RawBuilder<unknown>;

const sets = new Map<string, MembershipSet>();

export function registerMembershipOperator(op: string, set: MembershipSet): void {
  sets.set(op, set);
}

export function membershipSet(op: string): MembershipSet | undefined {
  return sets.get(op);
}
