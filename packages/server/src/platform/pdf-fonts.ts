/**
 * The fonts every PDF is set in, installed by `npm install` (never read from the operating system): Noto Sans for
 * Latin, Cyrillic and Greek, Noto Sans SC for Chinese (simplified and traditional characters). No single font
 * covers all four languages, so text is cut into runs by script and each run takes the face that has its glyphs.
 * PDF writers embed only the glyphs used (subsets), so a document stays small.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  sans: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  sansBold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
  sansItalic: require.resolve('@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf'),
  sansBoldItalic: require.resolve('@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf'),
  cjk: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  cjkBold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;

/** The family names documents use: `Sans` for everything but Han and CJK punctuation, which take `CJK`. */
export type FontFamily = 'Sans' | 'CJK';

/** Han ideographs, CJK symbols and punctuation, kana, Hangul and full-width forms: set in the Chinese face. */
const CJK = /[\u2E80-\u2FFF\u3000-\u30FF\u3100-\u31FF\u3200-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u{20000}-\u{3FFFF}]/u;

/** The text cut where it changes between CJK and everything else: `[{text, family}]`, in order. */
export function fontRuns(text: string): { text: string; family: FontFamily }[] {
  const runs: { text: string; family: FontFamily }[] = [];
  for (const ch of text) {
    const family: FontFamily = CJK.test(ch) ? 'CJK' : 'Sans';
    const last = runs[runs.length - 1];
    if (last && last.family === family) last.text += ch;
    else runs.push({ text: ch, family });
  }
  return runs;
}

/** Writes text at a position with pdfkit, switching faces between runs (fonts registered as `Sans` and `CJK`). */
export function writeMixed(pdf: PDFKit.PDFDocument, text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions): void {
  const runs = fontRuns(text || ' ');
  runs.forEach((run, i) => {
    pdf.font(run.family);
    const last = i === runs.length - 1;
    if (i === 0) pdf.text(run.text, x, y, { ...options, continued: !last });
    else pdf.text(run.text, { ...options, continued: !last });
  });
}

/** Registers both faces on a pdfkit document. */
export function registerFonts(pdf: PDFKit.PDFDocument): void {
  pdf.registerFont('Sans', FONT_FILES.sans);
  pdf.registerFont('CJK', FONT_FILES.cjk);
  pdf.font('Sans');
}
