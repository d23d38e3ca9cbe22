/**
 * Pieces the shipped forms share, written once and filled with each language's words: the table of lines (the
 * tax columns appear when the document taxes per line) and the totals (VAT on top, or «в том числе» per line).
 * What they produce is plain Liquid HTML, stored in the template records an administrator then edits.
 */
export interface Words {
  n: string; code: string; item: string; qty: string; unit: string; price: string; discount: string; rate: string; tax: string; amount: string;
  total: string; shipping: string; adjustment: string; vat: string; vat_included: string; no_vat: string; grand_total: string;
  alternatives: string; group: string; chosen: string; range: string;
}

const R = 'style="text-align:right"';

export function linesTable(w: Words): string {
  return `<table border="1" style="margin-top:6pt">
<tr><th width="18">${w.n}</th><th width="58">${w.code}</th><th>${w.item}</th><th width="42">${w.qty}</th><th width="34">${w.unit}</th><th width="62">${w.price}</th>{% if totals.has_line_discount %}<th width="50">${w.discount}</th>{% endif %}{% if totals.per_line_tax %}<th width="44">${w.rate}</th><th width="56">${w.tax}</th>{% endif %}<th width="70">${w.amount}</th></tr>
{% for l in lines %}<tr><td>{{ l.n }}</td><td>{{ l.code }}</td><td>{{ l.name }}</td><td ${R}>{{ l.quantity }}</td><td>{{ l.unit }}</td><td ${R}>{{ l.price }}</td>{% if totals.has_line_discount %}<td ${R}>{{ l.discount }}</td>{% endif %}{% if totals.per_line_tax %}<td ${R}>{{ l.tax_rate }}</td><td ${R}>{{ l.tax }}</td>{% endif %}<td ${R}>{{ l.total }}</td></tr>
{% endfor %}</table>
{% if alternatives.size > 0 %}<p style="margin-top:4pt"><b>${w.alternatives}</b></p><table border="1">
<tr><th width="70">${w.group}</th><th>${w.item}</th><th width="42">${w.qty}</th><th width="62">${w.price}</th><th width="70">${w.amount}</th><th width="60"></th></tr>
{% for a in alternatives %}<tr><td>{{ a.group }}</td><td>{{ a.name }}</td><td ${R}>{{ a.quantity }}</td><td ${R}>{{ a.price }}</td><td ${R}>{{ a.total }}</td><td>{% if a.chosen %}${w.chosen}{% endif %}</td></tr>
{% endfor %}</table>{% endif %}`;
}

const row = (label: string, value: string, bold = false) =>
  `<tr><td></td><td width="170" ${R}>${bold ? '<b>' : ''}${label}:${bold ? '</b>' : ''}</td><td width="80" ${R}>${bold ? '<b>' : ''}${value}${bold ? '</b>' : ''}</td></tr>`;

export function totalsTable(w: Words): string {
  return `<table style="margin-top:4pt">
${row(w.total, '{{ totals.items_total }}', true)}
{% if totals.discount != blank %}${row(w.discount, '−{{ totals.discount }}')}{% endif %}
{% if totals.shipping != blank %}${row(w.shipping, '{{ totals.shipping }}')}{% endif %}
{% if totals.per_line_tax %}${row(`${w.vat_included} {{ totals.vat_label | default: '${w.vat}' }}`, '{{ totals.tax_total }}', true)}{% elsif totals.has_tax %}${row(`{{ totals.vat_label | default: '${w.vat}' }}`, '{{ totals.tax_total }}', true)}{% else %}${row(w.no_vat, '—', true)}{% endif %}
{% if totals.adjustment != blank %}${row(w.adjustment, '{{ totals.adjustment }}')}{% endif %}
${row(w.grand_total, '{{ totals.grand_total }}', true)}
{% if totals.range != blank %}${row(w.range, '{{ totals.range }}')}{% endif %}
</table>`;
}

/** The logo, when the company has one. */
export const LOGO = `{% if company.logo != blank %}<img src="{{ company.logo }}" width="160" height="60">{% endif %}`;

/** "label value" when the value is there (`, ИНН 7701234567`). */
export const opt = (label: string, value: string, sep = ', ') => `{% if ${value} != blank %}${sep}${label}${label ? ' ' : ''}{{ ${value} }}{% endif %}`;

/** A signature line: the role, a line to sign on, the name in brackets; the stamp and signature images when set. */
export function signatures(pairs: [string, string][]): string {
  const cells = pairs.map(([role, name]) => `<td width="95">${role}</td><td style="border-bottom:1px solid">${name === 'company.director' ? '{% if company.signature != blank %}<img src="{{ company.signature }}" width="90" height="30">{% endif %}' : ''}</td><td width="110">{% if ${name} != blank %}/ {{ ${name} }} /{% endif %}</td>`);
  return `<table style="margin-top:18pt"><tr>${cells.join('<td width="20"></td>')}</tr></table>
{% if company.stamp != blank %}<img src="{{ company.stamp }}" width="110" height="110">{% endif %}`;
}
