/**
 * A document priced from its offer: the offer must be approved, valid at the document's date and the document's
 * account's (a typical offer: anyone's). A line's price is the offer's override for the item, else the offer's price
 * type at the date (the item's price group's own type under the offer, if it names one; below the type's minimum
 * quantity, the type it is built on) — for items the offer covers; its
 * discount, unless the line gives one, the largest the offer grants (price group, quantity, the offer's own).
 */
import Decimal from 'decimal.js';
import { sql } from 'kysely';
import { companyCurrency } from '../../admin/company-routes.js';
import { isUuid } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { MAX_CHAIN } from './price-type-rules.js';
import { readTypes, type PriceType } from './price-register.js';
import type { GroupDiscount, GroupPriceType, Override, QuantityDiscount } from './offer-rules.js';

export interface Offer {
  id: string; number: string | null; name: string; kind: string; account_id: string | null; status: string;
  valid_from: string | null; valid_to: string | null; price_type_id: string | null; segment_id: string | null;
  overrides: Override[] | null; group_price_types: GroupPriceType[] | null; group_discounts: GroupDiscount[] | null; quantity_discounts: QuantityDiscount[] | null; discount_percent: string | null;
  deviation_limit_percent: string | null; currency: string | null;
  /** Days the customer has to pay an invoice made under the offer. */
  payment_days: number | null;
}

/** Where a line's price came from. */
export type PriceSource = 'offer' | 'price_type' | 'price_book' | 'list_price' | 'manual';

function refused(offer: Offer | null, problem: Said): AppError {
  const name = offer ? `${offer.number ?? ''} «${offer.name}»`.trim() : '';
  return new AppError('VALIDATION_FAILED', msg('Offer {offer}: {problem}', { offer: name, problem: nested(problem) }), { offer_id: problem });
}

/**
 * The offer a document names, if the caller may use it for this account at this date; else a 400 at `offer_id` naming
 * it. Not `strict` (a document saved without touching its lines or offer): any offer the caller may read, to mark lines.
 */
export async function usableOffer(ctx: RequestContext, offerId: unknown, accountId: unknown, currency: unknown, date: string, strict = true): Promise<Offer | null> {
  const vis = visibilityPredicate(ctx, 'offers', 'read', 'o');
  const r = isUuid(offerId) ? await sql<Offer>`select o.id::text, o.number, o.name, o.kind, o.account_id::text, o.status, o.valid_from::text, o.valid_to::text,
      o.price_type_id::text, o.segment_id::text, o.currency, o.overrides, o.group_price_types, o.group_discounts, o.quantity_discounts, o.discount_percent::text,
      o.deviation_limit_percent::text, o.payment_days
    from offers o where o.id = ${offerId} and o.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db) : { rows: [] };
  const offer = r.rows[0];
  if (!strict) return offer ?? null;
  if (!offer) throw refused(null, 'names no offer you may use');
  if (offer.status !== 'approved') throw refused(offer, 'is not approved');
  if ((offer.valid_from && date < offer.valid_from) || (offer.valid_to && date > offer.valid_to)) throw refused(offer, msg('is not valid on {date}', { date }));
  if (offer.kind === 'individual' && offer.account_id !== accountId) throw refused(offer, 'is for another account');
  // A document that names no currency is in the company's: an offer in another one does not price it.
  const docCurrency = (typeof currency === 'string' && currency) || (offer.currency ? await companyCurrency(ctx.db) : null);
  if (offer.currency && docCurrency && offer.currency !== docCurrency) throw refused(offer, msg('is in {currency}, the document in {other}', { currency: offer.currency, other: docCurrency }));
  return offer;
}

/** The price type that applies at a quantity: below a type's minimum, the type it is built on (pure, bounded). */
export function typeForQuantity(types: Map<string, PriceType>, typeId: string | null, quantity: Decimal.Value): PriceType | null {
  let t = typeId ? types.get(typeId) ?? null : null;
  for (let i = 0; t && t.min_quantity !== null && new Decimal(quantity).lt(t.min_quantity) && i < MAX_CHAIN; i++) t = t.base_type_id ? types.get(t.base_type_id) ?? null : null;
  return t;
}

/** The largest discount the offer grants a line (pure): its price group's, its quantity tier's, the offer's own; null for none. */
export function offerDiscount(offer: Pick<Offer, 'group_discounts' | 'quantity_discounts' | 'discount_percent'>, priceGroup: string | null, quantity: Decimal.Value): string | null {
  const candidates: Decimal[] = [];
  if (offer.discount_percent) candidates.push(new Decimal(offer.discount_percent));
  const group = priceGroup ? offer.group_discounts?.find((g) => g.price_group.toLowerCase() === priceGroup.toLowerCase()) : undefined;
  if (group) candidates.push(new Decimal(group.discount_percent));
  for (const q of offer.quantity_discounts ?? []) if (new Decimal(quantity).gte(q.min_quantity)) candidates.push(new Decimal(q.discount_percent));
  const best = candidates.length ? Decimal.max(...candidates) : null;
  return best && best.gt(0) ? best.toFixed() : null;
}

export interface TermPrice { price: string; source: 'offer' | 'price_type' }

/**
 * The offer's price of each line's item (by line index; none where the offer does not cover the item or has no price
 * for it) — one query for the price type's prices, one for the covering segment.
 */
export async function offerPrices(ctx: RequestContext, offer: Offer, lines: { item_id: string | null; quantity: string; price_group: string | null }[], date: string, currency: unknown): Promise<{ prices: Map<number, TermPrice>; covers(item: string): boolean }> {
  const out = new Map<number, TermPrice>();
  const ids = [...new Set(lines.map((l) => l.item_id).filter((x): x is string => isUuid(x)))];
  const covered = offer.segment_id && ids.length
    ? new Set((await sql<{ id: string }>`select record_id::text as id from segment_members where segment_id = ${offer.segment_id}::uuid and until is null and record_id = any(${ids}::uuid[])`.execute(ctx.db)).rows.map((x) => x.id))
    : offer.segment_id ? new Set<string>() : null;
  const covers = (item: string) => !covered || covered.has(item);
  if (!ids.length) return { prices: out, covers };
  const overrides = new Map((offer.overrides ?? []).map((o) => [o.product_id, o.price]));
  const types = offer.price_type_id || offer.group_price_types?.length ? await readTypes(ctx.db) : new Map<string, PriceType>();
  // A price type's numbers are in its currency: one in another than the document's prices nothing (no conversion).
  const company = types.size ? await companyCurrency(ctx.db) : null;
  const inCurrency = (t: PriceType) => (t.currency || company) === ((typeof currency === 'string' && currency) || company);
  const wanted: { index: number; item: string; type: string }[] = [];
  lines.forEach((l, index) => {
    if (!isUuid(l.item_id) || !covers(l.item_id)) return;
    const own = overrides.get(l.item_id);
    if (own !== undefined) { out.set(index, { price: new Decimal(own).toFixed(2), source: 'offer' }); return; }
    // A price group with a price type of its own under the offer takes it instead of the offer's.
    const groupType = l.price_group ? offer.group_price_types?.find((g) => g.price_group.toLowerCase() === l.price_group!.toLowerCase())?.price_type_id : undefined;
    const t = typeForQuantity(types, groupType ?? offer.price_type_id, l.quantity || '1');
    if (t && inCurrency(t)) wanted.push({ index, item: l.item_id, type: t.id });
  });
  if (wanted.length) {
    const r = await sql<{ t: string; i: string; price: string }>`select distinct on (x.t, x.i) x.t::text as t, x.i::text as i, p.price::text as price
      from unnest(${wanted.map((w) => w.type)}::uuid[], ${wanted.map((w) => w.item)}::uuid[]) as x(t, i)
      join prices p on p.price_type_id = x.t and p.item_id = x.i and p.effective_date <= ${date}::date
      order by x.t, x.i, p.effective_date desc`.execute(ctx.db);
    const price = new Map(r.rows.map((x) => [`${x.t}:${x.i}`, x.price]));
    for (const w of wanted) {
      const p = price.get(`${w.type}:${w.item}`);
      if (p !== undefined) out.set(w.index, { price: p, source: 'price_type' });
    }
  }
  return { prices: out, covers };
}
