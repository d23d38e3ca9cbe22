/** pdfmake set up once: the app's own fonts from memory, no file and no URL reachable from a document. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { FONT_FILES } from '../../platform/pdf-fonts.js';

type PdfMake = typeof import('pdfmake') & { virtualfs: { writeFileSync(name: string, content: Buffer): void } };
const require = createRequire(import.meta.url);
let pdfmake: PdfMake | null = null;

function writer(): PdfMake {
  if (pdfmake) return pdfmake;
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
