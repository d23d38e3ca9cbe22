import { type Lang, LOCALES } from '@karta/shared';
import { fontRuns, registerFonts, writeMixed } from '../../platform/pdf-fonts.js';
import type { ReportResult } from './report-run.js';
import type { Sheet } from './report-sheet.js';
import { chartSvg } from './report-chart.js';
import { onFirstUse } from '../../platform/on-first-use.js';

const loadPdfKit = onFirstUse(async () => ({ PDFDocument: (await import('pdfkit')).default, SVGtoPDF: (await import('svg-to-pdfkit')).default }));

/** A PDF page holds at most this many rows of a long report; the rest is cut with a note (the XLSX has them all). */
const MAX_PDF_ROWS = 2000;

/** The report as a printable table (landscape when wide), with its chart above it when it has one. */
export async function reportPdf(result: ReportResult, sheet: Sheet, title: string, lang: Lang): Promise<Buffer> {
  const wide = sheet.header.length > 6;
  const { PDFDocument, SVGtoPDF } = await loadPdfKit();
  const pdf = new PDFDocument({ size: 'A4', layout: wide ? 'landscape' : 'portrait', margin: 36, info: { Title: title } });
  registerFonts(pdf);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => pdf.on('end', () => resolve()));
  const width = pdf.page.width - 72;
  pdf.fontSize(15);
  writeMixed(pdf, title, 36, pdf.y, {});
  // When it was made, on the reader's clock (the zone the report's days are in).
  const zone = result.time_zone ?? 'UTC';
  pdf.font('Sans').fontSize(8).fillColor('#555').text(`${new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeStyle: 'short', timeZone: zone }).format(new Date())} (${zone})`);
  pdf.fillColor('black').moveDown(0.5);
  const svg = await chartSvg(result, lang, Math.round(width), 260);
  if (svg) {
    SVGtoPDF(pdf, svg, 36, pdf.y, { width, height: 260, fontCallback: () => (lang === 'zh' ? 'CJK' : 'Sans') });
    pdf.y += 270;
  }
  const num = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 });
  const money = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const text = (v: unknown, type: string) => (v == null ? '' : typeof v === 'number' ? (type === 'money' ? money : num).format(v) : String(v));
  const colW = width / sheet.header.length;
  const rowAt = (cells: unknown[], bold: boolean, types: string[]) => {
    if (pdf.y > pdf.page.height - 60) pdf.addPage();
    const y = pdf.y;
    let h = 0;
    cells.forEach((c, i) => {
      const right = typeof c === 'number';
      const s = i === 0 ? String(c ?? '') : text(c, types[i]);
      const opts = { width: colW - 6, align: right ? 'right' : 'left' } as const;
      pdf.fontSize(8).fillColor(bold ? '#000' : '#222');
      // Measured in the wider face when the cell has Chinese, so a row is as tall as its tallest cell.
      pdf.font(fontRuns(s).some((r) => r.family === 'CJK') ? 'CJK' : 'Sans');
      h = Math.max(h, pdf.heightOfString(s, opts));
      writeMixed(pdf, s, 36 + i * colW + 3, y, opts);
    });
    pdf.y = y + h + 4;
    pdf.moveTo(36, pdf.y - 2).lineTo(36 + width, pdf.y - 2).strokeColor('#ddd').lineWidth(0.5).stroke();
  };
  rowAt(sheet.header, true, sheet.header.map(() => 'text'));
  for (const row of sheet.rows.slice(0, MAX_PDF_ROWS)) rowAt(row.cells, row.kind !== 'row', sheet.types);
  if (sheet.rows.length > MAX_PDF_ROWS) pdf.moveDown().fontSize(8).text(`… ${sheet.rows.length - MAX_PDF_ROWS}`);
  pdf.x = 36;
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}
