import Decimal from 'decimal.js';
import { sql } from 'kysely';
import { writeAudit } from '../../engine/audit/audit.js';
import type { RequestContext } from '../../engine/context.js';
import { raise } from '../../engine/records/write-helpers.js';
import { UNSOLD_INVOICE_STATUSES } from '../invoices/invoices.module.js';

/** Decimal places of `products.qty_in_stock`. */
const STOCK_SCALE = 4;

export type StockTrigger = 'invoices' | 'sales_orders';

/** Where sales take stock from: invoices (default) or sales orders — an administrator's setting. */
export async function stockTrigger(ctx: RequestContext): Promise<StockTrigger> {
  const r = await sql<{ value: { decrement_on?: string } }>`select value from settings where key = 'stock'`.execute(ctx.db);
  return r.rows[0]?.value?.decrement_on === 'sales_orders' ? 'sales_orders' : 'invoices';
}

/** Whether a document has moved stock (its movements net to anything but nothing, per product). */
export async function hasMoved(ctx: RequestContext, documentId: string): Promise<boolean> {
  const r = await sql`select 1 from stock_movements where document_id = ${documentId} group by product_id having sum(delta) <> 0 limit 1`.execute(ctx.db);
  return r.rows.length > 0;
}

/**
 * What a document should have moved, per product: a live sale takes its counted product lines out of
 * stock, a purchase order in "received shipment" puts them in; a cancelled, credited, deleted or other
 * document moves nothing.
 */
export function wantedMovement(module: string, doc: Record<string, unknown> | null): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  if (!doc || doc.deleted_at) return out;
  // A cancelled document, or a credit note (no sale), takes nothing out; an invoice credited gives its goods back.
  const unsold = (UNSOLD_INVOICE_STATUSES as readonly unknown[]).includes(doc.status);
  const sign = module === 'purchase_orders' ? (doc.status === 'received_shipment' ? 1 : 0) : unsold ? 0 : -1;
  if (!sign) return out;
  for (const l of (Array.isArray(doc.lines) ? doc.lines : []) as Record<string, any>[]) {
    if (l.item_module !== 'products' || !l.item_id || (l.is_alternative && !l.is_selected)) continue;
    out.set(l.item_id, (out.get(l.item_id) ?? new Decimal(0)).plus(new Decimal(l.quantity).times(sign)));
  }
  // At the stock's own scale (numeric(20,4)): a finer movement would be rounded in the product and kept whole in the
  // log, and each sale and its cancellation would leave 0.0001 behind.
  for (const [id, q] of out) out.set(id, q.toDecimalPlaces(STOCK_SCALE));
  return out;
}

/**
 * Brings stock in line with a document inside its write: what it should have moved minus what it has
 * moved is applied with one atomic `qty_in_stock = qty_in_stock + Δ` per product (concurrent documents
 * never lose an update), recorded as a movement and in the product's history. Crossing below the
 * reorder level raises one alert for the stock owner.
 */
export async function reconcileStock(ctx: RequestContext, module: string, documentId: string, doc: Record<string, unknown> | null): Promise<void> {
  const wanted = wantedMovement(module, doc);
  const done = await sql<{ product_id: string; moved: string }>`select product_id, sum(delta)::text as moved from stock_movements
    where document_id = ${documentId} group by product_id`.execute(ctx.db);
  const moved = new Map(done.rows.map((r) => [r.product_id, new Decimal(r.moved)]));
  const products = [...new Set([...wanted.keys(), ...moved.keys()])].sort();
  for (const productId of products) {
    const delta = (wanted.get(productId) ?? new Decimal(0)).minus(moved.get(productId) ?? new Decimal(0));
    if (delta.isZero()) continue;
    const r = await sql<{ before: string | null; after: string; reorder_level: string | null; owner: string | null; assigned_to: string | null }>`
      update products p set qty_in_stock = coalesce(p.qty_in_stock, 0) + ${delta.toFixed()}::numeric, version = p.version + 1, updated_at = now()
      where p.id = ${productId}
      returning (p.qty_in_stock - ${delta.toFixed()}::numeric)::text as before, p.qty_in_stock::text as after,
        p.reorder_level::text as reorder_level, p.stock_owner_id as owner, p.assigned_to`.execute(ctx.db);
    const row = r.rows[0];
    if (!row) continue; // the product is gone; nothing to move
    await sql`insert into stock_movements (product_id, document_module, document_id, delta, qty_after, user_id)
      values (${productId}, ${module}, ${documentId}, ${delta.toFixed()}::numeric, ${row.after}::numeric, ${ctx.user.id})`.execute(ctx.db);
    await writeAudit(ctx.db, { module: 'products', recordId: productId, userId: ctx.user.id, action: 'update', changes: { qty_in_stock: [row.before, row.after] } });
    const level = row.reorder_level === null ? null : new Decimal(row.reorder_level);
    if (level && new Decimal(row.before ?? 0).gte(level) && new Decimal(row.after).lt(level)) {
      const owner = row.owner ?? row.assigned_to;
      await sql`insert into stock_alerts (product_id, user_id, qty, reorder_level) values (${productId}, ${owner}, ${row.after}::numeric, ${row.reorder_level}::numeric)`.execute(ctx.db);
      raise(ctx, 'products.stock_low', { productId, ownerId: owner, qty: row.after, reorderLevel: row.reorder_level });
    }
  }
}
