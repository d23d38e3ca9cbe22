import { parseLines, parseTaxes, type Line } from '@karta/shared/lines';
import { groupPriceBook } from '../price_books/group-price-book.js';
import { companyCurrency } from '../../admin/company-routes.js';
import { computeTotals, type Totals } from '@karta/shared/totals';
import { addDays, fieldMessage, isUuid } from '@karta/shared';
import { sql } from 'kysely';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import type { RequestContext } from '../../engine/context.js';
import { AppError } from '../../platform/errors.js';
import { validationError } from '../../engine/records/validate-input.js';
import { itemKeysOf, loadItems } from './items.js';
import { belowOfferPercent, documentBelowOfferPercent, lineSource, storedSource, type LineSource } from './line-source.js';
import { offerDiscount, offerPrices, usableOffer, type Offer } from '../pricing/offer-pricing.js';
import { cardRates, requireCardHolder, usableCard } from '../pricing/loyalty.js';
import { classPercent, readTaxClasses } from './tax-classes.js';
import { msg, tr, translatedFields } from '../../platform/messages/say.js';
import { todayOf } from '../../platform/time-zone.js';

/** The document fields the totals depend on; a write touching none of them keeps the stored totals. */
const INPUTS = ['lines', 'tax_mode', 'group_taxes', 'discount_percent', 'discount_amount', 'shipping_amount', 'shipping_taxes', 'adjustment', 'offer_id', 'account_id', 'quote_date', 'order_date', 'invoice_date', 'currency', 'loyalty_card_id', 'contact_id'];
/** A change of these checks the document's offer again (usable at the date, the account's); others keep its prices. */
const OFFER_INPUTS = ['lines', 'offer_id', 'account_id', 'quote_date', 'order_date', 'invoice_date', 'currency'];
/** What changes how far a document falls below its offer without changing what the offer prices. */
const DEVIATION_INPUTS = ['discount_percent', 'discount_amount', 'adjustment'];
export const DOCUMENT_MODULES = ['quotes', 'sales_orders', 'invoices', 'purchase_orders'];
/** Each document's own date, the day it is priced at (API.md "Pricing"); a purchase order has none. */
export const DOCUMENT_DATE: Record<string, string> = { quotes: 'quote_date', sales_orders: 'order_date', invoices: 'invoice_date' };

/**
 * Line items of quotes, sales orders, invoices and purchase orders: checked line by line (errors at
 * `lines[i].field`), items checked for existence and visibility, missing prices and descriptions taken
 * from the item, then every total computed by the shared computeTotals — inside the document's write,
 * so lines and totals change atomically with it, are version-checked and audited as field changes.
 */
export const lineItemsBehaviour: ModuleBehaviour = {
  async beforeWrite(ctx, change) {
    if (change.action !== 'create' && change.action !== 'update') return;
    await bookInCurrency(ctx, change);
    if (change.action === 'update' && !INPUTS.some((k) => k in change.values)) return;
    const v = change.values;
    const errors: Record<string, string> = {};
    // One kind of overall discount: setting one clears the other; sending both is an error.
    if (v.discount_percent != null && v.discount_amount != null) errors.discount_amount = tr('give a discount percent or an amount, not both', ctx.lang);
    else if (v.discount_percent != null) v.discount_amount = null;
    else if (v.discount_amount != null) v.discount_percent = null;
    const doc = { ...(change.before ?? {}), ...v } as Record<string, any>;
    // A sales document that names no price book takes its customer group's (a choice made, even of none, is kept).
    if (!('price_book_id' in v) && !doc.price_book_id && 'account_id' in v) {
      const book = await groupPriceBook(ctx, doc.account_id, doc.currency);
      if (book) v.price_book_id = doc.price_book_id = book;
    }
    const parsed = parseLines(doc.lines, ctx.lang);
    const lines = parsed.lines;
    Object.assign(errors, parsed.errors);
    const groupTaxes = parseTaxes(doc.group_taxes, 'group_taxes', errors, ctx.lang);
    const shippingTaxes = parseTaxes(doc.shipping_taxes, 'shipping_taxes', errors, ctx.lang);
    const items = await loadItems(ctx, lines.filter(Boolean), typeof doc.price_book_id === 'string' ? doc.price_book_id : null, await keptItems(ctx, change));
    const classes = v.lines !== undefined && doc.tax_mode === 'individual' ? await readTaxClasses(ctx) : [];
    // An offer prices the document at its date: checked (400 at offer_id naming it) before any line is priced. A save
    // that touches none of what the offer decides keeps the lines' prices and sources as they were saved.
    const strict = change.action === 'create' || OFFER_INPUTS.some((k) => k in v);
    // A new discount or adjustment alone re-measures the deviation from the lines' stored offer prices and the offer's
    // terms, whatever the offer's state now (closed, edited since): the save is not refused for it.
    const remeasure = !strict && !!doc.offer_id && DEVIATION_INPUTS.some((k) => k in v);
    const offer = doc.offer_id && (strict || remeasure) ? await usableOffer(ctx, doc.offer_id, doc.account_id, doc.currency, documentDate(change.module, doc, change.action, ctx.user.timeZone), strict) : null;
    const keepSources = !!doc.offer_id && !strict;
    // An invoice made under an offer is due the offer's payment days after its date, unless the write names a day.
    if (offer && offer.payment_days != null && change.module === 'invoices' && change.action === 'create' && v.due_date == null) {
      v.due_date = addDays(documentDate(change.module, doc, change.action, ctx.user.timeZone), Number(offer.payment_days));
    }
    const card = doc.loyalty_card_id ? await documentCard(ctx, change, doc) : null;
    const cardDiscount = card ? cardRates(card.program, card.purchases_total ?? '0').discount : null;
    const terms = offer ? await offerPrices(ctx, offer, lines.map((l) => ({ item_id: l?.item_id ?? null, quantity: l?.quantity ?? '1',
      price_group: (l?.item_id ? items.get(`${l.item_module}:${l.item_id}`)?.price_group : null) ?? null })), documentDate(change.module, doc, change.action, ctx.user.timeZone), doc.currency) : null;
    const sources: (LineSource | null)[] = [];
    const termDiscounts: (string | null)[] = [];
    lines.forEach((l: Line, i) => {
      if (!l) return;
      const item = l.item_id ? items.get(`${l.item_module}:${l.item_id}`) : undefined;
      if (l.item_id && !item) errors[`lines[${i}].item_id`] = fieldMessage('not_found', ctx.lang);
      const term = item ? terms?.prices.get(i) : undefined;
      const covered = !!(item && terms?.covers(item.id));
      if (l.list_price === '' && !errors[`lines[${i}].list_price`] && !errors[`lines[${i}].item_id`]) {
        // The offer's price, else a price book's price (the document names one), else the item's unit price.
        // A unit price the user's profile hides fills no line: it would show in the line they get back.
        const unitPrice = item && ctx.registry.module(item.module).fieldMap.has('unit_price') ? item.unit_price : null;
        const price = term?.price ?? item?.book_price ?? unitPrice;
        if (price != null) l.list_price = price;
        else errors[`lines[${i}].list_price`] = fieldMessage('required', ctx.lang);
      }
      // The offer's discount and the card's: the larger applies to a line that gives none.
      termDiscounts[i] = covered && offer ? largest(offerDiscount(offer, item!.price_group, l.quantity), cardDiscount) : null;
      const granted = covered ? termDiscounts[i] : item ? cardDiscount : null;
      if (granted && l.discount_percent === null && l.discount_amount === null) l.discount_percent = granted;
      sources[i] = keepSources ? storedSource(doc.lines, i) : item ? lineSource(l, item, term, covered, termDiscounts[i]) : null;
      if (item && l.description === null) l.description = item.name;
      // A product's (active) tax class preselects its tax when the line names none.
      const percent = classPercent(classes, item?.tax_class ?? null);
      if (item && !l.taxes.length && percent && change.values.lines !== undefined && doc.tax_mode === 'individual') l.taxes = [{ name: item.tax_class!, percent }];
    });
    if (Object.keys(errors).length) throw validationError(translatedFields(errors), ctx.lang);
    const totals = computeTotals({ ...doc, lines, group_taxes: groupTaxes, shipping_taxes: shippingTaxes, tax_mode: doc.tax_mode ?? 'group' });
    // A discount takes at most what the items cost: beyond, the tax and the total would turn negative ("adjustment" may).
    // While a group of alternatives is undecided the items total leaves it out, so the cap waits for the choice.
    if (doc.discount_amount != null && !totals.range && Number(doc.discount_amount) > Number(totals.items_total)) {
      throw validationError(translatedFields({ discount_amount: tr('must not be more than the items total ({total})', ctx.lang, { total: totals.items_total }) }), ctx.lang);
    }
    const beyond = amountsBeyond(lines, totals, 'lines' in v, ctx.lang);
    if (Object.keys(beyond).length) throw validationError(translatedFields(beyond), ctx.lang);
    Object.assign(change.values, {
      lines: lines.map((l, i) => {
        const { gross, discount, net, tax, total } = totals.lines[i];
        const item = l.item_id ? items.get(`${l.item_module}:${l.item_id}`) : undefined;
        return { ...l, code: item?.code ?? null, gross, discount_total: discount, net, tax, total, ...sources[i] };
      }),
      ...(ctx.registry.module(change.module).fieldMap.has('offer_deviation_percent') && (!keepSources || remeasure) ? offerDeviation(offer, lines, totals, sources, termDiscounts) : {}),
      group_taxes: groupTaxes, shipping_taxes: shippingTaxes,
      items_total: totals.items_total, pre_tax_total: totals.pre_tax_total, tax_total: totals.tax_total, grand_total: totals.grand_total,
    });
  },
};

/** The largest amount a money column (numeric(18,2)) holds. */
const MONEY_LIMIT = 1e16;

/**
 * A line's discount amount takes at most what the line costs (beyond, its net, tax and the document's total would turn
 * negative), and no total may outgrow the money columns — both said at the field, not as a bare database error.
 */
function amountsBeyond(lines: Line[], totals: Totals, linesChanged: boolean, lang: RequestContext['lang']): Record<string, string> {
  const errors: Record<string, string> = {};
  // Lines stored before this rule keep their discounts until their lines are next written.
  if (linesChanged) lines.forEach((l, i) => {
    const { gross, discount } = totals.lines[i];
    if (l.discount_amount !== null && Number(gross) >= 0 && Number(discount) > Number(gross)) {
      errors[`lines[${i}].discount_amount`] = tr('must not be more than the line amount ({total})', lang, { total: gross });
    }
  });
  if ([totals.items_total, totals.pre_tax_total, totals.tax_total, totals.grand_total].some((v) => Math.abs(Number(v)) >= MONEY_LIMIT)) {
    errors.lines = tr('the amounts are too large: a total must stay below 10,000,000,000,000,000', lang);
  }
  return errors;
}

/** Where a document made from another names it (a quote converted to an order or an invoice). */
const SOURCE_DOCUMENTS: [field: string, module: string][] = [['quote_id', 'quotes'], ['sales_order_id', 'sales_orders']];

/**
 * Items a document may keep after they went to the recycle bin: those already on its lines, and on the lines of the
 * document it is made from (read only when that reference was written, so after the reference check).
 */
async function keptItems(ctx: RequestContext, change: WriteChange): Promise<Set<string>> {
  const kept = itemKeysOf(change.before?.lines);
  const fields = ctx.registry.module(change.module).fieldMap;
  for (const [field, module] of SOURCE_DOCUMENTS) {
    const id = change.values[field];
    if (!fields.has(field) || typeof id !== 'string' || !isUuid(id)) continue;
    const r = await sql<{ lines: unknown }>`select lines from ${sql.table(module)} where id = ${id}`.execute(ctx.db);
    for (const key of itemKeysOf(r.rows[0]?.lines)) kept.add(key);
  }
  return kept;
}

/**
 * The document's furthest fall below its offer (the largest of its counted lines', in %) and whether it passes the
 * offer's limit — fields an approval process can require an approval on (`deviation_over_limit`).
 */
function offerDeviation(offer: Offer | null, lines: Line[], totals: Totals, sources: (LineSource | null)[], termDiscounts: (string | null)[]) {
  if (!offer) return { offer_deviation_percent: null, deviation_over_limit: false };
  let worst = '0.00';
  const parts: Parameters<typeof documentBelowOfferPercent>[0] = [];
  lines.forEach((l, i) => {
    const offerPrice = sources[i]?.offer_price;
    if (!l || !offerPrice || !totals.lines[i]?.counted) return;
    parts.push({ quantity: l.quantity, offerPrice, termDiscount: termDiscounts[i], net: totals.lines[i].net });
    const below = belowOfferPercent(l.quantity, offerPrice, termDiscounts[i], totals.lines[i].net);
    if (Number(below) > Number(worst)) worst = below;
  });
  // The document's own discount or a negative adjustment takes from every line: counted over them together.
  const whole = documentBelowOfferPercent(parts, totals);
  if (Number(whole) > Number(worst)) worst = whole;
  const limit = offer.deviation_limit_percent;
  return { offer_deviation_percent: worst, deviation_over_limit: limit !== null && Number(worst) > Number(limit) };
}

/** The day a document is priced at: its own date, else the day it was made (today for a new one). */
function documentDate(module: string, doc: Record<string, unknown>, action: string, zone?: string): string {
  const own = doc[DOCUMENT_DATE[module]];
  if (typeof own === 'string' && own) return own.slice(0, 10);
  const made = action === 'create' || !doc.created_at ? new Date() : new Date(doc.created_at as string | Date);
  return todayOf(zone, Number.isNaN(made.getTime()) ? Date.now() : made.getTime());
}

/** The larger of two percents, either of which may be none. */
function largest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Number(a) >= Number(b) ? a : b;
}

/**
 * The card that discounts new lines: checked strictly when it is set (400 at loyalty_card_id), for its holder when the customer changes; on a later edit of the
 * lines, only while it is still usable (a card blocked since gives nothing more, without refusing the edit).
 */
async function documentCard(ctx: RequestContext, change: WriteChange, doc: Record<string, unknown>) {
  const date = documentDate(change.module, doc, change.action, ctx.user.timeZone);
  if (change.action === 'create' || 'loyalty_card_id' in change.values) return usableCard(ctx, doc.loyalty_card_id, doc, date);
  // A new customer must hold the card: it stays on the document only if it is theirs (blocked or expired since, it
  // still does not stop a correction of the contact).
  if (['account_id', 'contact_id'].some((k) => k in change.values)) await requireCardHolder(ctx, doc.loyalty_card_id, doc);
  if (!('lines' in change.values)) return null;
  try {
    return await usableCard(ctx, doc.loyalty_card_id, doc, date);
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED') return null;
    throw err;
  }
}

/** A price book's prices are in its currency: a document names one only in its own (a RUB price on a EUR quote is wrong). */
async function bookInCurrency(ctx: RequestContext, change: WriteChange): Promise<void> {
  const v = change.values;
  if (!('price_book_id' in v) && !('currency' in v)) return;
  const doc = { ...(change.before ?? {}), ...v } as Record<string, unknown>;
  if (typeof doc.price_book_id !== 'string' || !isUuid(doc.price_book_id)) return;
  const r = await sql<{ currency: string | null }>`select currency from price_books where id = ${doc.price_book_id}::uuid`.execute(ctx.db);
  const book = r.rows[0]?.currency;
  // A document of no currency is in the company's (as its prices and offers are read).
  const mine = typeof doc.currency === 'string' && doc.currency ? doc.currency : await companyCurrency(ctx.db);
  // Said at the price book, or at the currency for whom the book's field is hidden.
  const at = ctx.registry.module(change.module).fieldMap.has('price_book_id') ? 'price_book_id' : 'currency';
  if (book && book !== mine) throw validationError({ [at]: msg('is in {currency}, not in the document\'s currency', { currency: book }) }, ctx.lang);
}
