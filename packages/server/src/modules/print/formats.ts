/** Money, quantities, percents and dates as each language prints them on a document. */
import { type Lang, LOCALES } from '@karta/shared';


/** How each language writes a currency after an amount («564 396,24 руб.»). */
const SHORT_CURRENCY: Record<string, Partial<Record<Lang, string>>> = {
  RUB: { ru: 'руб.', uk: 'руб.', zh: '卢布' }, UAH: { ru: 'грн', uk: 'грн', zh: '格里夫纳' },
  CNY: { zh: '元', ru: 'юаней', uk: 'юанів' }, USD: { ru: 'долл. США', uk: 'дол. США', zh: '美元' }, EUR: { ru: 'евро', uk: 'євро', zh: '欧元' },
};

export const formatMoney = (v: unknown, lang: Lang): string =>
  v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? '' : new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(v));

export const formatQty = (v: unknown, lang: Lang) => (v === null || v === undefined || v === '' ? '' : new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 3 }).format(Number(v)));
export const formatPercent = (v: unknown, lang: Lang) => `${new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 }).format(Number(v))} %`;

/** A date as the language writes it: long («3 декабря 2026 г.», 2026年12月3日) or short (03.12.2026). */
export function formatDate(v: unknown, lang: Lang, style: 'long' | 'short' = 'long'): string {
  const s = String(v ?? '').slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return '';
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  return style === 'long'
    ? new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(d)
    : new Intl.DateTimeFormat(LOCALES[lang], { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(d);
}

export function currencyShort(currency: string, lang: Lang): string {
  return SHORT_CURRENCY[currency]?.[lang] ?? currency;
}

