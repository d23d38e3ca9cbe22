/**
 * Products and services are merged only while nothing keeps their id outside reference fields: stock movements, the
 * price register and document lines name an item by id, and a merge would leave them on the record in the recycle
 * bin (the survivor's stock and prices wrong). Such an item is refused with 409 before anything moves.
 */
import { sql } from 'kysely';
import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { AppError } from '../../platform/errors.js';
import { DOCUMENT_MODULES } from './behaviour.js';

export const itemMergeBehaviour: ModuleBehaviour = {
  async onMerge(ctx, _survivor, merged) {
    const lines = DOCUMENT_MODULES.filter((m) => ctx.registry.has(m)).map((m) => sql`select 1 from ${sql.table(m)} d
      where d.lines @> any(select jsonb_build_array(jsonb_build_object('item_id', id::text)) from unnest(${merged}::uuid[]) as id)`);
    const used = await sql`select 1 from stock_movements where product_id = any(${merged}::uuid[])
      union all select 1 from prices where item_id = any(${merged}::uuid[])
      union all select 1 from purchase_prices where item_id = any(${merged}::uuid[])
      ${lines.length ? sql`union all ${sql.join(lines, sql` union all `)}` : sql``} limit 1`.execute(ctx.db);
    if (used.rows.length) throw new AppError('CONFLICT', 'A product or service with stock movements, prices or document lines cannot be merged into another');
  },
};
