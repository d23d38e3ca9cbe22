/**
 * What a document's items cost when they were put on it: the purchase cost (company currency) of each product and
 * service, taken from the catalogue the first time the item appears on the document and kept while it stays there.
 * Gross profit reads it, so a sale's margin does not move when the catalogue's cost moves later. A table of its own
 * (no line JSON, no record field): nothing a reader of the document receives carries the purchase cost. A document in
 * the recycle bin keeps its rows (restored, it costs the same); records are never purged, so nothing else removes them.
 */
import { sql } from 'kysely';
import { isUuid } from '@karta/shared';
import type { Migration } from '../../engine/schema/core-migrations.js';
import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { fullRegistry } from '../../engine/access/field-view.js';

const ITEMS = ['products', 'services'];

export const LINE_COSTS_MIGRATION: Migration = {
  version: 202,
  name: "documents: the purchase cost of each item when it was put on a document (gross profit of past sales)",
  afterModuleTables: true,
  statements: [
    `create table line_costs (document_id uuid not null, item_id uuid not null, unit_cost numeric not null, primary key (document_id, item_id))`,
    // Documents saved before: their items' cost at the upgrade, the nearest known. (Lists written out: a migration never changes.)
    `do $$ declare d text; i text; begin
      foreach d in array array['quotes', 'sales_orders', 'invoices', 'purchase_orders'] loop
        foreach i in array array['products', 'services'] loop
          if (select count(*) from information_schema.columns where table_schema = current_schema()
              and ((table_name = d and column_name = 'lines') or (table_name = i and column_name = 'purchase_cost'))) = 2 then
            execute format($f$insert into line_costs (document_id, item_id, unit_cost)
              select distinct doc.id, c.id, coalesce(c.purchase_cost, 0)
              from %I doc cross join lateral jsonb_array_elements(case when jsonb_typeof(doc.lines) = 'array' then doc.lines else '[]'::jsonb end) l
              join %I c on l->>'item_module' = %L and c.id = case when l->>'item_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (l->>'item_id')::uuid end
              on conflict do nothing$f$, d, i, i);
          end if;
        end loop;
      end loop;
    end $$`,
  ],
};

/**
 * After a document's lines are written (same transaction): items new to it get today's catalogue cost, items it no
 * longer has lose theirs, the others keep the cost they came with.
 */
export const lineCostsBehaviour: ModuleBehaviour = {
  async afterWrite(ctx, change, record) {
    if ((change.action !== 'create' && change.action !== 'update') || !('lines' in change.values)) return;
    const lines = Array.isArray(record.lines) ? (record.lines as Record<string, unknown>[]) : [];
    const byModule = new Map<string, string[]>(ITEMS.map((m) => [m, []]));
    for (const l of lines) if (isUuid(l?.item_id) && byModule.has(String(l.item_module))) byModule.get(String(l.item_module))!.push(String(l.item_id));
    const kept = [...byModule.values()].flat();
    await sql`delete from line_costs where document_id = ${change.id} and not (item_id = any(${kept}::uuid[]))`.execute(ctx.db);
    // The system's own note, never shown to the writer: the cost is read past their visibility and field rules (a
    // writer who may not see purchase costs still records them for those who may).
    const catalogue = fullRegistry(ctx.registry);
    for (const [module, ids] of byModule) {
      if (!ids.length || !catalogue.has(module) || !catalogue.module(module).fieldMap.has('purchase_cost')) continue;
      await sql`insert into line_costs (document_id, item_id, unit_cost)
        select ${change.id}, c.id, coalesce(c.purchase_cost, 0) from ${sql.table(module)} c where c.id = any(${ids}::uuid[])
        on conflict do nothing`.execute(ctx.db);
    }
  },
};
