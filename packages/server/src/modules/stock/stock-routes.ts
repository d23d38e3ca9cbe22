import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { can, requireAdmin, visibilityPredicate } from '../../engine/access/permissions.js';
import { getRecord } from '../../engine/records/get.js';
import { inTransaction } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { auditAdmin } from '../../admin/admin-audit.js';
import { stockTrigger } from './stock.js';
import { dataOf, dateTime, decimal, doc, listOf, nullable, obj, str, uuid } from '../../engine/http/openapi/schema.js';

const STOCK = obj({ decrement_on: str({ enum: ['invoices', 'sales_orders'] }) }, ['decrement_on']);

export async function stockRoutes(api: FastifyInstance): Promise<void> {
  // The movements of a product the caller may see, newest first.
  api.get<{ Params: { id: string } }>('/records/products/:id/stock_movements', doc({ tags: ['products'], summary: 'Stock movements of a product, newest first', response: { 200: listOf(obj({ id: str(), document_module: str(), document_id: nullable(uuid()), delta: decimal(), qty_after: decimal(), at: dateTime() }, ['delta'])) } }), async (req) => {
    await getRecord(req.ctx, 'products', req.params.id);
    // The quantities are the stock field's history: none for whom it is hidden.
    if (!req.ctx.registry.module('products').fieldMap.has('qty_in_stock')) return { data: [] };
    const r = await sql<{ document_module: string; document_id: string | null }>`select id::text, document_module, document_id, delta::text, qty_after::text, user_id, at from stock_movements
      where product_id = ${req.params.id} order by id desc limit 200`.execute(req.ctx.db);
    // A document the caller may not read is not named (the movement stays, without its document).
    const readable = new Set<string>();
    for (const module of new Set(r.rows.map((x) => x.document_module))) {
      if (!req.ctx.registry.has(module) || !can(req.ctx, module, 'view')) continue;
      const ids = r.rows.filter((x) => x.document_module === module && x.document_id).map((x) => x.document_id!);
      const vis = visibilityPredicate(req.ctx, module, 'read');
      const seen = await sql<{ id: string }>`select t.id::text from ${sql.table(module)} t where t.id = any(${ids}::uuid[]) ${vis ? sql`and ${vis}` : sql``}`.execute(req.ctx.db);
      for (const x of seen.rows) readable.add(x.id);
    }
    return { data: r.rows.map((x) => (x.document_id && readable.has(x.document_id) ? x : { ...x, document_id: null })) };
  });
  api.get('/settings/stock', doc({ tags: ['inventory'], summary: 'Which documents take goods out of stock', response: { 200: dataOf(STOCK) } }), async (req) => ({ data: { decrement_on: await stockTrigger(req.ctx) } }));
  api.put('/settings/stock', doc({ tags: ['inventory'], summary: 'Set which documents take goods out of stock (administrators)', body: STOCK, response: { 200: dataOf(STOCK) } }), async (req) => {
    requireAdmin(req.ctx);
    const on = (req.body as { decrement_on?: unknown } | null)?.decrement_on;
    if (on !== 'invoices' && on !== 'sales_orders') throw new AppError('VALIDATION_FAILED', 'Invalid stock setting', { decrement_on: 'must be invoices or sales_orders' });
    await inTransaction(req.ctx.db, async (trx) => {
      await sql`insert into settings (key, value) values ('stock', ${JSON.stringify({ decrement_on: on })}::jsonb)
        on conflict (key) do update set value = excluded.value`.execute(trx);
      await auditAdmin(trx, 'settings', '00000000-0000-0000-0000-000000000000', req.ctx, 'update', { stock_decrement_on: [null, on] });
    });
    return { data: { decrement_on: on } };
  });
}
