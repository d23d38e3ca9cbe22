/**
 * A print template's HTML laid out as a PDF (pdfmake): paragraphs, headings, tables with colspan/rowspan, borders
 * and widths, lists, images and a handful of inline styles. Only what a printed form needs is understood; what is
 * not (scripts, styles, forms, frames) is dropped, and images are taken only from `data:` URLs, so a template can
 * neither run code nor make the server read a file or fetch a URL. Work is bounded by a node budget.
 */
import { parseDocument } from 'htmlparser2';
import type { Content, ContentTable, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { fontRuns } from '../../platform/pdf-fonts.js';
import { isPictureDataUrl } from '../../platform/picture.js';

/** Elements past this many make a document "too large" (a merge of many records or a runaway loop). */
export const MAX_NODES = 60_000;
/** Elements nested deeper than this make it too large as well (each level is a step of recursion). */
export const MAX_DEPTH = 64;
/** Columns a table may declare with <col>: a layout of more is no document anyone prints. */
const MAX_COLUMNS = 100;

export class DocumentTooLarge extends Error {}

interface Node { type: string; name?: string; data?: string; attribs?: Record<string, string>; children?: Node[] }
interface Inline { bold?: boolean; italics?: boolean; decoration?: 'underline' | 'lineThrough'; fontSize?: number; color?: string; sup?: boolean; sub?: boolean }
type Run = { text: string } & Inline & { font?: string };
interface Block { alignment?: 'left' | 'right' | 'center' | 'justify'; margin?: [number, number, number, number] }

const SKIP = new Set(['script', 'style', 'head', 'title', 'template', 'iframe', 'object', 'embed', 'form', 'input', 'select', 'textarea', 'button', 'svg', 'math', 'noscript', 'link', 'meta']);
const BLOCKS = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol', 'hr', 'pre', 'address', 'figure', 'center']);
const HEADINGS: Record<string, number> = { h1: 16, h2: 13, h3: 11, h4: 10, h5: 9, h6: 8 };
const COLOR = /^(#[0-9a-f]{3}|#[0-9a-f]{6}|[a-z]{3,20})$/i;

/** Inline CSS, the few properties a form uses. */
function styleOf(attribs: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const decl of (attribs.style ?? '').split(';')) {
    const i = decl.indexOf(':');
    if (i > 0) out[decl.slice(0, i).trim().toLowerCase()] = decl.slice(i + 1).trim().toLowerCase();
  }
  return out;
}

/** A CSS length in points (px are 0.75 pt); null when it is not one. */
function points(v: string | undefined): number | null {
  const m = /^(-?\d+(?:\.\d+)?)(pt|px|mm|cm)?$/.exec((v ?? '').trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 'px';
  const pt = unit === 'pt' ? n : unit === 'mm' ? n * 2.835 : unit === 'cm' ? n * 28.35 : n * 0.75;
  return Math.max(-200, Math.min(pt, 800));
}

function inlineStyle(name: string, attribs: Record<string, string> | undefined, base: Inline): Inline {
  const s = styleOf(attribs);
  const next: Inline = { ...base };
  if (name === 'b' || name === 'strong' || name === 'th' || HEADINGS[name]) next.bold = true;
  if (name === 'i' || name === 'em') next.italics = true;
  if (name === 'u') next.decoration = 'underline';
  if (name === 's' || name === 'del' || name === 'strike') next.decoration = 'lineThrough';
  if (name === 'small') next.fontSize = (base.fontSize ?? 9) * 0.85;
  if (name === 'sup') next.sup = true;
  if (name === 'sub') next.sub = true;
  if (HEADINGS[name]) next.fontSize = HEADINGS[name];
  if (s['font-weight']) next.bold = s['font-weight'] === 'bold' || Number(s['font-weight']) >= 600;
  if (s['font-style']) next.italics = s['font-style'] === 'italic';
  if (s['text-decoration']?.includes('underline')) next.decoration = 'underline';
  const size = points(s['font-size']);
  if (size && size >= 4 && size <= 72) next.fontSize = size;
  if (s.color && COLOR.test(s.color)) next.color = s.color;
  return next;
}

function blockStyle(name: string, attribs: Record<string, string> | undefined): Block {
  const s = styleOf(attribs);
  const align = (s['text-align'] ?? attribs?.align ?? (name === 'center' ? 'center' : '')).toLowerCase();
  const out: Block = {};
  if (align === 'left' || align === 'right' || align === 'center' || align === 'justify') out.alignment = align;
  const top = points(s['margin-top']);
  const bottom = points(s['margin-bottom']);
  const defaultBottom = name === 'p' || HEADINGS[name] ? 4 : 0;
  if (top !== null || bottom !== null || defaultBottom) out.margin = [0, top ?? 0, 0, bottom ?? defaultBottom];
  return out;
}

class Converter {
  budget = MAX_NODES;
  depth = 0;

  spend(n = 1): void {
    this.budget -= n;
    if (this.budget < 0) throw new DocumentTooLarge('document too large');
  }

  /** Runs one level deeper into the tree, refusing what nests past MAX_DEPTH. */
  nested<T>(run: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new DocumentTooLarge('document nested too deep');
    try { return run(); } finally { this.depth--; }
  }

  /** Block content of a list of nodes: consecutive inline nodes become one paragraph. */
  blocks(nodes: Node[], inline: Inline): Content[] {
    const out: Content[] = [];
    let runs: Run[] = [];
    const flush = () => {
      const trimmed = trimRuns(runs);
      if (trimmed.length) out.push({ text: withFonts(trimmed) });
      runs = [];
    };
    for (const node of nodes) {
      this.spend();
      if (node.type === 'tag' && node.name && BLOCKS.has(node.name)) {
        flush();
        const b = this.nested(() => this.block(node, inline));
        if (b) out.push(b);
      } else if (node.type === 'tag' && node.name === 'img') {
        flush();
        const img = image(node.attribs);
        if (img) out.push(img);
      } else runs.push(...this.nested(() => this.inline(node, inline)));
    }
    flush();
    return out;
  }

  inline(node: Node, style: Inline): Run[] {
    if (node.type === 'text') return node.data ? [{ text: node.data.replace(/\s+/g, ' '), ...style }] : [];
    if (node.type !== 'tag' || !node.name || SKIP.has(node.name)) return [];
    if (node.name === 'br') return [{ text: '\n', ...style }];
    const next = inlineStyle(node.name, node.attribs, style);
    const out: Run[] = [];
    for (const child of node.children ?? []) {
      this.spend();
      out.push(...this.nested(() => this.inline(child, next)));
    }
    return out;
  }

  block(node: Node, inline: Inline): Content | null {
    const name = node.name!;
    if (SKIP.has(name)) return null;
    const style = inlineStyle(name, node.attribs, inline);
    const layout = blockStyle(name, node.attribs);
    const pageBreak = /\bpage-break\b/.test(node.attribs?.class ?? '') ? { pageBreak: 'before' as const } : {};
    if (name === 'hr') return { canvas: [{ type: 'line', x1: 0, y1: 2, x2: 515, y2: 2, lineWidth: 0.5 }], margin: [0, 2, 0, 4] };
    if (name === 'table') return { ...this.table(node, style), ...layout, ...pageBreak } as Content;
    if (name === 'ul' || name === 'ol') {
      const items = (node.children ?? []).filter((c) => c.type === 'tag' && c.name === 'li').map((li) => {
        this.spend();
        return { stack: this.nested(() => this.blocks(li.children ?? [], inlineStyle('li', li.attribs, style))) };
      });
      return name === 'ul' ? { ul: items, ...layout } : { ol: items, ...layout };
    }
    const children = this.blocks(node.children ?? [], style);
    if (!children.length) return Object.keys(pageBreak).length ? { text: '', ...pageBreak } : (name === 'p' || name === 'div') && layout.margin ? { text: ' ', ...layout } : null;
    return { stack: children, ...layout, ...pageBreak } as Content;
  }

  table(node: Node, inline: Inline): ContentTable {
    const rows: Node[] = [];
    const widths: (string | number)[] = [];
    const collect = (n: Node) => {
      for (const c of n.children ?? []) {
        this.spend();
        if (c.type !== 'tag') continue;
        if (c.name === 'tr') rows.push(c);
        else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') collect(c);
        else if (c.name === 'colgroup') {
          for (const col of c.children ?? []) { this.spend(); if (col.name === 'col' && widths.length < MAX_COLUMNS) widths.push(widthOf(col.attribs) ?? '*'); }
        } else if (c.name === 'col' && widths.length < MAX_COLUMNS) widths.push(widthOf(c.attribs) ?? '*');
      }
    };
    collect(node);
    // Header rows repeated on every page: the leading rows made only of <th>.
    const isHeader = (r: Node) => (r.children ?? []).some((c) => c.name === 'th') && (r.children ?? []).every((c) => c.type !== 'tag' || c.name === 'th');
    let headerRows = 0;
    while (headerRows < rows.length && isHeader(rows[headerRows])) headerRows++;
    const body: TableCell[][] = [];
    const spans: number[] = []; // rows each column stays covered by a rowspan above
    const bordered = node.attribs?.border !== undefined && node.attribs.border !== '0' || /\b(grid|bordered)\b/.test(node.attribs?.class ?? '');
    for (const tr of rows) {
      const row: TableCell[] = [];
      let col = 0;
      const place = () => { while (spans[col] > 0) { row.push({}); spans[col]--; col++; } };
      for (const td of (tr.children ?? []).filter((c) => c.type === 'tag' && (c.name === 'td' || c.name === 'th'))) {
        place();
        const colSpan = Math.min(Math.max(Number(td.attribs?.colspan) || 1, 1), 50);
        const rowSpan = Math.min(Math.max(Number(td.attribs?.rowspan) || 1, 1), 500);
        if (body.length === 0 && colSpan === 1 && widths.length <= col) widths[col] = widthOf(td.attribs) ?? widths[col] ?? '*';
        this.spend(colSpan);
        row.push(this.nested(() => this.cell(td, inline, colSpan, rowSpan, bordered)));
        for (let k = 0; k < colSpan; k++) {
          if (k) row.push({});
          if (rowSpan > 1) spans[col] = rowSpan - 1;
          col++;
        }
      }
      place();
      this.spend(row.length);
      body.push(row);
    }
    const columns = Math.max(1, ...body.map((r) => r.length), widths.length);
    // The padding cells are work too: a row padded to many columns spends as its cells would.
    for (const r of body) { this.spend(columns - r.length); while (r.length < columns) r.push({}); }
    for (let i = 0; i < columns; i++) widths[i] ??= '*';
    if (!body.length) body.push(Array.from({ length: columns }, () => ({ text: '' })));
    return {
      table: { headerRows: Math.min(headerRows, body.length - 1 > 0 ? headerRows : 0), dontBreakRows: true, widths: widths.slice(0, columns) as ('*' | number | 'auto')[], body },
      layout: bordered ? { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingLeft: () => 3, paddingRight: () => 3, paddingTop: () => 2, paddingBottom: () => 2 }
        : { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingLeft: () => 2, paddingRight: () => 2, paddingTop: () => 1, paddingBottom: () => 1, defaultBorder: false },
    };
  }

  cell(td: Node, inline: Inline, colSpan: number, rowSpan: number, bordered: boolean): TableCell {
    const style = inlineStyle(td.name!, td.attribs, inline);
    const s = styleOf(td.attribs);
    const layout = blockStyle(td.name!, td.attribs);
    const content = this.blocks(td.children ?? [], style);
    const cell: Record<string, unknown> = { stack: content.length ? content : [{ text: '' }], ...layout };
    if (colSpan > 1) cell.colSpan = colSpan;
    if (rowSpan > 1) cell.rowSpan = rowSpan;
    const fill = s['background-color'] ?? s.background;
    if (fill && COLOR.test(fill)) cell.fillColor = fill;
    const side = (name: string) => (s[name] !== undefined ? !/^(0|none)/.test(s[name]) : undefined);
    const all = side('border');
    const sides = [side('border-left'), side('border-top'), side('border-right'), side('border-bottom')];
    if (all !== undefined || sides.some((x) => x !== undefined)) cell.border = sides.map((x) => x ?? all ?? bordered);
    return cell as TableCell;
  }
}

function widthOf(attribs: Record<string, string> | undefined): string | number | null {
  const raw = (styleOf(attribs).width ?? attribs?.width ?? '').trim();
  if (!raw) return null;
  if (raw === 'auto' || raw === '*') return raw;
  if (/^\d+(\.\d+)?%$/.test(raw)) return raw;
  return points(raw);
}

function image(attribs: Record<string, string> | undefined): Content | null {
  const src = attribs?.src ?? '';
  if (!isPictureDataUrl(src)) return null; // data URLs of real PNG/JPEG bytes only: no file, no network
  const s = styleOf(attribs);
  const width = points(s.width ?? attribs?.width) ?? undefined;
  const height = points(s.height ?? attribs?.height) ?? undefined;
  const fit: [number, number] = [Math.min(width ?? 200, 515), Math.min(height ?? 120, 700)];
  return { image: src.replace(/\s/g, ''), fit, margin: [0, 0, 0, 2] } as Content;
}

/** Collapses the spaces HTML collapses: leading and trailing ones of a paragraph, and runs of them. */
function trimRuns(runs: Run[]): Run[] {
  const out = runs.filter((r) => r.text !== '');
  let prevSpace = true;
  for (const r of out) {
    if (r.text === '\n') { prevSpace = true; continue; }
    if (prevSpace) r.text = r.text.replace(/^ /, '');
    prevSpace = r.text.endsWith(' ');
  }
  while (out.length && /^ *$/.test(out[out.length - 1].text)) out.pop();
  if (out.length) out[out.length - 1].text = out[out.length - 1].text.replace(/ $/, '');
  return out.filter((r) => r.text !== '');
}

/** Each run cut by script, so Chinese takes the CJK face and everything else Noto Sans. */
function withFonts(runs: Run[]): Run[] {
  return runs.flatMap(({ sup, sub, ...r }) => fontRuns(r.text).map((p) => ({ ...r, text: p.text, ...(p.family === 'CJK' ? { font: 'CJK' } : {}), ...(sup ? { sup: true } : {}), ...(sub ? { sub: true } : {}) })));
}

export interface PageSetup { paper: 'A4' | 'LETTER'; orientation: 'portrait' | 'landscape'; title: string }

/** The pdfmake document of an HTML body (or of several: one page each). */
export function htmlToDocument(bodies: string[], page: PageSetup): TDocumentDefinitions {
  const converter = new Converter();
  const content: Content[] = bodies.map((html, i) => {
    const root = parseDocument(html, { decodeEntities: true }) as unknown as Node;
    const blocks = converter.blocks(root.children ?? [], {});
    return { stack: blocks, ...(i ? { pageBreak: 'before' as const } : {}) };
  });
  return {
    pageSize: page.paper, pageOrientation: page.orientation, pageMargins: [40, 36, 40, 40],
    info: { title: page.title, creator: 'Karta CRM', producer: 'Karta CRM' },
    defaultStyle: { font: 'Sans', fontSize: 9, lineHeight: 1.15 },
    content,
  };
}
