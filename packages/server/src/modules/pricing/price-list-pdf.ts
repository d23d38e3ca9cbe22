/**
 * Printed prices in the app's fonts (Cyrillic and Chinese alike): the price list at a date as a PDF table, and price
 * labels (ценники) — a card per item with its name, code and price of one type at a date, three to a row.
 */
import type { Lang } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { readCompany } from '../../admin/company-routes.js';
import { escapeHtml as esc } from '../marketing/web-form-page.js';
import { currencyShort, formatDate, formatMoney } from '../print/formats.js';
import { renderPdf } from '../print/pdf-pool.js';
import { priceList } from './price-list.js';
import type { PriceType } from './price-register.js';

/** A printed list holds at most this many items (the XLSX holds them all). */
export const MAX_PDF_ITEMS = 2_000;
export const MAX_LABELS = 300;

const WORDS: Record<Lang, { title: string; number: string; name: string; first: string; labels: string }> = {
  en: { title: 'Price list at {date}', number: 'No.', name: 'Name', first: 'The first {n} of {total} items; the XLSX price list holds them all.', labels: 'Price labels' },
  ru: { title: 'Прайс-лист на {date}', number: '№', name: 'Наименование', first: 'Первые {n} из {total} позиций; в прайс-листе XLSX — все.', labels: 'Ценники' },
  uk: { title: 'Прайс-лист на {date}', number: '№', name: 'Найменування', first: 'Перші {n} з {total} позицій; у прайс-листі XLSX — усі.', labels: 'Цінники' },
  zh: { title: '{date} 价目表', number: '编号', name: '名称', first: '仅列出 {total} 项中的前 {n} 项；XLSX 价目表包含全部。', labels: '价签' },
};

const money = (v: string | undefined, lang: Lang) => (v === undefined ? '—' : formatMoney(v, lang));

export async function priceListPdf(ctx: RequestContext, types: PriceType[], date: string, segmentId: string | null): Promise<Buffer> {
  const w = WORDS[ctx.lang];
  const { items, prices } = await priceList(ctx, types, date, segmentId);
  const shown = items.slice(0, MAX_PDF_ITEMS);
  const company = await readCompany(ctx.db);
  const head = `<tr><th width="60">${w.number}</th><th>${w.name}</th>${types.map((t) => `<th width="90">${esc(t.name)}${t.currency ? ` (${esc(currencyShort(t.currency, ctx.lang))})` : ''}</th>`).join('')}</tr>`;
  const rows = shown.map((i) => `<tr><td>${esc(i.number ?? '')}</td><td>${esc(i.name)}</td>${types.map((t) => `<td style="text-align:right">${money(prices.get(i.id)?.get(t.id), ctx.lang)}</td>`).join('')}</tr>`);
  const html = `<p><b>${esc(company.name ?? '')}</b></p><h2>${esc(w.title.replace('{date}', formatDate(date, ctx.lang)))}</h2>
${items.length > shown.length ? `<p>${esc(w.first.replace('{n}', String(shown.length)).replace('{total}', String(items.length)))}</p>` : ''}
<table border="1">${head}
${rows.join('\n')}</table>`;
  return renderPdf([html], { paper: 'A4', orientation: types.length > 4 ? 'landscape' : 'portrait', title: w.title.replace('{date}', date) }, ctx.user.id);
}

/** Labels for the chosen items the caller may see: a card each with the price of `type` at `date`, three to a row. */
export async function priceLabelsPdf(ctx: RequestContext, type: PriceType, date: string, itemIds: string[]): Promise<Buffer> {
  const { items, prices } = await priceList(ctx, [type], date, null, itemIds);
  const company = await readCompany(ctx.db);
  const currency = type.currency ? currencyShort(type.currency, ctx.lang) : '';
  const card = (i: (typeof items)[number]) => `<td width="33%" style="text-align:center"><small>${esc(company.name ?? '')}</small><br><b>${esc(i.name)}</b><br>
<span style="font-size:22pt"><b>${money(prices.get(i.id)?.get(type.id), ctx.lang)}</b></span> ${esc(currency)}<br><small>${esc(i.number ?? '')} · ${esc(formatDate(date, ctx.lang))}</small></td>`;
  const rows: string[] = [];
  for (let k = 0; k < items.length; k += 3) {
    const three = items.slice(k, k + 3);
    rows.push(`<tr>${three.map(card).join('')}${'<td width="33%"></td>'.repeat(3 - three.length)}</tr>`);
  }
  const html = `<table border="1">${rows.join('\n')}</table>`;
  return renderPdf([html], { paper: 'A4', orientation: 'portrait', title: WORDS[ctx.lang].labels }, ctx.user.id);
}
