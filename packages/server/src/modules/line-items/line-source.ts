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

export function lineSource(l: Pick<Line, 'list_price' | 'discount_percent' | 'discount_amount'>, item: Pick<CatalogueItem, 'book_price' | 'unit_price'>, term: TermPrice | undefined, termDiscount: string | null): LineSource {
  if (term) {
    const priceOff = !same(l.list_price, term.price);
    const discountOff = !same(l.discount_amount, '0') || !same(l.discount_percent, termDiscount);
    return { price_source: priceOff ? 'manual' : term.source, offer_price: term.price, deviation: priceOff || discountOff };
  }
  if (item.book_price != null && same(l.list_price, item.book_price)) return { price_source: 'price_book' };
  if (item.unit_price != null && same(l.list_price, item.unit_price)) return { price_source: 'list_price' };
  return { price_source: 'manual' };
}
