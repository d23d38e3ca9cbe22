import type { Line } from '@karta/shared/lines';
import { sql } from 'kysely';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';

export interface CatalogueItem { id: string; module: string; name: string; code: string | null; unit_price: string | null; tax_class: string | null }

/** The products and services the lines point at, if they exist and the caller may see them — one statement. */
export async function loadItems(ctx: RequestContext, lines: Line[]): Promise<Map<string, CatalogueItem>> {
  const byModule = new Map<string, string[]>();
  for (const l of lines) if (l.item_id && l.item_module) byModule.set(l.item_module, [...(byModule.get(l.item_module) ?? []), l.item_id]);
  const branches = [...byModule].map(([module, ids]) => {
    const vis = visibilityPredicate(ctx, module, 'read');
    const code = module === 'products' ? sql`t.product_code` : sql`null::text`;
    return sql`select ${module}::text as module, t.id, t.name, ${code} as code, t.unit_price::text as unit_price, t.tax_class
      from ${sql.table(module)} t where t.id = any(${ids}::uuid[]) and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`;
  });
  if (!branches.length) return new Map();
  const r = await sql<CatalogueItem>`${sql.join(branches, sql` union all `)}`.execute(ctx.db);
  return new Map(r.rows.map((i) => [`${i.module}:${i.id}`, i]));
}

/** Percent of a tax class value (`vat_20` → 20); classes without a number carry no tax. */
export function taxClassPercent(taxClass: string | null): string | null {
  const m = /(\d+(?:\.\d+)?)$/.exec(taxClass ?? '');
  return m ? m[1] : null;
}
