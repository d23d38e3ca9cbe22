/**
 * The English forms (quote, pro-forma invoice, purchase order) and the plain layout every other document prints
 * with when no template of its module exists: the same pieces, with the words of the reader's language.
 */
import type { Lang } from '@karta/shared';
import { pdfLabel } from '../../line-items/pdf-labels.js';
import { LOGO, linesTable, opt, signatures, totalsTable, type Words } from './form-parts.js';
import type { StandardForm } from './standard-forms.js';

const EXTRA: Record<'unit' | 'vat' | 'vat_included' | 'no_vat' | 'in_words' | 'signature' | 'to' | 'ship_to' | 'alternatives' | 'group' | 'chosen' | 'range', [string, string, string, string]> = {
  unit: ['Unit', 'Ед.', 'Од.', '单位'],
  vat: ['VAT', 'НДС', 'ПДВ', '增值税'],
  vat_included: ['Including', 'В том числе', 'У тому числі', '其中'],
  no_vat: ['No VAT', 'Без налога (НДС)', 'Без ПДВ', '免税'],
  in_words: ['Amount in words', 'Сумма прописью', 'Сума прописом', '大写金额'],
  signature: ['Authorised signature', 'Подпись', 'Підпис', '签字'],
  to: ['To', 'Кому', 'Кому', '致'],
  ship_to: ['Ship to', 'Доставить', 'Доставити', '收货地址'],
  alternatives: ['Alternatives (one of each group is taken)', 'Альтернативы (из каждой группы берётся одна позиция)', 'Альтернативи (з кожної групи береться одна позиція)', '备选项（每组选一项）'],
  group: ['Group', 'Группа', 'Група', '组'],
  chosen: ['chosen', 'выбрано', 'вибрано', '已选'],
  range: ['Depending on the choice', 'В зависимости от выбора', 'Залежно від вибору', '视选择而定'],
};
const INDEX: Record<Lang, number> = { en: 0, ru: 1, uk: 2, zh: 3 };

function words(lang: Lang): Words & Record<keyof typeof EXTRA, string> {
  const e = Object.fromEntries(Object.entries(EXTRA).map(([k, v]) => [k, v[INDEX[lang]]])) as Record<keyof typeof EXTRA, string>;
  return {
    ...e, n: '#', code: pdfLabel('code', lang), item: pdfLabel('description', lang), qty: pdfLabel('qty', lang), price: pdfLabel('price', lang),
    discount: pdfLabel('discount', lang), rate: '%', tax: pdfLabel('tax', lang), amount: pdfLabel('total', lang), total: pdfLabel('items_total', lang),
    shipping: pdfLabel('shipping_amount', lang), adjustment: pdfLabel('adjustment', lang), grand_total: pdfLabel('grand_total', lang),
  };
}

/** A document in the plain layout: letterhead, title, parties, lines, totals, amount in words, terms, signature. */
export function plainDocument(module: string, lang: Lang, title = '{{ document.title }}'): string {
  const w = words(lang);
  const vendor = module === 'purchase_orders';
  return `<table><tr><td width="170">${LOGO}</td><td style="text-align:right"><b>{{ company.name }}</b><br>{{ company.address }}<br>${opt(pdfLabel('phone', lang), 'company.phone', '')}${opt('', 'company.email', ' ')}${opt('', 'company.website', ' ')}<br>${opt(pdfLabel('inn', lang), 'company.inn', '')}${opt(pdfLabel('kpp', lang), 'company.kpp', ' ')}${opt('VAT', 'company.vat_id', ' ')}</td></tr></table>
<hr>
<h2>${title} ${pdfLabel('no', lang)} {{ number }}</h2>
<p>${pdfLabel('date', lang)}: {{ document.date }}{% if document.due_date != blank %} · ${pdfLabel(module === 'quotes' ? 'valid_until' : 'due_date', lang)}: {{ document.due_date }}{% endif %}</p>
<table style="margin-top:4pt"><tr><td width="50%"><small>${vendor ? pdfLabel('vendor', lang) : w.to}</small><br><b>{{ customer.name | default: ${vendor ? 'vendor_id' : 'account_id'} }}</b><br>{{ customer.address }}${opt(pdfLabel('inn', lang), 'customer.inn', '<br>')}${opt('VAT', 'customer.vat_id', '<br>')}{% if contact_id != blank %}<br>${pdfLabel('contact', lang)}: {{ contact_id }}{% endif %}</td>
<td><small>${vendor ? w.ship_to : pdfLabel('shipping', lang)}</small><br>${vendor ? '{{ company.name }}<br>{{ company.address }}' : '{{ customer.shipping_address }}'}</td></tr></table>
{% if subject != blank %}<p style="margin-top:4pt"><b>{{ subject }}</b></p>{% endif %}
${linesTable(w)}
${totalsTable(w)}
<p>${w.in_words}: <b>{{ totals.in_words }}</b></p>
{% if company.bank_name != blank and ${vendor ? 'false' : 'true'} %}<p><small>${pdfLabel('bank', lang)}: {{ company.bank_name }}${opt(pdfLabel('account', lang), 'company.bank_account')}${opt('IBAN', 'company.iban')}${opt(pdfLabel('bik', lang), 'company.bik')}</small></p>{% endif %}
{% if terms_conditions != blank %}<p>${pdfLabel('terms', lang)}: {{ terms_conditions }}</p>{% endif %}
${signatures([[w.signature, 'company.director']])}`;
}

export const EN_FORMS: StandardForm[] = [
  { key: 'en_quote', module: 'quotes', language: 'en', name: 'Quote', body: plainDocument('quotes', 'en', 'Quote'), isDefault: true },
  { key: 'en_proforma', module: 'invoices', language: 'en', name: 'Pro-forma invoice', body: plainDocument('invoices', 'en', 'Pro-forma invoice'), isDefault: true },
  { key: 'en_purchase_order', module: 'purchase_orders', language: 'en', name: 'Purchase order', body: plainDocument('purchase_orders', 'en', 'Purchase order'), isDefault: true },
];
