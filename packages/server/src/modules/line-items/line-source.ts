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
  const expected = new Decimal(quantity).times(offerPrice).times(new Decimal(100).minus(termDiscount || '0')).div(100);
  if (expected.lte(0)) return '0.00';
  return Decimal.max(0, expected.minus(net).div(expected).times(100)).toDecimalPlaces(2).toFixed(2);
}
