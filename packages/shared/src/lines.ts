/**
 * Line items of a document as the API takes them, checked field by field with errors at their path
 * (`lines[2].quantity`), and normalised to exact decimal strings for computeTotals and storage.
 */
import Decimal from 'decimal.js';
import { fieldMessage } from './validation.js';
import type { Lang } from './i18n.js';
import type { LineInput, Tax } from './totals.js';

export const ITEM_MODULES = ['products', 'services'] as const;

export interface Line extends LineInput {
  item_module: (typeof ITEM_MODULES)[number] | null;
  item_id: string | null;
  description: string | null;
  quantity: string;
  list_price: string;
  discount_percent: string | null;
  discount_amount: string | null;
  taxes: Tax[];
  is_alternative: boolean;
  is_selected: boolean;
  /** Lines sharing a group are alternatives for one need (two TV models): the customer takes one, the one selected. */
  alternative_group: string | null;
}

const MSG: Record<'positive' | 'not_negative' | 'percent' | 'one_discount' | 'item_module' | 'list' | 'one_choice', Record<Lang, string>> = {
  one_choice: { en: 'only one line of an alternative group can be chosen', ru: 'из группы альтернатив можно выбрать только одну позицию', uk: 'з групи альтернатив можна вибрати лише одну позицію', zh: '同一备选组只能选择一行' },
  positive: { en: 'must be a number greater than 0', ru: 'должно быть числом больше 0', uk: 'має бути числом, більшим за 0', zh: '必须是大于 0 的数字' },
  not_negative: { en: 'must be a number, 0 or more', ru: 'должно быть числом не меньше 0', uk: 'має бути числом, не меншим за 0', zh: '必须是不小于 0 的数字' },
  percent: { en: 'must be a percent from 0 to 100', ru: 'должно быть процентом от 0 до 100', uk: 'має бути відсотком від 0 до 100', zh: '必须是 0 到 100 之间的百分比' },
  one_discount: { en: 'give a discount percent or an amount, not both', ru: 'укажите скидку либо в процентах, либо суммой', uk: 'вкажіть знижку або у відсотках, або сумою', zh: '折扣只能填写百分比或金额之一' },
  item_module: { en: 'must be products or services', ru: 'должно быть products или services', uk: 'має бути products або services', zh: '必须是 products 或 services' },
  list: { en: 'must be a list of at most 500 lines', ru: 'должно быть списком не более чем из 500 позиций', uk: 'має бути списком не більше ніж із 500 позицій', zh: '必须是不超过 500 行的列表' },
};
const msg = (k: keyof typeof MSG, lang: Lang) => MSG[k][lang] ?? MSG[k].en;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function number(v: unknown, rule: 'positive' | 'not_negative' | 'percent', path: string, errors: Record<string, string>, lang: Lang, money = false): string | null {
  if (v === null || v === undefined || v === '') return null;
  let d: Decimal;
  try {
    if (typeof v !== 'number' && typeof v !== 'string') throw new Error();
    d = new Decimal(typeof v === 'string' ? v.trim().replace(',', '.') : v);
    if (!d.isFinite() || d.decimalPlaces() > 6 || d.abs().greaterThan('1e13')) throw new Error();
  } catch {
    errors[path] = fieldMessage('decimal', lang);
    return null;
  }
  if ((rule === 'positive' && !d.greaterThan(0)) || (rule !== 'positive' && d.isNegative()) || (rule === 'percent' && d.greaterThan(100))) {
    errors[path] = msg(rule, lang);
    return null;
  }
  // Money keeps at least its minor unit (49987 → "49987.00"); quantities and percents stay as given.
  return money ? d.toFixed(Math.max(2, d.decimalPlaces())) : d.toFixed();
}

export function parseTaxes(raw: unknown, path: string, errors: Record<string, string>, lang: Lang): Tax[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) { errors[path] = msg('list', lang); return []; }
  return raw.map((t, i) => {
    const name = typeof t?.name === 'string' ? t.name.trim() : '';
    if (!name) errors[`${path}[${i}].name`] = fieldMessage('required', lang);
    const percent = number(t?.percent, 'percent', `${path}[${i}].percent`, errors, lang);
    if (percent === null && !errors[`${path}[${i}].percent`]) errors[`${path}[${i}].percent`] = fieldMessage('required', lang);
    return { name, percent: percent ?? '0' };
  });
}

/** Checks and normalises `lines`; the item's existence and visibility are the server's to check. */
export function parseLines(raw: unknown, lang: Lang): { lines: Line[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (raw === null || raw === undefined) return { lines: [], errors };
  if (!Array.isArray(raw) || raw.length > 500) return { lines: [], errors: { lines: msg('list', lang) } };
  const lines = raw.map((l: any, i): Line => {
    const p = `lines[${i}]`;
    if (!l || typeof l !== 'object' || Array.isArray(l)) { errors[p] = fieldMessage('text', lang); return null as unknown as Line; }
    const itemId = l.item_id ?? null;
    if (itemId !== null && (typeof itemId !== 'string' || !UUID.test(itemId))) errors[`${p}.item_id`] = fieldMessage('id', lang);
    const itemModule = l.item_module ?? (itemId ? 'products' : null);
    if (itemModule !== null && !ITEM_MODULES.includes(itemModule)) errors[`${p}.item_module`] = msg('item_module', lang);
    const description = l.description === undefined || l.description === null ? null : String(l.description).slice(0, 4000);
    if (!itemId && !description) errors[`${p}.item_id`] = fieldMessage('required', lang);
    const quantity = number(l.quantity ?? 1, 'positive', `${p}.quantity`, errors, lang);
    const listPrice = number(l.list_price, 'not_negative', `${p}.list_price`, errors, lang, true);
    const discountPercent = number(l.discount_percent, 'percent', `${p}.discount_percent`, errors, lang);
    const discountAmount = number(l.discount_amount, 'not_negative', `${p}.discount_amount`, errors, lang, true);
    if (discountPercent !== null && discountAmount !== null) errors[`${p}.discount_amount`] = msg('one_discount', lang);
    const group = typeof l.alternative_group === 'string' && l.alternative_group.trim() ? l.alternative_group.trim().slice(0, 50) : null;
    const alternative = group !== null || l.is_alternative === true;
    return {
      item_module: itemModule, item_id: itemId, description, quantity: quantity ?? '0', list_price: listPrice ?? '',
      discount_percent: discountPercent, discount_amount: discountAmount, taxes: parseTaxes(l.taxes, `${p}.taxes`, errors, lang),
      is_alternative: alternative, is_selected: alternative ? l.is_selected === true : true, alternative_group: group,
    };
  });
  // One chosen line per group: a second one is refused where it is.
  const chosen = new Set<string>();
  lines.forEach((l, i) => {
    if (!l?.alternative_group || !l.is_selected) return;
    if (chosen.has(l.alternative_group)) errors[`lines[${i}].is_selected`] = msg('one_choice', lang);
    chosen.add(l.alternative_group);
  });
  return { lines, errors };
}
