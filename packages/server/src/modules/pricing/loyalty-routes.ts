/** `GET /api/v1/loyalty_cards/{id}/points` — a card's points ledger (newest first) and balance, for those who may see the card. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isUuid } from '@karta/shared';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { arr, doc, nullable, obj, str } from '../../engine/http/openapi/schema.js';
import { AppError } from '../../platform/errors.js';

export async function loyaltyRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { id: string } }>('/loyalty_cards/:id/points', doc({ tags: ['pricing'], summary: "A loyalty card's points ledger and balance",
    response: { 200: obj({ data: arr(obj({})), balance: nullable(str()), purchases_total: nullable(str()) }, ['data']) } }), async (req) => {
    const ctx = req.ctx;
    requirePermission(ctx, 'loyalty_cards', 'view');
    const vis = visibilityPredicate(ctx, 'loyalty_cards', 'read', 'c');
    const card = isUuid(req.params.id) ? (await sql<{ balance: string; purchases_total: string }>`select coalesce(c.points_balance, 0)::text as balance, coalesce(c.purchases_total, 0)::text as purchases_total
      from loyalty_cards c where c.id = ${req.params.id} and c.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db)).rows[0] : undefined;
    if (!card) throw new AppError('NOT_FOUND', 'Record not found');
    // The ledger is the history of the card's balance: none for whom it is hidden; the purchases' amounts only with
    // their total; the invoice (its number) only for those who may see it.
    const seen = ctx.registry.module('loyalty_cards').fieldMap;
    if (!seen.has('points_balance')) return { data: [], balance: null, purchases_total: seen.has('purchases_total') ? card.purchases_total : null };
    const amounts = seen.has('purchases_total');
    const invoices = can(ctx, 'invoices', 'view');
    const inv = visibilityPredicate(ctx, 'invoices', 'read', 'i');
    const r = await sql<{ document_id: string | null; document_number: string | null }>`select l.id::text, l.kind, l.points::text, ${amounts ? sql`l.amount::text` : sql`null::text`} as amount, l.document_module, l.document_id::text, l.created_at,
        ${invoices ? sql`(select i.number from invoices i where i.id = l.document_id ${inv ? sql`and ${inv}` : sql``})` : sql`null::text`} as document_number
      from loyalty_points l where l.card_id = ${req.params.id}::uuid order by l.id desc limit 1000`.execute(ctx.db);
    return { data: r.rows.map((x) => (x.document_number === null ? { ...x, document_id: null } : x)), balance: card.balance, purchases_total: amounts ? card.purchases_total : null };
  });
}
