import type { Lang } from '@karta/shared';
import { computeTotals, type TotalsInput } from '@karta/shared/totals';
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { readCompany, type Company } from '../../admin/company-routes.js';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import { AppError } from '../../platform/errors.js';
import { pdfLabel as L } from './pdf-labels.js';

/** Noto Sans CJK covers Latin, Cyrillic and Chinese in one face; DejaVu Sans (no Chinese) is the fallback. */
const FONTS = [
  { path: process.env.KARTA_PDF_FONT, family: process.env.KARTA_PDF_FONT_FAMILY },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', family: undefined },
];

export function font(): { path: string; family?: string } {
  const f = FONTS.find((x) => x.path && fs.existsSync(x.path));
  if (!f?.path) throw new AppError('UNAVAILABLE', 'No font for PDFs: install the Debian package fonts-noto-cjk (or set KARTA_PDF_FONT to a .ttf/.otf file)');
  return { path: f.path, family: f.family };
}

const LOCALES: Record<Lang, string> = { en: 'en-US', ru: 'ru-RU', uk: 'uk-UA', zh: 'zh-CN' };

/** The PDF of a quote, sales order, invoice or purchase order, laid out like vTiger's (seed 000): requisites, parties, lines, totals, terms. */
export async function renderDocumentPdf(ctx: RequestContext, module: string, id: string): Promise<{ filename: string; content: Buffer }> {
  const { data: doc, refs } = await getRecord(ctx, module, id);
  const company = await readCompany(ctx.db);
  const lang = ctx.lang;
  const num = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const qty = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 3 });
  const money = (v: unknown) => (v === null || v === undefined || v === '' ? '' : num.format(Number(v)));
  const f = font();
  const pdf = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `${L(module as 'quotes', lang)} ${doc.number}` } });
  pdf.registerFont('body', f.path, f.family);
  pdf.font('body');
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => pdf.on('end', () => resolve()));

  header(pdf, company, lang);
  const party = module === 'purchase_orders' ? 'vendor_id' : 'account_id';
  const date = (doc.invoice_date ?? doc.created_at ?? '') as string;
  pdf.moveDown(1).fontSize(16).text(`${L(module as 'quotes', lang)} ${L('no', lang)} ${doc.number}`);
  pdf.fontSize(9).text(`${L('date', lang)}: ${String(date).slice(0, 10)}` +
    (doc.valid_until_date ? `   ${L('valid_until', lang)}: ${doc.valid_until_date}` : '') + (doc.due_date ? `   ${L('due_date', lang)}: ${doc.due_date}` : ''));
  pdf.text(String(doc.subject ?? ''));
  pdf.moveDown(0.5);
  const label = (v: unknown) => (typeof v === 'string' ? refs[v]?.label ?? '' : '');
  pdf.text(`${L(party === 'vendor_id' ? 'vendor' : 'customer', lang)}: ${label(doc[party])}`);
  if (doc.contact_id) pdf.text(`${L('contact', lang)}: ${label(doc.contact_id)}`);
  for (const kind of ['billing', 'shipping'] as const) {
    const parts = ['street', 'city', 'region', 'postal_code', 'country'].map((p) => doc[`${kind}_${p}`]).filter(Boolean);
    if (parts.length) pdf.text(`${L(kind, lang)}: ${parts.join(', ')}`);
  }
  pdf.moveDown(0.8);
  linesTable(pdf, (doc.lines as any[]) ?? [], lang, money, (v) => qty.format(Number(v)));
  totals(pdf, doc, lang, money);
  if (doc.terms_conditions) pdf.moveDown(1).fontSize(9).text(`${L('terms', lang)}:`).text(String(doc.terms_conditions));
  pdf.end();
  await done;
  return { filename: `${doc.number}.pdf`, content: Buffer.concat(chunks) };
}

function header(pdf: PDFKit.PDFDocument, c: Company, lang: Lang) {
  const top = pdf.y;
  if (c.logo) {
    try { pdf.image(Buffer.from(c.logo.slice(c.logo.indexOf(',') + 1), 'base64'), 40, top, { fit: [120, 50] }); } catch { /* a broken logo must not stop the document */ }
  }
  const x = c.logo ? 180 : 40;
  pdf.fontSize(12).text(c.name ?? '', x, top, { width: 375 }).fontSize(8);
  const lines = [
    [c.street, c.city, c.region, c.postal_code, c.country].filter(Boolean).join(', '),
    [c.phone && `${L('phone', lang)}: ${c.phone}`, c.website && `${L('web', lang)}: ${c.website}`, c.email].filter(Boolean).join('   '),
    [c.inn && `${L('inn', lang)} ${c.inn}`, c.kpp && `${L('kpp', lang)} ${c.kpp}`].filter(Boolean).join('   '),
    [c.bank_account && `${L('account', lang)} ${c.bank_account}`, c.bank_name && `${L('bank', lang)} ${c.bank_name}`, c.bik && `${L('bik', lang)} ${c.bik}`, c.correspondent_account && `${L('corr_account', lang)} ${c.correspondent_account}`].filter(Boolean).join('   '),
  ].filter(Boolean);
  for (const l of lines) pdf.text(l, x, undefined, { width: 515 - (x - 40) });
  pdf.x = 40;
}

const COLS = [
  { key: 'n', w: 20 }, { key: 'code', w: 55 }, { key: 'description', w: 170 }, { key: 'qty', w: 40 },
  { key: 'price', w: 60 }, { key: 'discount', w: 50 }, { key: 'tax', w: 50 }, { key: 'total', w: 70 },
] as const;

function linesTable(pdf: PDFKit.PDFDocument, lines: any[], lang: Lang, money: (v: unknown) => string, qty: (v: unknown) => string) {
  const row = (cells: string[], size: number) => {
    const y = pdf.y;
    let x = 40;
    let bottom = y;
    cells.forEach((text, i) => {
      pdf.fontSize(size).text(text, x, y, { width: COLS[i].w - 4, align: i >= 3 ? 'right' : 'left' });
      bottom = Math.max(bottom, pdf.y);
      x += COLS[i].w;
    });
    pdf.y = bottom + 3;
    pdf.x = 40;
    if (pdf.y > 760) pdf.addPage();
  };
  row(['#', L('code', lang), L('description', lang), L('qty', lang), L('price', lang), L('discount', lang), L('tax', lang), L('total', lang)], 8);
  pdf.moveTo(40, pdf.y - 2).lineTo(555, pdf.y - 2).stroke();
  lines.filter((l) => !l.is_alternative || l.is_selected).forEach((l, i) =>
    row([String(i + 1), l.code ?? '', l.description ?? '', qty(l.quantity), money(l.list_price), money(l.discount_total), money(l.tax), money(l.total)], 8));
  pdf.moveTo(40, pdf.y).lineTo(555, pdf.y).stroke();
}

function totals(pdf: PDFKit.PDFDocument, doc: Record<string, unknown>, lang: Lang, money: (v: unknown) => string) {
  // The overall discount is not stored on its own; the shared function gives it from the stored inputs.
  const discount = computeTotals({ ...(doc as unknown as TotalsInput), lines: (doc.lines as TotalsInput['lines']) ?? [] }).discount;
  const rows: [string, unknown][] = [
    [L('items_total', lang), doc.items_total],
    ...(Number(discount) ? [[L('overall_discount', lang), `-${discount}`] as [string, unknown]] : []),
    [L('pre_tax', lang), doc.pre_tax_total],
    [L('taxes', lang), doc.tax_total],
    ...(Number(doc.shipping_amount) ? [[L('shipping_amount', lang), doc.shipping_amount] as [string, unknown]] : []),
    ...(Number(doc.adjustment) ? [[L('adjustment', lang), doc.adjustment] as [string, unknown]] : []),
    [`${L('grand_total', lang)}${doc.currency ? `, ${doc.currency}` : ''}`, doc.grand_total],
  ];
  pdf.moveDown(0.5);
  for (const [label, value] of rows) {
    const y = pdf.y;
    pdf.fontSize(9).text(label, 300, y, { width: 170, align: 'right' });
    pdf.text(money(value), 475, y, { width: 80, align: 'right' });
    pdf.x = 40;
  }
}
