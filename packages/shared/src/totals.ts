/**
 * Totals of a quote, sales order, invoice or purchase order — one pure function used by the server (what
 * is stored) and the web client (live totals while editing). Exact decimals (decimal.js), every amount
 * rounded half-up to the currency's minor unit (2 decimals for RUB, UAH, CNY, USD, EUR):
 *
 *   line gross      = quantity × list price
 *   line discount   = gross × discount % | discount amount
 *   line net        = gross − line discount
 *   line tax        = individual mode: Σ net × tax %   (group mode: 0)
 *   line total      = net + line tax
 *   items total     = Σ line totals of the lines that count (an alternative counts only when selected)
 *   range           = while an alternative group has no line chosen: the grand total with the cheapest and with the
 *                     dearest line of each such group (null when every group is decided)
 *   discount        = items total × discount % | discount amount
 *   group tax       = group mode: Σ (items total − discount) × tax %
 *   shipping tax    = Σ shipping × tax %
 *   pre-tax total   = Σ line nets − discount + shipping
 *   tax total       = Σ line taxes + group tax + shipping tax
 *   grand total     = items total − discount + group tax + shipping + shipping tax + adjustment
 */
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
type Num = string | number | null | undefined;

export interface Tax { name: string; percent: Num }
export interface LineInput {
  quantity: Num;
  list_price: Num;
  discount_percent?: Num;
  discount_amount?: Num;
  taxes?: Tax[] | null;
  is_alternative?: boolean | null;
  is_selected?: boolean | null;
  alternative_group?: string | null;
}
export interface TotalsInput {
  lines: LineInput[];
  tax_mode?: 'individual' | 'group' | null;
  group_taxes?: Tax[] | null;
  discount_percent?: Num;
  discount_amount?: Num;
  shipping_amount?: Num;
  shipping_taxes?: Tax[] | null;
  adjustment?: Num;
}
export interface LineTotals { gross: string; discount: string; net: string; tax: string; total: string; counted: boolean }
export interface Totals {
  lines: LineTotals[];
  items_total: string;
  discount: string;
  group_tax: string;
  shipping: string;
  shipping_tax: string;
  adjustment: string;
  pre_tax_total: string;
  tax_total: string;
  grand_total: string;
  /** While an alternative group is undecided: the grand total at its cheapest and at its dearest choice. */
  range: { min: string; max: string } | null;
}

const dec = (v: Num): Decimal => (v === null || v === undefined || v === '' ? new D(0) : new D(v));
const money = (v: Decimal, places: number): Decimal => v.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
const str = (v: Decimal, places: number) => v.toFixed(places);
const hasValue = (v: Num) => v !== null && v !== undefined && v !== '';

/** Σ amount × percent / 100 over the taxes, each tax rounded on its own (as printed, tax by tax). */
function taxesOn(amount: Decimal, taxes: Tax[] | null | undefined, places: number): Decimal {
  return (taxes ?? []).reduce((sum, t) => sum.plus(money(amount.times(dec(t.percent)).div(100), places)), new D(0));
}

/** A discount given as a percent of `base` or as an amount; the percent wins when both are sent. */
function discountOf(base: Decimal, percent: Num, amount: Num, places: number): Decimal {
  if (hasValue(percent)) return money(base.times(dec(percent)).div(100), places);
  return money(dec(amount), places);
}

export function computeTotals(doc: TotalsInput, places = 2): Totals {
  const individual = doc.tax_mode === 'individual';
  const lines = doc.lines.map((l): LineTotals & { netD: Decimal; taxD: Decimal; totalD: Decimal } => {
    const gross = money(dec(l.quantity).times(dec(l.list_price)), places);
    const discount = discountOf(gross, l.discount_percent, l.discount_amount, places);
    const net = gross.minus(discount);
    const tax = individual ? taxesOn(net, l.taxes, places) : new D(0);
    const total = net.plus(tax);
    const counted = !(l.is_alternative || l.alternative_group) || !!l.is_selected;
    return {
      gross: str(gross, places), discount: str(discount, places), net: str(net, places), tax: str(tax, places), total: str(total, places),
      counted, netD: net, taxD: tax, totalD: total,
    };
  });
  const counted = lines.filter((l) => l.counted);
  const sum = (f: (l: (typeof lines)[number]) => Decimal) => counted.reduce((s, l) => s.plus(f(l)), new D(0));
  const itemsTotal = sum((l) => l.totalD);
  const shipping = money(dec(doc.shipping_amount), places);
  const shippingTax = taxesOn(shipping, doc.shipping_taxes, places);
  const adjustment = money(dec(doc.adjustment), places);
  /** The document's discount, group tax and grand total over an items total. */
  const over = (items: Decimal) => {
    const discount = discountOf(items, doc.discount_percent, doc.discount_amount, places);
    const groupTax = individual ? new D(0) : taxesOn(items.minus(discount), doc.group_taxes, places);
    return { discount, groupTax, grand: items.minus(discount).plus(groupTax).plus(shipping).plus(shippingTax).plus(adjustment) };
  };
  const { discount, groupTax, grand } = over(itemsTotal);
  const lineTaxes = sum((l) => l.taxD);
  // Undecided groups: each adds its cheapest or its dearest line to what is counted.
  const open = new Map<string, Decimal[]>();
  doc.lines.forEach((l, i) => {
    if (l.alternative_group && !doc.lines.some((x) => x.alternative_group === l.alternative_group && x.is_selected)) {
      open.set(l.alternative_group, [...(open.get(l.alternative_group) ?? []), lines[i].totalD]);
    }
  });
  const extreme = (pick: (xs: Decimal[]) => Decimal) => [...open.values()].reduce((s, xs) => s.plus(pick(xs)), itemsTotal);
  const range = open.size ? { min: str(over(extreme((xs) => D.min(...xs))).grand, places), max: str(over(extreme((xs) => D.max(...xs))).grand, places) } : null;
  return {
    lines: lines.map(({ netD: _n, taxD: _t, totalD: _s, ...l }) => l),
    items_total: str(itemsTotal, places),
    discount: str(discount, places),
    group_tax: str(groupTax, places),
    shipping: str(shipping, places),
    shipping_tax: str(shippingTax, places),
    adjustment: str(adjustment, places),
    pre_tax_total: str(sum((l) => l.netD).minus(discount).plus(shipping), places),
    tax_total: str(lineTaxes.plus(groupTax).plus(shippingTax), places),
    grand_total: str(grand, places),
    range,
  };
}
