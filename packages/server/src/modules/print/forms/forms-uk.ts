/** The Ukrainian forms: «Рахунок на оплату» (ЄДРПОУ, IBAN, ПДВ, сума прописом) and «Комерційна пропозиція». */
import { LOGO, linesTable, opt, signatures, totalsTable, type Words } from './form-parts.js';
import type { StandardForm } from './standard-forms.js';

const W: Words = {
  n: '№', code: 'Артикул', item: 'Товар (роботи, послуги)', qty: 'Кількість', unit: 'Од.', price: 'Ціна без ПДВ', discount: 'Знижка', rate: 'Ставка ПДВ',
  tax: 'Сума ПДВ', amount: 'Сума', total: 'Разом', shipping: 'Доставка', adjustment: 'Коригування', vat: 'ПДВ', vat_included: 'У тому числі',
  no_vat: 'Без ПДВ', grand_total: 'Всього до сплати',
  alternatives: 'Альтернативи (з кожної групи береться одна позиція)', group: 'Група', chosen: 'вибрано', range: 'Залежно від вибору',
};

const invoice = `<table><tr><td width="170">${LOGO}</td><td></td></tr></table>
<table style="margin-top:4pt">
<tr><td width="90">Постачальник:</td><td><b>{{ company.name }}</b><br>${opt('Код за ЄДРПОУ', 'company.edrpou', '')}${opt('ІПН', 'company.inn', ' ')}
<br>${opt('IBAN', 'company.iban', '')}${opt('у', 'company.bank_name', ' ')}${opt('МФО', 'company.bik')}
<br>${opt('', 'company.address', '')}${opt('тел.:', 'company.phone')}</td></tr>
<tr><td>Покупець:</td><td><b>{{ customer.name | default: account_id }}</b><br>${opt('Код за ЄДРПОУ', 'customer.edrpou', '')}${opt('ІПН', 'customer.inn', ' ')}<br>${opt('', 'customer.address', '')}</td></tr>
{% if subject != blank %}<tr><td>Підстава:</td><td>{{ subject }}</td></tr>{% endif %}
</table>
<h2 style="margin-top:8pt">Рахунок на оплату № {{ number }} від {{ document.date }}</h2>
<hr>
${linesTable(W)}
${totalsTable(W)}
<p style="margin-top:4pt">Всього найменувань {{ totals.lines_count }}, на суму {{ totals.grand_total }} {{ document.currency_short }}</p>
<p>Сума прописом: <b>{{ totals.in_words }}</b></p>
{% if totals.has_tax %}<p>У т.ч. {{ totals.vat_label | default: 'ПДВ' }}: {{ totals.tax_total }} {{ document.currency_short }}</p>{% endif %}
{% if due_date != blank %}<p>Оплатити до {{ document.due_date }}.</p>{% endif %}
{% if terms_conditions != blank %}<p><small>{{ terms_conditions }}</small></p>{% endif %}
<hr>
${signatures([['Виписав(ла)', 'company.director']])}`;

const quote = `<table><tr><td width="170">${LOGO}</td><td style="text-align:right"><b>{{ company.name }}</b><br>{{ company.address }}<br>${opt('тел.:', 'company.phone', '')}${opt('', 'company.email', ' ')}<br>${opt('Код за ЄДРПОУ', 'company.edrpou', '')}</td></tr></table>
<hr>
<h2>Комерційна пропозиція № {{ number }} від {{ document.date }}</h2>
<p>Кому: <b>{{ customer.name | default: account_id }}</b>{% if contact_id != blank %}<br>Контактна особа: {{ contact_id }}{% endif %}</p>
{% if subject != blank %}<p>{{ subject }}</p>{% endif %}
${linesTable({ ...W, item: 'Найменування' })}
${totalsTable({ ...W, grand_total: 'Разом за пропозицією' })}
<p>Сума прописом: <b>{{ totals.in_words }}</b></p>
{% if valid_until_date != blank %}<p>Пропозиція дійсна до {{ document.due_date }}.</p>{% endif %}
{% if terms_conditions != blank %}<p>Умови: {{ terms_conditions }}</p>{% endif %}
${signatures([['Директор', 'company.director']])}`;

export const UK_FORMS: StandardForm[] = [
  { key: 'uk_invoice', module: 'invoices', language: 'uk', name: 'Рахунок на оплату', body: invoice, isDefault: true },
  { key: 'uk_quote', module: 'quotes', language: 'uk', name: 'Комерційна пропозиція', body: quote, isDefault: true },
];
