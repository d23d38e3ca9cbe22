import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { requireAdmin } from '../../engine/access/permissions.js';
import { getRecord } from '../../engine/records/get.js';
import { inTransaction } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { auditAdmin } from '../../admin/admin-audit.js';
import { stockTrigger } from './stock.js';
import { dataOf, dateTime, decimal, doc, listOf, obj, str, uuid } from '../../engine/http/openapi/schema.js';

const STOCK = obj({ decrement_on: str({ enum: ['invoices', 'sales_orders'] }) }, ['decrement_on']);

export async function stockRoutes(api: FastifyInstance): Promise<void> {
  // The movements of a product the caller may see, newest first.
  api.get<{ Params: { id: string } }>('/records/products/:id/stock_movements', doc({ tags: ['products'], summary: 'Stock movements of a product, newest first', response: { 200: listOf(obj({ id: str(), document_module: str(), document_id: uuid(), delta: decimal(), qty_after: decimal(), at: dateTime() }, ['delta'])) } }), async (req) => {
    await getRecord(req.ctx, 'products', req.params.id);
    const r = await sql`select id::text, document_module, document_id, delta::text, qty_after::text, user_id, at from stock_movements
      where product_id = ${req.params.id} order by id desc limit 200`.execute(req.ctx.db);
    return { data: r.rows };
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
