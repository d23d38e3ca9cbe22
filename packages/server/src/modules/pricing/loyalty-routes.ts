/** `GET /api/v1/loyalty_cards/{id}/points` — a card's points ledger (newest first) and balance, for those who may see the card. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isUuid } from '@karta/shared';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { arr, doc, obj, str } from '../../engine/http/openapi/schema.js';
import { AppError } from '../../platform/errors.js';

export async function loyaltyRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { id: string } }>('/loyalty_cards/:id/points', doc({ tags: ['pricing'], summary: "A loyalty card's points ledger and balance",
    response: { 200: obj({ data: arr(obj({})), balance: str(), purchases_total: str() }, ['data']) } }), async (req) => {
    const ctx = req.ctx;
    requirePermission(ctx, 'loyalty_cards', 'view');
    const vis = visibilityPredicate(ctx, 'loyalty_cards', 'read', 'c');
    const card = isUuid(req.params.id) ? (await sql<{ balance: string; purchases_total: string }>`select coalesce(c.points_balance, 0)::text as balance, coalesce(c.purchases_total, 0)::text as purchases_total
      from loyalty_cards c where c.id = ${req.params.id} and c.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db)).rows[0] : undefined;
    if (!card) throw new AppError('NOT_FOUND', 'Record not found');
    // The invoice's number only for those who may see the invoice.
    const inv = visibilityPredicate(ctx, 'invoices', 'read', 'i');
    const r = await sql`select l.id::text, l.kind, l.points::text, l.amount::text, l.document_module, l.document_id::text, l.created_at,
        (select i.number from invoices i where i.id = l.document_id ${inv ? sql`and ${inv}` : sql``}) as document_number
      from loyalty_points l where l.card_id = ${req.params.id}::uuid order by l.id desc limit 1000`.execute(ctx.db);
    return { data: r.rows, balance: card.balance, purchases_total: card.purchases_total };
  });
}
