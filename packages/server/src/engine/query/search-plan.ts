import { sql, type RawBuilder } from 'kysely';
import { compileOnly } from '../../platform/db.js';
import { createHash } from 'node:crypto';
import type { RequestContext } from '../context.js';
import type { ResolvedModule } from '../registry/registry.js';

/**
 * How a search (`search_text like …`) should meet the caller's visibility (`assigned_to = any(…)`).
 *
 * For a user who sees a large share of a big table, PostgreSQL tends to intersect the trigram index's matches with
 * the owner index (a BitmapAnd) to visit fewer rows: it reads every index entry the user may see — 360,000 of them
 * for a sales manager at a million contacts, ~30 ms — to save visiting a few thousand rows (~5 ms). The planner
 * prices that read too cheaply. When its own estimates say the search matches far fewer rows than the user may see,
 * the visibility is better checked on each match than intersected: written `(…) is true`, which no index answers.
 */

/** An index entry read into a bitmap costs about this share of visiting one row of the table (measured, 1M contacts). */
const ENTRY_PER_ROW_VISIT = 1 / 30;

/** Below this many index entries (the planner's estimate) intersecting costs little: the planner's choice stands. */
export const MANY_ENTRIES = 20_000;

export interface PlanNode { 'Node Type'?: string; 'Index Name'?: string; 'Plan Rows'?: number; Plans?: PlanNode[] }

export async function explainPlan(ctx: RequestContext, query: RawBuilder<unknown>): Promise<PlanNode | null> {
  const r = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) ${query}`.execute(ctx.db);
  const raw = r.rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: PlanNode }[];
  return plan?.[0]?.Plan ?? null;
}

/**
 * Does the plan intersect the search index (`<table>_search`) with the owner index (`<table>_owner_updated`, alone or
 * beside the readers' index in a BitmapOr) when that reads many more entries than the search matches rows? Then
 * visiting the search's matches and checking visibility on each is cheaper. An intersection with a filter's index is
 * left to the planner: the rewrite would not remove it.
 */
export function intersectsNeedlessly(plan: PlanNode | null, table: string): boolean {
  if (!plan) return false;
  if (plan['Node Type'] === 'BitmapAnd') {
    const children = plan.Plans ?? [];
    const search = children.find((p) => p['Node Type'] === 'Bitmap Index Scan' && p['Index Name'] === `${table}_search`);
    const owners = children.reduce((n, p) => n + ownerEntries(p, table), 0);
    if (search && owners >= MANY_ENTRIES && (search['Plan Rows'] ?? Infinity) < owners * ENTRY_PER_ROW_VISIT) return true;
  }
  return (plan.Plans ?? []).some((p) => intersectsNeedlessly(p, table));
}

/** The entries a bitmap step reads for the owner predicate: the owner index's, or a BitmapOr holding it (readers). */
function ownerEntries(p: PlanNode, table: string): number {
  if (p['Node Type'] === 'Bitmap Index Scan') return p['Index Name'] === `${table}_owner_updated` ? p['Plan Rows'] ?? 0 : 0;
  if (p['Node Type'] !== 'BitmapOr' || !(p.Plans ?? []).some((c) => ownerEntries(c, table) > 0)) return 0;
  return (p.Plans ?? []).reduce((n, c) => n + (c['Plan Rows'] ?? 0), 0);
}

/** The visibility predicate as a check on each row: the same rows, but no index may answer it. */
export const checkedOnEachRow = (vis: RawBuilder<unknown>): RawBuilder<unknown> => sql`(${vis}) is true`;

/**
 * May a module's visibility be checked on each row? Not for a record that lives on another: its visibility is its
 * parent's, which the planner can then no longer join — it would run once per match, recursively.
 */
export const checkableOnEachRow = (m: ResolvedModule): boolean => !m.livesOn;

const broadCache = new Map<string, { broad: boolean; until: number }>();
const BROAD_TTL_MS = 10 * 60_000;

/** A share of a table's rows above which seeing them is "broad": a search's matches are mostly visible anyway. */
export const BROAD_SHARE = 0.25;

/**
 * Does the caller see many rows of this table and a large share of it (the planner's estimates, kept for ten
 * minutes per table and predicate)? Global search, which plans nothing ahead, checks such a caller's visibility on
 * each match: that costs at most visiting the matches the caller cannot see — under 3 in 4 — instead of reading
 * every row the caller can see from the owner index. Lists decide from their plan instead (intersectsNeedlessly).
 */
export async function broadVisibility(ctx: RequestContext, table: string, vis: RawBuilder<unknown>): Promise<boolean> {
  const compiled = vis.compile(compileOnly);
  // Hashed: a manager's owner list may run to thousands of ids.
  const key = createHash('sha1').update(`${table}\u0000${compiled.sql}\u0000${JSON.stringify(compiled.parameters)}`).digest('base64');
  const now = Date.now();
  const hit = broadCache.get(key);
  if (hit && hit.until > now) return hit.broad;
  const rows = async (cond: RawBuilder<unknown>) => (await explainPlan(ctx, sql`select 1 from ${sql.table(table)} t where t.deleted_at is null and ${cond}`))?.['Plan Rows'] ?? 0;
  const visible = await rows(vis);
  const broad = visible >= MANY_ENTRIES && visible >= BROAD_SHARE * (await rows(sql`true`));
  if (broadCache.size >= 5000) broadCache.clear();
  broadCache.set(key, { broad, until: now + BROAD_TTL_MS });
  return broad;
}
