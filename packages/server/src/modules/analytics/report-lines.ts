/**
 * Reports over document lines: a path `lines.<field>` on quotes, orders or invoices makes every counted line a row
 * (products sold by quantity, gross profit by deal). Lines live as JSON on their document, so they are unnested
 * in SQL beside it; the document's visibility and filter still decide which lines count.
 */
import { LINE_REPORT_FIELDS, LINES_PATH } from '@karta/shared/reports';
import { whereFields, type FieldDef, type Where } from '@karta/shared';
import { compileWhere } from '../../engine/query/filter-sql.js';
import { sql, type RawBuilder } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import type { ResolvedModule } from '../../engine/registry/registry.js';

/** The alias of the line rows beside the document `t`. */
export const LINE_ALIAS = 'ln';
const COSTED = new Set(['cost', 'gross_profit']);
const ITEMS = ['products', 'services'] as const;

/** Whether a module keeps line items the caller may read (quotes, sales orders, invoices, purchase orders). */
export function hasLines(m: ResolvedModule): boolean {
  return m.fieldMap.get(LINES_PATH)?.type === 'json' && m.fieldMap.has('grand_total');
}

/**
 * A line field the caller may use. Cost and gross profit tell the items' purchase cost, so they need it readable
 * on both products and services (field rules can hide it).
 */
export function lineField(ctx: RequestContext, name: string): FieldDef | undefined {
  const f = LINE_REPORT_FIELDS.find((x) => x.name === name);
  if (!f || (COSTED.has(name) && ITEMS.some((m) => !ctx.registry.has(m) || !ctx.registry.module(m).fieldMap.has('purchase_cost')))) return undefined;
  return f;
}

/** `line_where` in SQL over the line rows, checked like any filter (fields, operators, values). */
export function compileLineWhere(ctx: RequestContext, where: Where): { filter: RawBuilder<unknown> | null; use: LineUse } {
  const fields = LINE_REPORT_FIELDS.filter((f) => lineField(ctx, f.name));
  // The filter compiler reads only a module's name and fields.
  const lines = { name: LINES_PATH, fieldMap: new Map(fields.map((f) => [f.name, f])) } as unknown as ResolvedModule;
  const names = whereFields(where);
  return { filter: compileWhere(lines, where, ctx.lang, LINE_ALIAS, ctx.user.timeZone), use: { cost: names.includes('cost'), profit: names.includes('gross_profit') } };
}

export function lineExpr(name: string): RawBuilder<unknown> {
  return sql.ref(`${LINE_ALIAS}.${name}`);
}

/**
 * An item's purchase cost when it was put on the document `t` (line-costs.ts; else the catalogue's today; none
 * recorded: 0), when the caller may see the item; a hidden one's is unknown (null).
 */
function unitCost(ctx: RequestContext, module: (typeof ITEMS)[number]): RawBuilder<unknown> {
  const vis = visibilityPredicate(ctx, module, 'read', 'c');
  return sql`(select coalesce((select lc.unit_cost from line_costs lc where lc.document_id = t.id and lc.item_id = c.id), c.purchase_cost, 0)
    from ${sql.table(module)} c where c.id = (l->>'item_id')::uuid ${vis ? sql`and ${vis}` : sql``})`;
}

/** Which line values a report reads beyond the line itself. */
export interface LineUse { cost: boolean; profit: boolean }

/**
 * The lateral join of a document's counted lines (an alternative counts only when chosen), each with its item and
 * amounts; when asked for, its cost at the item's purchase cost when it was put on the document (a line without an item costs 0) and its gross
 * profit in the company's currency — the net converted by the document's rate join `toCompany`, less the cost.
 */
export function linesJoin(ctx: RequestContext, use: LineUse, toCompany: string | null): RawBuilder<unknown> {
  const item = (m: string) => sql`case when l->>'item_module' = ${m} and l->>'item_id' is not null then (l->>'item_id')::uuid end`;
  const cost = use.cost || use.profit
    ? sql`(l->>'quantity')::numeric * case when l->>'item_id' is null then 0 when l->>'item_module' = 'products' then ${unitCost(ctx, 'products')}
        when l->>'item_module' = 'services' then ${unitCost(ctx, 'services')} end`
    : sql`null::numeric`;
  const profit = use.profit && toCompany ? sql`(l->>'net')::numeric * ${sql.ref(`${toCompany}.f`)} - c.cost` : sql`null::numeric`;
  return sql`cross join lateral (
    select ${item('products')} as product_id, ${item('services')} as service_id, l->>'description' as description,
      (l->>'quantity')::numeric as quantity, (l->>'list_price')::numeric as list_price, (l->>'net')::numeric as net,
      c.cost, ${profit} as gross_profit, e.n as line_no
    from jsonb_array_elements(case when jsonb_typeof(t.lines) = 'array' then t.lines else '[]'::jsonb end) with ordinality as e(l, n)
      cross join lateral (select ${cost} as cost) c
    where not (coalesce((l->>'is_alternative')::boolean, false) and not coalesce((l->>'is_selected')::boolean, false))
  ) ${sql.raw(LINE_ALIAS)}`;
}
