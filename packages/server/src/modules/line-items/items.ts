import type { Line } from '@karta/shared/lines';
import { sql } from 'kysely';
import { isUuid } from '@karta/shared';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';

export interface CatalogueItem {
  id: string; module: string; name: string; code: string | null; unit_price: string | null; tax_class: string | null;
  /** The usage unit's picklist value (шт., час…), printed on the lines. */
  unit: string | null;
  /** The item's list price in the document's price book, if it is in it. */
  book_price: string | null;
  /** A product's price group (offers grant discounts by it). */
  price_group: string | null;
}

/** Link tables of price books by item module (the price is on the link). */
const BOOK_LINKS: Record<string, { table: string; column: string }> = {
  products: { table: 'price_book_items', column: 'product_id' },
  services: { table: 'price_book_services', column: 'service_id' },
};

/** `module:id` of each line's item: how `loadItems` keys what it finds. */
export const itemKey = (l: { item_module?: unknown; item_id?: unknown }) => `${String(l.item_module)}:${String(l.item_id)}`;

/** The items of stored lines (a document's own, or the one it is made from). */
export function itemKeysOf(lines: unknown): Set<string> {
  const keys = new Set<string>();
  if (Array.isArray(lines)) for (const l of lines) if (l && typeof l === 'object' && isUuid(l.item_id) && l.item_module) keys.add(itemKey(l));
  return keys;
}

/**
 * The products and services the lines point at, if they exist and the caller may see them, with their price in
 * the document's price book — one statement. An item in `kept` (already on the document) still counts after it went
 * to the recycle bin: deleting a product must not lock every quote that sold it.
 */
export async function loadItems(ctx: RequestContext, lines: Pick<Line, 'item_id' | 'item_module'>[], priceBookId?: string | null, kept: Set<string> = new Set()): Promise<Map<string, CatalogueItem>> {
  const byModule = new Map<string, string[]>();
  // A malformed id is the line's own 400 (parseLines); it is never cast to uuid here.
  for (const l of lines) if (isUuid(l.item_id) && l.item_module) byModule.set(l.item_module, [...(byModule.get(l.item_module) ?? []), l.item_id]);
  // Items of a module the caller's profile may not view are as missing as invisible ones.
  const branches = [...byModule].filter(([module]) => can(ctx, module, 'view')).map(([module, ids]) => {
    const vis = visibilityPredicate(ctx, module, 'read');
    const code = module === 'products' ? sql`t.product_code` : sql`null::text`;
    const group = module === 'products' ? sql`t.price_group` : sql`null::text`;
    const link = BOOK_LINKS[module];
    const book = priceBookId && link
      ? sql`(select b.list_price from ${sql.table(link.table)} b where b.price_book_id = ${priceBookId} and ${sql.ref(`b.${link.column}`)} = t.id)`
      : sql`null::text`;
    return sql`select ${module}::text as module, t.id, t.name, ${code} as code, t.unit_price::text as unit_price, t.tax_class, t.usage_unit as unit,
        ${book} as book_price, ${group} as price_group
      from ${sql.table(module)} t where t.id = any(${ids}::uuid[])
        and (t.deleted_at is null or t.id = any(${ids.filter((id) => kept.has(`${module}:${id}`))}::uuid[])) ${vis ? sql`and ${vis}` : sql``}`;
  });
  if (!branches.length) return new Map();
  const r = await sql<CatalogueItem>`${sql.join(branches, sql` union all `)}`.execute(ctx.db);
  return new Map(r.rows.map((i) => [`${i.module}:${i.id}`, i]));
}
