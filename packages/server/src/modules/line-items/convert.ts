import type { ActionHandler } from '../../engine/registry/behaviour.js';
import { createRecord } from '../../engine/records/create.js';
import { getRecord } from '../../engine/records/get.js';
import { duplicateAction } from '../../engine/records/duplicate.js';
import { listRelated } from '../../engine/records/related.js';
import { can } from '../../engine/access/permissions.js';
import { SYSTEM_FIELD_NAMES } from '../../engine/registry/system-fields.js';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../../engine/context.js';
import { usableOffer } from '../pricing/offer-pricing.js';
import { msg } from '../../platform/messages/say.js';
import { pickText } from '@karta/shared';
import { todayOf } from '../../platform/time-zone.js';

/** What each document converts into, and the field of the new document that points back. */
export const CONVERSIONS: Record<string, Record<string, string>> = {
  quotes: { sales_orders: 'quote_id', invoices: 'quote_id' },
  sales_orders: { invoices: 'sales_order_id' },
};
const LINE_INPUT = ['item_module', 'item_id', 'description', 'quantity', 'list_price', 'discount_percent', 'discount_amount', 'taxes'];
/** Not carried over: the new document's own state, and `due_date`, an order's fulfilment deadline but an invoice's payment date. */
const NOT_COPIED = new Set(['status', 'lines', 'due_date', ...SYSTEM_FIELD_NAMES]);

/** Only the lines the customer took: an unselected alternative stays behind, a selected one becomes an ordinary line. */
export function selectedLines(lines: unknown): Record<string, unknown>[] {
  return (Array.isArray(lines) ? lines : [])
    .filter((l) => !l.is_alternative || l.is_selected)
    .map((l) => Object.fromEntries(LINE_INPUT.filter((k) => l[k] !== undefined && l[k] !== null).map((k) => [k, l[k]])));
}

/** Groups of alternatives of which no line is chosen yet (pure). */
export function undecidedGroups(lines: unknown): string[] {
  const all = (Array.isArray(lines) ? lines : []) as { alternative_group?: string | null; is_selected?: boolean }[];
  const groups = new Set(all.map((l) => l.alternative_group).filter((g): g is string => !!g));
  return [...groups].filter((g) => !all.some((l) => l.alternative_group === g && l.is_selected));
}

/**
 * `POST /records/{quotes|sales_orders}/{id}/actions/convert {"to": …}` → 201 with the new document:
 * every field both documents have (account, contact, deal, addresses, currency, terms, discounts,
 * shipping…), the selected lines, and the link back — through the normal create pipeline.
 */
export const convertDocument: ActionHandler = async (ctx, id, body, module) => {
  const to = (body as { to?: unknown } | null)?.to;
  const back = typeof to === 'string' ? CONVERSIONS[module]?.[to] : undefined;
  if (!back) {
    const allowed = Object.keys(CONVERSIONS[module] ?? {}).join(' or ');
    throw new AppError('VALIDATION_FAILED', msg('A {module} record converts to {allowed}', { module, allowed }), { to: msg('must be {values}', { values: allowed }) });
  }
  const { data: source } = await getRecord(ctx, module, id);
  const undecided = undecidedGroups(source.lines);
  if (undecided.length) throw new AppError('VALIDATION_FAILED', msg('Choose one line of each group of alternatives first: {groups}', { groups: undecided.join(', ') }), { lines: msg('Choose one line of each group of alternatives first: {groups}', { groups: undecided.join(', ') }) });
  const target = ctx.registry.module(to as string);
  const input: Record<string, unknown> = {};
  for (const f of target.fields) {
    if (f.readOnly || NOT_COPIED.has(f.name) || !(f.name in source) || source[f.name] === null) continue;
    input[f.name] = source[f.name];
  }
  // "No price book" is a choice the next document keeps (it would otherwise take the customer group's book).
  // (Only when the caller sees the quote's book field and may write the target's.)
  const book = target.fieldMap.get('price_book_id');
  if (book && !book.readOnly && 'price_book_id' in source && source.price_book_id === null) input.price_book_id = null;
  input.lines = selectedLines(source.lines);
  input[back] = id;
  return { status: 201, body: { data: await createRecord(ctx, target.name, input) } };
};

/** `POST /records/products/{id}/actions/create_purchase_order` → 201: a purchase order to the product's vendor for it. */
export const purchaseOrderFromProduct: ActionHandler = async (ctx, id) => {
  const { data: p } = await getRecord(ctx, 'products', id);
  if (!p.vendor_id) throw new AppError('VALIDATION_FAILED', 'The product has no vendor', { vendor_id: 'is required to order from a vendor' });
  const quantity = Number(p.min_order_qty) > 0 ? String(p.min_order_qty) : '1';
  const po = await createRecord(ctx, 'purchase_orders', {
    subject: String(p.name), vendor_id: p.vendor_id,
    lines: [{ item_module: 'products', item_id: id, quantity, ...(p.purchase_cost != null ? { list_price: p.purchase_cost } : {}) }],
  });
  return { status: 201, body: { data: po } };
};

/**
 * A quote from a deal: its account, contact, currency and offer, and a line per product and service of the deal
 * (the ones the caller may see; quantity 1 at the item's price — the offer's, when the deal has one).
 */
/**
 * A copy of a document starts at its first status: a copy of a paid invoice is a new bill, not a second payment (which
 * would take the stock again and earn the card's points again); a copy of an accepted quote is a new proposal.
 */
export const duplicateDocument = duplicateAction(['status']);

const MAX_DEAL_ITEMS = 200;

export const quoteFromDeal: ActionHandler = async (ctx, id) => {
  const { data: d } = await getRecord(ctx, 'deals', id);
  const lines = [];
  for (const module of ['products', 'services'] as const) {
    // Items of a module the caller's profile cannot view are not theirs to quote (the rest still are).
    if (!can(ctx, module, 'view')) continue;
    const related = await listRelated(ctx, 'deals', id, module, { limit: MAX_DEAL_ITEMS, fields: ['name'], sort: 'name' });
    // More than a quote is made from at once: said, rather than a quote silently missing the rest.
    if (related.next_cursor) {
      throw new AppError('VALIDATION_FAILED', msg('The deal has more than {max} {module}: make the quote by hand', { max: MAX_DEAL_ITEMS, module: pickText(ctx.registry.module(module).label.many, ctx.lang) }));
    }
    for (const item of related.data) lines.push({ item_module: module, item_id: item.id, quantity: '1' });
  }
  const quote = await createRecord(ctx, 'quotes', {
    subject: String(d.name), deal_id: id, account_id: d.account_id ?? null, contact_id: d.contact_id ?? null,
    ...(d.currency ? { currency: d.currency } : {}), ...(await offerOfDeal(ctx, d) ? { offer_id: d.offer_id } : {}), status: 'created', lines,
  });
  return { status: 201, body: { data: quote } };
};

/** The deal's offer, when it can price a quote today (else the quote is made without it, not refused). */
async function offerOfDeal(ctx: RequestContext, d: Record<string, unknown>): Promise<boolean> {
  if (!d.offer_id) return false;
  try {
    return !!(await usableOffer(ctx, d.offer_id, d.account_id ?? null, d.currency ?? null, todayOf(ctx.user.timeZone)));
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED') return false;
    throw err;
  }
}
