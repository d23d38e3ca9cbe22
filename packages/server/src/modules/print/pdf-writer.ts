/** pdfmake set up once: the app's own fonts from memory, no file and no URL reachable from a document. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { FONT_FILES } from '../../platform/pdf-fonts.js';

type PdfMake = typeof import('pdfmake') & { virtualfs: { writeFileSync(name: string, content: Buffer): void } };
const require = createRequire(import.meta.url);
let pdfmake: PdfMake | null = null;

interface PdfKitFont { id: string; font: unknown; constructor: new (doc: unknown, font: unknown, id: string) => PdfKitFont }
interface PdfMakeDocument {
  fonts: Record<string, Record<string, unknown>>; fontCache: Record<string, Record<string, PdfKitFont>>; virtualfs?: { existsSync(f: string): boolean; readFileSync(f: string): object };
  _fontFamilies: Record<string, PdfKitFont>; _fontCount: number; getFontType(bold: boolean, italics: boolean): string;
}

/**
 * pdfkit parses a font file for every document (~100 ms for Noto Sans, more for the CJK face). A parsed font can be
 * shared — each document still makes its own subset of it — so the parse is kept per file and each later document
 * gets a fresh embedded font over it, registered to be written out with that document.
 */
function shareParsedFonts(): void {
  const Document = (require('pdfmake/js/PDFDocument') as { default: { prototype: Record<string, unknown> } }).default;
  const parsed = new WeakMap<object, PdfKitFont>();
  const provide = Document.prototype.provideFont as (this: PdfMakeDocument, family: string, bold: boolean, italics: boolean) => PdfKitFont;
  Document.prototype.provideFont = function (this: PdfMakeDocument, family: string, bold: boolean, italics: boolean): PdfKitFont {
    const type = this.getFontType(bold, italics);
    const cached = this.fontCache[family]?.[type];
    if (cached) return cached;
    const file = this.fonts[family]?.[type];
    const bytes = typeof file === 'string' && this.virtualfs?.existsSync(file) ? this.virtualfs.readFileSync(file) : null;
    const first = bytes ? parsed.get(bytes) : undefined;
    if (!bytes || !first) {
      const font = provide.call(this, family, bold, italics);
      if (bytes) parsed.set(bytes, font);
      return font;
    }
    // Glyphs are cached on the parsed font with the characters they were first met for; a glyph first met as a part
    // of a composite one (the A in Ä) carries none, and a later document would lose that letter in its text layer.
    (first.font as { _glyphs: Record<number, unknown> })._glyphs = {};
    const font = new first.constructor(this, first.font, `F${++this._fontCount}`);
    this._fontFamilies[font.id] = font;
    (this.fontCache[family] ??= {})[type] = font;
    return font;
  };
}

function writer(): PdfMake {
  if (pdfmake) return pdfmake;
  shareParsedFonts();
  const pm = require('pdfmake') as PdfMake;
  // Fonts are served from pdfmake's in-memory file system: the file names below are keys, not paths it may open.
  const names = { sans: 'sans.ttf', sansBold: 'sans-bold.ttf', sansItalic: 'sans-italic.ttf', sansBoldItalic: 'sans-bold-italic.ttf', cjk: 'cjk.ttf', cjkBold: 'cjk-bold.ttf' };
  for (const [key, name] of Object.entries(names)) pm.virtualfs.writeFileSync(name, readFileSync(FONT_FILES[key as keyof typeof FONT_FILES]));
  pm.setFonts({
    Sans: { normal: names.sans, bold: names.sansBold, italics: names.sansItalic, bolditalics: names.sansBoldItalic },
    CJK: { normal: names.cjk, bold: names.cjkBold, italics: names.cjk, bolditalics: names.cjkBold },
  });
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy(() => false);
  pdfmake = pm;
  return pm;
}

export async function writePdf(def: TDocumentDefinitions): Promise<Buffer> {
  return Buffer.from(await writer().createPdf(def).getBuffer());
}
