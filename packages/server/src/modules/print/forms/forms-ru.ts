/** The Russian forms: «Счёт на оплату», «Коммерческое предложение», «Заказ покупателя», «Акт выполненных работ». */
import { LOGO, linesTable, opt, signatures, totalsTable, type Words } from './form-parts.js';
import type { StandardForm } from './standard-forms.js';

const W: Words = {
  n: '№', code: 'Артикул', item: 'Товары (работы, услуги)', qty: 'Кол-во', unit: 'Ед.', price: 'Цена', discount: 'Скидка', rate: 'Ставка НДС',
  tax: 'Сумма НДС', amount: 'Сумма', total: 'Итого', shipping: 'Доставка', adjustment: 'Корректировка', vat: 'НДС', vat_included: 'В том числе',
  no_vat: 'Без налога (НДС)', grand_total: 'Всего к оплате',
  alternatives: 'Альтернативы (из каждой группы берётся одна позиция)', group: 'Группа', chosen: 'выбрано', range: 'В зависимости от выбора',
};
const ACT_WORDS: Words = { ...W, item: 'Наименование работ, услуг', grand_total: 'Итого с НДС' };

const seller = `{{ company.name }}${opt('ИНН', 'company.inn')}${opt('КПП', 'company.kpp')}${opt('', 'company.address')}${opt('тел.:', 'company.phone')}`;
const buyer = `{{ customer.name | default: account_id }}${opt('ИНН', 'customer.inn')}${opt('КПП', 'customer.kpp')}${opt('', 'customer.address')}`;

const parties = (sellerLabel: string, buyerLabel: string) => `<table style="margin-top:4pt">
<tr><td width="90">${sellerLabel}:</td><td><b>${seller}</b></td></tr>
<tr><td>${buyerLabel}:</td><td><b>${buyer}</b></td></tr>
{% if subject != blank %}<tr><td>Основание:</td><td>{{ subject }}</td></tr>{% endif %}
</table>`;

const sumInWords = (what: string) => `<p style="margin-top:4pt">${what} {{ totals.lines_count }}, на сумму {{ totals.grand_total }} {{ document.currency_short }}</p>
<p><b>{{ totals.in_words }}</b></p>`;

const invoice = `<table border="1">
<tr><td colspan="2" rowspan="2">{{ company.bank_name }}<br><small>Банк получателя</small></td><td width="50">БИК</td><td width="150">{{ company.bik }}</td></tr>
<tr><td>Сч. №</td><td>{{ company.correspondent_account }}</td></tr>
<tr><td>ИНН {{ company.inn }}</td><td>КПП {{ company.kpp }}</td><td rowspan="2">Сч. №</td><td rowspan="2">{{ company.bank_account }}</td></tr>
<tr><td colspan="2">{{ company.name }}<br><small>Получатель</small></td></tr>
</table>
<h2 style="margin-top:10pt">Счёт на оплату № {{ number }} от {{ document.date }}</h2>
<hr>
${parties('Поставщик (Исполнитель)', 'Покупатель (Заказчик)')}
${linesTable(W)}
${totalsTable(W)}
${sumInWords('Всего наименований')}
{% if due_date != blank %}<p>Оплатить не позднее {{ document.due_date }}.</p>{% endif %}
{% if terms_conditions != blank %}<p><small>{{ terms_conditions }}</small></p>{% endif %}
<hr>
${signatures([['Руководитель', 'company.director'], ['Бухгалтер', 'company.accountant']])}`;

const quote = `<table><tr><td width="170">${LOGO}</td><td style="text-align:right"><b>{{ company.name }}</b><br>{{ company.address }}<br>${opt('тел.:', 'company.phone', '')}${opt('', 'company.email', ' ')}${opt('', 'company.website', ' ')}<br>${opt('ИНН', 'company.inn', '')}${opt('КПП', 'company.kpp', ' ')}</td></tr></table>
<hr>
<h2>Коммерческое предложение № {{ number }} от {{ document.date }}</h2>
<p>Кому: <b>${buyer}</b>{% if contact_id != blank %}<br>Контактное лицо: {{ contact_id }}{% endif %}</p>
{% if subject != blank %}<p>{{ subject }}</p>{% endif %}
${linesTable(W).replace('Товары (работы, услуги)', 'Наименование')}
${totalsTable({ ...W, grand_total: 'Итого по предложению' })}
<p><b>{{ totals.in_words }}</b></p>
{% if valid_until_date != blank %}<p>Предложение действительно до {{ document.due_date }}.</p>{% endif %}
{% if terms_conditions != blank %}<p>Условия: {{ terms_conditions }}</p>{% endif %}
${signatures([['Руководитель', 'company.director']])}`;

const order = `<table><tr><td width="170">${LOGO}</td><td style="text-align:right"><b>{{ company.name }}</b><br>{{ company.address }}</td></tr></table>
<h2 style="margin-top:6pt">Заказ покупателя № {{ number }} от {{ document.date }}</h2>
<hr>
${parties('Поставщик', 'Покупатель')}
${linesTable(W)}
${totalsTable(W)}
${sumInWords('Всего наименований')}
{% if due_date != blank %}<p>Срок исполнения: {{ document.due_date }}.</p>{% endif %}
{% if terms_conditions != blank %}<p><small>{{ terms_conditions }}</small></p>{% endif %}
${signatures([['Поставщик', 'company.director'], ['Покупатель', 'contact.name']])}`;

const act = `<h2>Акт № {{ number }} от {{ document.date }}</h2>
<p><b>выполненных работ (оказанных услуг)</b></p>
<hr>
${parties('Исполнитель', 'Заказчик')}
${linesTable(ACT_WORDS)}
${totalsTable(ACT_WORDS)}
${sumInWords('Всего оказано услуг')}
<p>Вышеперечисленные работы (услуги) выполнены полностью и в срок. Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.</p>
<table style="margin-top:18pt"><tr><td><b>ИСПОЛНИТЕЛЬ</b><br>{{ company.name }}</td><td width="30"></td><td><b>ЗАКАЗЧИК</b><br>{{ customer.name | default: account_id }}</td></tr>
<tr><td style="border-bottom:1px solid"><br><br>{% if company.director != blank %}/ {{ company.director }} /{% endif %}</td><td></td><td style="border-bottom:1px solid"><br><br></td></tr></table>`;

export const RU_FORMS: StandardForm[] = [
  { key: 'ru_invoice', module: 'invoices', language: 'ru', name: 'Счёт на оплату', body: invoice, isDefault: true },
  { key: 'ru_act', module: 'invoices', language: 'ru', name: 'Акт выполненных работ', body: act },
  { key: 'ru_quote', module: 'quotes', language: 'ru', name: 'Коммерческое предложение', body: quote, isDefault: true },
  { key: 'ru_sales_order', module: 'sales_orders', language: 'ru', name: 'Заказ покупателя', body: order, isDefault: true },
];
