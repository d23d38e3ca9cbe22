/**
 * Where a line's price came from, worked out again on every save from what the line holds (pure): the offer's price
 * (its override or its price type), a price book, the item's list price, or typed by hand. A line under an offer whose
 * price or discount differs from the offer's terms is a deviation, with the offer's price beside it.
 */
import Decimal from 'decimal.js';
import type { Line } from '@karta/shared/lines';
import type { CatalogueItem } from './items.js';
import type { PriceSource, TermPrice } from '../pricing/offer-pricing.js';

export interface LineSource { price_source: PriceSource; offer_price?: string; deviation?: boolean }

const same = (a: string | null | undefined, b: string | null | undefined) => new Decimal(a || '0').eq(b || '0');

/** `covered`: the document has an offer and it covers the item (its discount applies, even with no price of its own). */
export function lineSource(l: Pick<Line, 'list_price' | 'discount_percent' | 'discount_amount'>, item: Pick<CatalogueItem, 'book_price' | 'unit_price'>, term: TermPrice | undefined, covered: boolean, termDiscount: string | null): LineSource {
  const catalogue = (): PriceSource => {
    if (item.book_price != null && same(l.list_price, item.book_price)) return 'price_book';
    if (item.unit_price != null && same(l.list_price, item.unit_price)) return 'list_price';
    return 'manual';
  };
  if (!covered) return { price_source: catalogue() };
  const priceOff = !!term && !same(l.list_price, term.price);
  const discountOff = !same(l.discount_amount, '0') || !same(l.discount_percent, termDiscount);
  return term
    ? { price_source: priceOff ? 'manual' : term.source, offer_price: term.price, deviation: priceOff || discountOff }
    : { price_source: catalogue(), deviation: discountOff };
}

/** The source a stored line was saved with (a save that does not touch the lines or the offer keeps it). */
export function storedSource(lines: unknown, i: number): LineSource | null {
  const l = Array.isArray(lines) ? lines[i] as Record<string, unknown> | undefined : undefined;
  if (!l || typeof l.price_source !== 'string') return null;
  return { price_source: l.price_source as PriceSource, ...(typeof l.offer_price === 'string' ? { offer_price: l.offer_price } : {}), ...(typeof l.deviation === 'boolean' ? { deviation: l.deviation } : {}) };
}

/** How far a line's net falls below what the offer gives for it, in % of that (0 at or above it) (pure). */
export function belowOfferPercent(quantity: string, offerPrice: string, termDiscount: string | null, net: string): string {
  return belowPercent(offerExpected(quantity, offerPrice, termDiscount), new Decimal(net));
}

/** What a line costs under the offer's terms: its price less the discount the terms grant. */
function offerExpected(quantity: string, offerPrice: string, termDiscount: string | null): Decimal {
  return new Decimal(quantity).times(offerPrice).times(new Decimal(100).minus(termDiscount || '0')).div(100);
}

function belowPercent(expected: Decimal, paid: Decimal): string {
  if (expected.lte(0)) return '0.00';
  return Decimal.max(0, expected.minus(paid).div(expected).times(100)).toDecimalPlaces(2).toFixed(2);
}

/**
 * How far what the customer pays for the offer's lines falls below the offer, with the document's own cut counted: its
 * discount and a negative adjustment, shared out over the items by their nets (a 90 % document discount on lines at the
 * offer's price is 90 % below it). `doc`: the document's totals (pure).
 */
export function documentBelowOfferPercent(parts: { quantity: string; offerPrice: string; termDiscount: string | null; net: string }[],
  doc: { items_total: string; discount: string; adjustment: string; pre_tax_total: string; tax_total: string }): string {
  const expected = parts.reduce((s, p) => s.plus(offerExpected(p.quantity, p.offerPrice, p.termDiscount)), new Decimal(0));
  const net = parts.reduce((s, p) => s.plus(p.net), new Decimal(0));
  const items = new Decimal(doc.items_total);
  // The adjustment comes off the total with tax: its pre-tax part is what it takes from the items.
  const pre = new Decimal(doc.pre_tax_total);
  const withTax = pre.plus(doc.tax_total);
  const adjustmentCut = Decimal.max(0, new Decimal(doc.adjustment).negated()).times(withTax.gt(0) ? pre.div(withTax) : 1);
  const cut = new Decimal(doc.discount).plus(adjustmentCut);
  const share = items.gt(0) ? cut.times(net).div(items) : new Decimal(0);
  return belowPercent(expected, net.minus(share));
}
