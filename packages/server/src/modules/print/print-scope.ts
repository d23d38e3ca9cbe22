/**
 * What a print template reads: the record's fields (as text in the template's language), its references
 * (`{{account_id.inn}}`), and for quotes, orders and invoices the parties with their requisites, the lines with
 * article and unit, the totals with VAT named by its tax class, and the amount in words.
 */
import { amountInWords, numberInWords, pickText, type Lang } from '@karta/shared';
import { computeTotals, type TotalsInput } from '@karta/shared/totals';
import { readCompany, type Company } from '../../admin/company-routes.js';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import type { RecordJson } from '../../engine/records/serialize.js';
import { displayValue, flatValues, MAX_REFERENCE_LOADS, recordScope, userValues } from '../automation/merge-fields.js';
import { DOCUMENT_DATE, DOCUMENT_MODULES } from '../line-items/behaviour.js';
import { itemKeysOf, loadItems } from '../line-items/items.js';
import { pdfLabel } from '../line-items/pdf-labels.js';
import { currencyShort, formatDate, formatMoney, formatPercent, formatQty } from './formats.js';
import { todayOf } from '../../platform/time-zone.js';

/** Units as forms print them (шт., ч; 件, 小时), by the products' and services' usage-unit values. */
const UNIT_SHORT: Record<string, [string, string, string, string]> = {
  pieces: ['pcs', 'шт.', 'шт.', '件'], box: ['box', 'кор.', 'кор.', '盒'], pack: ['pack', 'упак.', 'упак.', '包'], carton: ['ctn', 'ящ.', 'ящ.', '箱'],
  dozen: ['doz.', 'дюж.', 'дюж.', '打'], set: ['set', 'компл.', 'компл.', '套'], kg: ['kg', 'кг', 'кг', '千克'], m: ['m', 'м', 'м', '米'],
  sq_m: ['m²', 'м²', 'м²', '平方米'], l: ['l', 'л', 'л', '升'], hours: ['h', 'ч', 'год', '小时'], days: ['days', 'дн.', 'дн.', '天'], incidents: ['cases', 'обр.', 'зверн.', '次'],
};
const LANG_INDEX: Record<Lang, number> = { en: 0, ru: 1, uk: 2, zh: 3 };

const joinAddress = (parts: unknown[]) => parts.map((p) => String(p ?? '').trim()).filter(Boolean).join(', ');

function companyScope(c: Company): Record<string, unknown> {
  return { ...c, address: joinAddress([c.postal_code, c.country, c.region, c.city, c.street]) };
}

/** A referenced record's fields, loaded with the reader's visibility; empty when they may not see it. */
async function partyScope(ctx: RequestContext, module: string, id: unknown, lang: Lang): Promise<Record<string, string>> {
  if (typeof id !== 'string') return {};
  try {
    const { data, refs } = await getRecord(ctx, module, id);
    const values = flatValues(ctx, module, data, refs, lang);
    const address = (kind: string) => joinAddress(['postal_code', 'country', 'region', 'city', 'street'].map((p) => data[`${kind}_${p}`]));
    return { ...values, address: address('billing') || address('mailing'), shipping_address: address('shipping') };
  } catch {
    return {};
  }
}

/** The tax classes' names in a language ("vat_20" → «НДС 20%»); other tax names print as they are. */
function taxName(ctx: RequestContext, name: string, lang: Lang): string {
  const option = ctx.registry.module('products').allFields.find((f) => f.name === 'tax_class')?.options?.find((o) => o.value === name);
  return option ? pickText(option.label, lang) : name;
}

interface StoredLine {
  item_module?: string | null; item_id?: string | null; description?: string | null; code?: string | null; quantity?: string; list_price?: string;
  discount_total?: string; net?: string; tax?: string; total?: string; taxes?: { name: string; percent: string | number }[];
  is_alternative?: boolean; is_selected?: boolean; alternative_group?: string | null;
}

async function documentScope(ctx: RequestContext, module: string, data: RecordJson, lang: Lang): Promise<Record<string, unknown>> {
  const currency = typeof data.currency === 'string' && data.currency ? data.currency : '';
  const stored = ((data.lines as StoredLine[] | null) ?? []).filter((l) => !l.is_alternative || l.is_selected);
  const items = await loadItems(ctx, stored.map((l) => ({ item_module: (l.item_module ?? null) as 'products' | null, item_id: l.item_id ?? null })), null, itemKeysOf(stored));
  const unitLabel = (itemModule: string, value: string | null) => {
    if (!value) return '';
    if (UNIT_SHORT[value]) return UNIT_SHORT[value][LANG_INDEX[lang]];
    const f = ctx.registry.has(itemModule) ? ctx.registry.module(itemModule).allFields.find((x) => x.name === 'usage_unit') : undefined;
    return f ? displayValue(f, value, lang) : value; // a unit an administrator added
  };
  const individual = data.tax_mode === 'individual';
  const lines = stored.map((l, i) => {
    const item = l.item_id ? items.get(`${l.item_module}:${l.item_id}`) : undefined;
    const taxes = l.taxes ?? [];
    return {
      n: i + 1, code: l.code || item?.code || '', name: l.description || item?.name || '', unit: item ? unitLabel(item.module, item.unit) : '',
      quantity: formatQty(l.quantity, lang), price: formatMoney(l.list_price, lang), discount: Number(l.discount_total) ? formatMoney(l.discount_total, lang) : '',
      net: formatMoney(l.net, lang), tax: individual ? formatMoney(l.tax, lang) : '', total: formatMoney(individual ? l.total : l.net, lang),
      tax_rate: individual && taxes.length ? taxes.map((t) => formatPercent(t.percent, lang)).join(' + ') : '',
      tax_name: individual ? taxes.map((t) => taxName(ctx, t.name, lang)).join(', ') : '',
      raw: { quantity: l.quantity ?? '', price: l.list_price ?? '', net: l.net ?? '', tax: l.tax ?? '', total: l.total ?? '' },
    };
  });
  // Every line of an alternative group, marked when chosen: the customer sees what they may pick from.
  const alternatives = ((data.lines as StoredLine[] | null) ?? []).filter((l) => l.alternative_group).map((l) => ({
    group: l.alternative_group, name: l.description ?? '', quantity: formatQty(l.quantity, lang), price: formatMoney(l.list_price, lang),
    total: formatMoney(individual ? l.total : l.net, lang), chosen: !!l.is_selected,
  }));
  const totalsNow = computeTotals({ ...(data as unknown as TotalsInput), lines: (data.lines as TotalsInput['lines']) ?? [] });
  const taxNames = [...new Set((individual ? stored.flatMap((l) => l.taxes ?? []) : ((data.group_taxes as StoredLine['taxes']) ?? []).filter((t) => Number(t.percent)))
    .map((t) => taxName(ctx, t.name, lang)))];
  const discount = totalsNow.discount;
  const grand = String(data.grand_total ?? '0');
  const withCurrency = (v: unknown) => {
    const text = formatMoney(v, lang);
    return text && currency ? `${text} ${currencyShort(currency, lang)}` : text;
  };
  const date = (DOCUMENT_DATE[module] ? data[DOCUMENT_DATE[module]] : null) ?? data.created_at;
  return {
    document: {
      title: pdfLabel(module as 'quotes', lang), number: data.number ?? '', date: formatDate(date, lang), date_short: formatDate(date, lang, 'short'),
      due_date: formatDate(data.due_date ?? data.valid_until_date, lang), currency, currency_short: currencyShort(currency, lang),
    },
    lines,
    alternatives,
    totals: {
      range: totalsNow.range ? `${formatMoney(totalsNow.range.min, lang)} – ${formatMoney(totalsNow.range.max, lang)}` : '',
      items_total: formatMoney(data.items_total, lang), discount: Number(discount) ? formatMoney(discount, lang) : '',
      pre_tax_total: formatMoney(data.pre_tax_total, lang), tax_total: formatMoney(data.tax_total, lang), grand_total: formatMoney(grand, lang),
      grand_total_currency: withCurrency(grand), shipping: Number(data.shipping_amount) ? formatMoney(data.shipping_amount, lang) : '',
      adjustment: Number(data.adjustment) ? formatMoney(data.adjustment, lang) : '',
      has_tax: Number(data.tax_total) > 0, per_line_tax: individual, has_line_discount: lines.some((l) => l.discount !== ''), vat_label: taxNames.join(', '),
      lines_count: lines.length, lines_count_words: numberInWords(lines.length, lang),
      in_words: amountInWords(grand, currency, lang), raw_grand_total: grand, raw_tax_total: String(data.tax_total ?? '0'),
    },
    customer: await partyScope(ctx, module === 'purchase_orders' ? 'vendors' : 'accounts', module === 'purchase_orders' ? data.vendor_id : data.account_id, lang),
    contact: await partyScope(ctx, 'contacts', data.contact_id, lang),
  };
}

/** What every page of a print shares: the company, who prints, today (read once for a merge of many records). */
export interface PrintCommon { company: Record<string, unknown>; user: Record<string, string>; today: string; lang: Lang }

export async function printCommon(ctx: RequestContext, lang: Lang, now = Date.now()): Promise<PrintCommon> {
  // Today on the printing user's clock (their zone, else the company's), as e-mail templates read it.
  return { company: companyScope(await readCompany(ctx.db)), user: await userValues(ctx, ctx.user.id), today: formatDate(todayOf(ctx.user.timeZone, now), lang), lang };
}

/** The merge values of one record for a template in `lang`; reading it needs the caller's visibility (else 404). */
export async function printScope(ctx: RequestContext, module: string, id: string, lang: Lang, common: PrintCommon): Promise<Record<string, unknown>> {
  const { data, refs } = await getRecord(ctx, module, id);
  const scope = recordScope(ctx, module, data, refs, lang, { left: MAX_REFERENCE_LOADS });
  Object.assign(scope, common);
  scope.currency = typeof data.currency === 'string' ? data.currency : '';
  if (DOCUMENT_MODULES.includes(module)) Object.assign(scope, await documentScope(ctx, module, data, lang));
  return scope;
}
