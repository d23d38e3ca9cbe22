import { typedNumber } from '../../i18n/format';
import type { RecordData } from '../../api/types';

/** One editable line; numbers stay strings as typed so nothing is lost to floating point. */
export interface DraftLine {
  key: number;
  item: { module: string; id: string; name: string } | null;
  code: string | null;
  description: string;
  quantity: string;
  list_price: string;
  discount_percent: string;
  /** A discount as an amount (set through the API, an import or a migration): kept, and dropped once a percent is typed. */
  discount_amount?: string;
  tax_percent: string;
  tax_name: string;
  /** The line's taxes after the first, which this editor does not show: carried unchanged. */
  more_taxes?: Tax[];
  is_alternative: boolean;
  is_selected: boolean;
  /** The alternatives this line is one of (lines with the same group are offered for one need). */
  alternative_group: string;
  /** Where the saved price came from, as the server worked it out (shown until the next save). */
  source: { price_source: string; offer_price?: string; deviation?: boolean } | null;
}
interface Tax { name: string; percent: string }
export interface Draft {
  lines: DraftLine[];
  tax_mode: 'individual' | 'group';
  group_tax_percent: string;
  /** The group tax's own name ("НДС"), and the document's taxes this editor does not edit: carried unchanged. */
  group_tax_name?: string;
  more_group_taxes?: Tax[];
  shipping_taxes?: Tax[];
  discount_percent: string;
  discount_amount: string;
  shipping_amount: string;
  adjustment: string;
}

let next = 1;
/** After restoring a draft, new lines get keys of their own. */
export function reserveKeys(lines: { key: number }[]): void {
  next = Math.max(next, ...lines.map((l) => l.key + 1));
}
export const emptyLine = (): DraftLine => ({
  key: next++, item: null, code: null, description: '', quantity: '1', list_price: '', discount_percent: '', tax_percent: '', tax_name: 'VAT',
  is_alternative: false, is_selected: true, alternative_group: '', source: null,
});

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function draftFrom(doc: RecordData): Draft {
  const lines = (Array.isArray(doc.lines) ? doc.lines : []) as Record<string, any>[];
  const groupTaxes = (Array.isArray(doc.group_taxes) ? doc.group_taxes : []) as Tax[];
  return {
    lines: lines.map((l) => ({
      ...emptyLine(), item: l.item_id ? { module: l.item_module, id: l.item_id, name: l.description ?? '' } : null, code: l.code ?? null,
      description: s(l.description), quantity: s(l.quantity), list_price: s(l.list_price), discount_percent: s(l.discount_percent),
      discount_amount: s(l.discount_amount), more_taxes: Array.isArray(l.taxes) ? l.taxes.slice(1) : [],
      tax_percent: s(l.taxes?.[0]?.percent), tax_name: l.taxes?.[0]?.name ?? 'VAT', is_alternative: !!l.is_alternative, is_selected: l.is_selected !== false,
      alternative_group: l.alternative_group ?? '',
      source: l.price_source ? { price_source: l.price_source, offer_price: l.offer_price, deviation: l.deviation } : null,
    })),
    tax_mode: doc.tax_mode === 'individual' ? 'individual' : 'group',
    group_tax_percent: s(groupTaxes[0]?.percent), group_tax_name: groupTaxes[0]?.name ?? 'VAT', more_group_taxes: groupTaxes.slice(1),
    shipping_taxes: Array.isArray(doc.shipping_taxes) ? (doc.shipping_taxes as Tax[]) : [],
    discount_percent: s(doc.discount_percent), discount_amount: s(doc.discount_amount),
    shipping_amount: s(doc.shipping_amount), adjustment: s(doc.adjustment),
  };
}

/**
 * A number as typed, in the API's form: "1 234,50" (the grouping this editor shows) and "1234,5" become "1234.50" and
 * "1234.5"; what is not a number is sent as typed, for the server to say so at its field.
 */
export const orNull = (v: string) => (v.trim() === '' ? null : typedNumber(v));

/** The document fields a draft writes (what computeTotals and the API both take). */
export function draftToInput(d: Draft) {
  return {
    tax_mode: d.tax_mode,
    group_taxes: [...(orNull(d.group_tax_percent) ? [{ name: d.group_tax_name || 'VAT', percent: orNull(d.group_tax_percent) }] : []), ...(d.more_group_taxes ?? [])],
    discount_percent: orNull(d.discount_percent), discount_amount: orNull(d.discount_percent) ? null : orNull(d.discount_amount),
    shipping_amount: orNull(d.shipping_amount), adjustment: orNull(d.adjustment),
    lines: d.lines.map((l) => ({
      ...(l.item ? { item_module: l.item.module, item_id: l.item.id } : {}),
      description: l.description || null, quantity: orNull(l.quantity) ?? '0', list_price: orNull(l.list_price),
      discount_percent: orNull(l.discount_percent), discount_amount: orNull(l.discount_percent) ? null : orNull(l.discount_amount ?? ''),
      taxes: [...(orNull(l.tax_percent) ? [{ name: l.tax_name || 'VAT', percent: orNull(l.tax_percent) }] : []), ...(l.more_taxes ?? [])],
      is_alternative: l.is_alternative, is_selected: l.is_selected, alternative_group: l.is_alternative && l.alternative_group.trim() ? l.alternative_group.trim().slice(0, 50) : null,
    })),
  };
}

/**
 * What the live totals are computed from: the draft and the document's shipping taxes, which this editor does not edit
 * and so does not send (the server keeps them; a profile may even hide them).
 */
export function previewInput(d: Draft) {
  return { ...draftToInput(d), shipping_taxes: d.shipping_taxes ?? [] };
}

/** The totals preview tolerates half-typed numbers: anything that is not a number counts as 0. */
export function safeNumber(v: string | null | undefined): string {
  return v && /^-?\d+(\.\d+)?$/.test(v) ? v : '0';
}
