/** The Chinese forms: 报价单 and 形式发票, with 统一社会信用代码, 开户银行, 账号 and the amount in capitals (大写金额). */
import { LOGO, linesTable, opt, totalsTable, type Words } from './form-parts.js';
import type { StandardForm } from './standard-forms.js';

const W: Words = {
  n: '序号', code: '产品编码', item: '品名', qty: '数量', unit: '单位', price: '单价', discount: '折扣', rate: '税率', tax: '税额', amount: '金额',
  total: '合计', shipping: '运费', adjustment: '调整', vat: '增值税', vat_included: '其中', no_vat: '免税', grand_total: '总计',
  alternatives: '备选项（每组选一项）', group: '组', chosen: '已选', range: '视选择而定',
};

const seller = `<b>{{ company.name }}</b>
<br>${opt('统一社会信用代码：', 'company.uscc', '')}
<br>${opt('地址：', 'company.address', '')}${opt('电话：', 'company.phone', ' ')}
<br>${opt('开户银行：', 'company.bank_name', '')}${opt('账号：', 'company.bank_account', ' ')}`;

const buyer = `<b>{{ customer.name | default: account_id }}</b>
<br>${opt('统一社会信用代码：', 'customer.uscc', '')}
<br>${opt('地址：', 'customer.address', '')}${opt('电话：', 'customer.phone', ' ')}
{% if contact_id != blank %}<br>联系人：{{ contact_id }}{% endif %}`;

const header = (title: string, dateLabel: string, untilLabel: string) => `<table><tr><td width="170">${LOGO}</td><td style="text-align:right"><h1>${title}</h1>编号：{{ number }}<br>${dateLabel}：{{ document.date }}{% if document.due_date != blank %}<br>${untilLabel}：{{ document.due_date }}{% endif %}</td></tr></table>
<hr>`;

const words = `<table border="1" style="margin-top:4pt"><tr><td width="120">合计金额（大写）</td><td><b>{{ totals.in_words }}</b></td><td width="120">（小写）{{ totals.grand_total }}</td></tr></table>`;

const quote = `${header('报价单', '报价日期', '有效期至')}
<table><tr><td width="50%"><small>报价方</small><br>${seller}</td><td><small>客户</small><br>${buyer}</td></tr></table>
{% if subject != blank %}<p style="margin-top:4pt">主题：{{ subject }}</p>{% endif %}
${linesTable(W)}
${totalsTable(W)}
${words}
{% if terms_conditions != blank %}<p>备注：{{ terms_conditions }}</p>{% endif %}
<table style="margin-top:18pt"><tr><td width="60%"></td><td>报价方（盖章）：<br><br>{% if company.stamp != blank %}<img src="{{ company.stamp }}" width="100" height="100">{% endif %}</td></tr></table>`;

const proforma = `${header('形式发票', '开票日期', '付款期限')}
<p style="text-align:center"><small>PROFORMA INVOICE</small></p>
<table border="1"><tr><td width="50%"><small>卖方</small><br>${seller}</td><td><small>买方</small><br>${buyer}</td></tr></table>
${linesTable(W)}
${totalsTable(W)}
${words}
{% if terms_conditions != blank %}<p>条款：{{ terms_conditions }}</p>{% endif %}
<table style="margin-top:18pt"><tr><td>开票人：{{ assigned_to }}</td><td>卖方（盖章）：{% if company.stamp != blank %}<br><img src="{{ company.stamp }}" width="100" height="100">{% endif %}</td></tr></table>`;

export const ZH_FORMS: StandardForm[] = [
  { key: 'zh_quote', module: 'quotes', language: 'zh', name: '报价单', body: quote, isDefault: true },
  { key: 'zh_proforma', module: 'invoices', language: 'zh', name: '形式发票', body: proforma, isDefault: true },
];
