import { SORTABLE_TYPES, parseSort, type SortKey, type Where } from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { visibilityPredicate } from '../access/permissions.js';
import type { ResolvedModule } from '../registry/registry.js';
import { collectRefs, inlineRefColumns, type Refs } from '../records/refs.js';
import { rowToRecord, selectColumns, selectedFields, type RecordJson } from '../records/serialize.js';
import { compileWhere } from './filter-sql.js';
import { afterCursor, decodeCursor, encodeCursor, orderBy, type OrderKey } from './keyset.js';
import { searchCondition } from './search-text.js';
import { checkableOnEachRow, checkedOnEachRow, explainPlan, intersectsNeedlessly } from './search-plan.js';
import { msg } from '../../platform/messages/say.js';

export interface ListParams {
  where?: Where;
  sort?: SortKey[] | string;
  limit?: number;
  cursor?: string;
  count?: boolean;
  fields?: string[];
  q?: string;
  /** Extra SQL the caller adds (related lists: the link to the parent record). */
  extra?: RawBuilder<unknown>;
  /** A join the caller adds (many-to-many related lists). */
  join?: RawBuilder<unknown>;
  extraColumns?: RawBuilder<unknown>;
}

export interface ListResult {
  data: RecordJson[];
  refs: Refs;
  next_cursor: string | null;
  total?: number;
}

/** Up to how many estimated matches a search is sorted in memory (see listRecords). */
export const SEARCH_SORT_IN_MEMORY = 3000;

const TEXT_SORT = new Set(['text', 'email', 'url', 'phone', 'picklist']);

/** Sort keys → ORDER BY expressions; text sorts ignore case; id breaks ties. */
export function orderKeys(m: ResolvedModule, sort: SortKey[]): OrderKey[] {
  const keys: OrderKey[] = sort.map((s, i) => {
    const f = m.fieldMap.get(s.field);
    if (!f || !SORTABLE_TYPES.includes(f.type)) {
      throw new AppError('VALIDATION_FAILED', msg('Cannot sort by "{field}"', { field: s.field }), { sort: msg('"{field}" is not a sortable field', { field: s.field }) });
    }
    const col = sql.ref(`t.${f.name}`);
    return { expr: TEXT_SORT.has(f.type) ? sql`lower(${col})` : col, desc: s.desc, alias: `__k${i}`, ...(f.type === 'boolean' ? { cast: 'boolean' as const } : {}) };
  });
  if (!sort.some((s) => s.field === 'id')) keys.push({ expr: sql.ref('t.id'), desc: sort[sort.length - 1]?.desc ?? false, alias: `__k${keys.length}` });
  return keys;
}

/** The base condition of every read of a module: live records the caller may see, plus filters. */
export function readConditions(ctx: RequestContext, m: ResolvedModule, where?: Where, q?: string, visibilityOnEachRow = false): RawBuilder<unknown>[] {
  const conds: RawBuilder<unknown>[] = [sql`t.deleted_at is null`];
  const vis = visibilityPredicate(ctx, m.name, 'read');
  if (vis) conds.push(visibilityOnEachRow ? checkedOnEachRow(vis) : vis);
  const filter = compileWhere(m, where, ctx.lang, 't', ctx.user.timeZone);
  if (filter) conds.push(filter);
  const search = q ? searchCondition(m, q) : null;
  if (search) conds.push(search);
  return conds;
}

export async function listRecords(ctx: RequestContext, m: ResolvedModule, p: ListParams): Promise<ListResult> {
  const limit = p.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new AppError('VALIDATION_FAILED', 'limit must be between 1 and 500', { limit: 'must be between 1 and 500' });
  }
  const sort = typeof p.sort === 'string' || p.sort === undefined ? parseSort(p.sort || m.list.sort || '-updated_at') : p.sort;
  const keys = orderKeys(m, sort);
  const fields = selectedFields(m, p.fields);
  const cursor = p.cursor ? afterCursor(keys, decodeCursor(p.cursor, keys.length)) : null;
  const conditions = (visibilityOnEachRow: boolean) => {
    const base = readConditions(ctx, m, p.where, p.q, visibilityOnEachRow);
    if (p.extra) base.push(p.extra);
    return { base, where: sql.join(cursor ? [...base, cursor] : base, sql` and `) };
  };
  let { base, where } = conditions(false);
  const keyCols = sql.join(keys.map((k) => sql`(${k.expr})::text as ${sql.id(k.alias)}`));
  const join = p.join ?? sql``;
  const extraCols = p.extraColumns ? sql`, ${p.extraColumns}` : sql``;
  const columns = sql`${selectColumns(fields)}, ${keyCols}${extraCols}`;
  // A search: the planner's estimate first. Matching few rows, all its matches come through the trigram index,
  // then sorted — not the sort order's own index walked row by row with the text compared on each (the planner
  // prices that as cheap); and visibility is checked on each match rather than intersected with the owner
  // index when that would read far more entries than the search matches (search-plan.ts).
  let few = false;
  if (p.q) {
    const plan = await explainPlan(ctx, sql`select 1 from ${sql.table(m.name)} t ${join} where ${where}`);
    few = (plan?.['Plan Rows'] ?? Infinity) <= SEARCH_SORT_IN_MEMORY;
    if (checkableOnEachRow(m) && intersectsNeedlessly(plan, m.name)) ({ base, where } = conditions(true));
  }
  const pageQuery = few
    ? sql`
      select * from (select ${columns}, ${sql.join(keys.map((k, i) => sql`${k.expr} as ${sql.id(`__o${i}`)}`))}
        from ${sql.table(m.name)} t ${join} where ${where} offset 0) s
      order by ${sql.join(keys.map((k, i) => sql`s.${sql.id(`__o${i}`)} ${sql.raw(k.desc ? 'desc' : 'asc')}`))} limit ${limit + 1}`
    : sql`
      select ${columns} from ${sql.table(m.name)} t ${join}
      where ${where} order by ${orderBy(keys)} limit ${limit + 1}`;
  // The references' labels are read for the page's rows only, after the limit, in the same statement.
  const refCols = inlineRefColumns(ctx, fields, 'p');
  const rowsQuery = refCols.length
    ? sql<Record<string, unknown>>`select p.*, ${sql.join(refCols)} from (${pageQuery}) p`
    : sql<Record<string, unknown>>`${pageQuery}`;
  const countQuery = p.count
    ? sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(m.name)} t ${join} where ${sql.join(base, sql` and `)}`
    : null;
  const [rowsResult, countResult] = await Promise.all([rowsQuery.execute(ctx.db), countQuery?.execute(ctx.db)]);
  const rows = rowsResult.rows;
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const data = page.map((r) => {
    const rec = rowToRecord(fields, r);
    if (r.__link !== undefined) rec.link = r.__link;
    return rec;
  });
  const last = page[page.length - 1];
  const refs = await collectRefs(ctx, m, data, page);
  return {
    data, refs,
    next_cursor: hasMore && last ? encodeCursor(keys.map((k) => last[k.alias] ?? null)) : null,
    ...(countResult ? { total: Number(countResult.rows[0].n) } : {}),
  };
}
