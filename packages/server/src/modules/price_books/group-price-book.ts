import { isUuid } from '@karta/shared';
import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { companyCurrency } from '../../admin/company-routes.js';

/**
 * The price book of an account's customer group in the document's currency (SPEC: list prices per currency or
 * customer group): active, visible to the caller, the most recently changed when several fit; null when none does.
 */
export async function groupPriceBook(ctx: RequestContext, accountId: unknown, currency: unknown): Promise<string | null> {
  if (typeof accountId !== 'string' || !isUuid(accountId)) return null;
  const inCurrency = typeof currency === 'string' && currency ? currency : await companyCurrency(ctx.db);
  const account = visibilityPredicate(ctx, 'accounts', 'read', 'a');
  const book = visibilityPredicate(ctx, 'price_books', 'read', 'b');
  const r = await sql<{ id: string }>`select b.id from accounts a
      join price_books b on b.customer_group = a.customer_group and b.currency = ${inCurrency} and b.deleted_at is null and coalesce(b.is_active, true)
        ${book ? sql`and ${book}` : sql``}
    where a.id = ${accountId}::uuid and a.deleted_at is null ${account ? sql`and ${account}` : sql``}
    order by b.updated_at desc limit 1`.execute(ctx.db);
  return r.rows[0]?.id ?? null;
}
