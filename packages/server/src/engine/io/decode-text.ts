/**
 * Text files people import come from Excel and 1C in whatever their system wrote: UTF-8 (with or without
 * BOM), UTF-16, Windows-1251, KOI8-R, GB18030. General-purpose detectors guess badly on a few short
 * spreadsheet rows (they take Windows-1251 Russian for GB18030), so this one scores just the encodings our
 * users have, by what real text looks like: words in one case pattern for Cyrillic, common hanzi for Chinese.
 */
import { isUtf8 as isUtf8Buffer } from 'node:buffer';

export const IMPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1251', 'koi8-r', 'gb18030', 'windows-1252'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export function isImportEncoding(v: unknown): v is ImportEncoding {
  return typeof v === 'string' && (IMPORT_ENCODINGS as readonly string[]).includes(v);
}

/** Other spellings of the encodings (letters and digits only): what people and other programs call them. */
const ALIASES: Record<string, ImportEncoding> = {
  utf8: 'utf-8', utf8bom: 'utf-8', utf16: 'utf-16le', ucs2: 'utf-16le', unicode: 'utf-16le', utf16le: 'utf-16le', utf16be: 'utf-16be',
  windows1251: 'windows-1251', cp1251: 'windows-1251', win1251: 'windows-1251', ansi1251: 'windows-1251',
  koi8r: 'koi8-r', koi8: 'koi8-r', gb18030: 'gb18030', gbk: 'gb18030', gb2312: 'gb18030', cp936: 'gb18030', windows936: 'gb18030',
  windows1252: 'windows-1252', cp1252: 'windows-1252', latin1: 'windows-1252', iso88591: 'windows-1252',
};

/** The encoding an override names, in any usual spelling ("UTF8", "cp1251", "GBK", "UTF-16"); the name as given when unknown. */
export function encodingByName(name: string): string {
  return ALIASES[name.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? name;
}

/** Decodes with a known encoding; a BOM of that encoding is dropped. UTF-16 follows its byte-order mark. */
export function decodeAs(buffer: Uint8Array, encoding: ImportEncoding): string {
  const bigEndian = encoding.startsWith('utf-16') && buffer[0] === 0xfe && buffer[1] === 0xff;
  const littleEndian = encoding.startsWith('utf-16') && buffer[0] === 0xff && buffer[1] === 0xfe;
  const chosen = bigEndian ? 'utf-16be' : littleEndian ? 'utf-16le' : encoding;
  return new TextDecoder(chosen).decode(buffer).replace(/^\ufeff/, '');
}

export function detectEncoding(buffer: Uint8Array): ImportEncoding {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return 'utf-8';
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le';
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be';
  let sample = buffer.subarray(0, 64 * 1024);
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return utf16;
  if (isUtf8(sample)) {
    // A file whose first part is plain ASCII (codes, English headers) may turn to Windows-1251 further on: the
    // whole is checked, and if it is not UTF-8 after all, what comes from its first non-ASCII byte is scored. One
    // with UTF-8 letters early is UTF-8 (a stray byte later is one bad character, not a reason to misread all).
    const from = firstHighByte(buffer);
    if (from < sample.length || from === buffer.length || isUtf8Buffer(buffer)) return 'utf-8';
    sample = buffer.subarray(from, from + 64 * 1024);
  }
  let best: ImportEncoding = 'windows-1251';
  let bestScore = -Infinity;
  for (const enc of ['windows-1251', 'koi8-r', 'gb18030', 'windows-1252'] as const) {
    const score = plausibility(enc, sample);
    if (score > bestScore) { best = enc; bestScore = score; }
  }
  return best;
}

/**
 * UTF-16 without a BOM: the high byte of Latin and Cyrillic characters (0x00, 0x04) is a control byte no text
 * file has, so one byte in two is a control byte.
 */
function utf16WithoutBom(b: Uint8Array): ImportEncoding | null {
  const n = Math.min(b.length - (b.length % 2), 4096);
  if (n < 4) return null;
  const control = (x: number) => x < 0x20 && x !== 9 && x !== 10 && x !== 13;
  let even = 0, odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (control(b[i])) even++;
    if (control(b[i + 1])) odd++;
  }
  const pairs = n / 2;
  // Cyrillic capitals (U+0410–041F) and some hanzi put a control byte on the other side too, far less often.
  if (odd > pairs * 0.3 && even < odd / 2) return 'utf-16le';
  if (even > pairs * 0.3 && odd < even / 2) return 'utf-16be';
  return null;
}

/** Where the first byte outside ASCII is (the length when there is none). */
function firstHighByte(b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return i;
  return b.length;
}

function isUtf8(b: Uint8Array): boolean {
  // A sample may end inside a character: allow a cut sequence at the very end.
  const cut = Math.max(0, b.length - 3);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    if (b.length < 64 * 1024) return false;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, lastCharStart(b, cut)));
      return true;
    } catch {
      return false;
    }
  }
}

function lastCharStart(b: Uint8Array, from: number): number {
  for (let i = b.length - 1; i >= from; i--) if ((b[i] & 0xc0) !== 0x80) return i;
  return b.length;
}

const CYRILLIC_WORD = /[\u0400-\u04ff]+/g;
const LATIN_WORD = /[A-Za-z\u00c0-\u00ff]+/g;

/** Higher is more like real text in that encoding. */
export function plausibility(encoding: ImportEncoding, b: Uint8Array): number {
  const text = new TextDecoder(encoding).decode(b);
  let score = -10 * (text.match(/\ufffd/g)?.length ?? 0);
  if (encoding === 'gb18030') return score + hanziScore(b);
  if (encoding === 'windows-1252') {
    // Accented letters inside Latin words; anything else (Cyrillic bytes) reads as noise.
    for (const w of text.match(LATIN_WORD) ?? []) if (/[\u00c0-\u00ff]/.test(w)) score += /[A-Za-z]/.test(w) ? w.length : -w.length;
    return score;
  }
  for (const word of text.match(CYRILLIC_WORD) ?? []) score += wordShape(word) * word.length;
  return score;
}

/** +1 for lower, Capitalized or UPPER words, −2 for a case mix no language writes ("иВАНОВ"). */
function wordShape(w: string): number {
  const upper = [...w].map((c) => c !== c.toLowerCase());
  if (upper.every((u) => !u) || upper.every(Boolean) || (upper[0] && upper.slice(1).every((u) => !u))) return 1;
  return -2;
}

/** Two-byte GB pairs: the common hanzi block (level 1) and punctuation count for, rare pairs against. */
function hanziScore(b: Uint8Array): number {
  let score = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const lead = b[i];
    if (lead < 0x81) continue;
    const trail = b[i + 1];
    if (lead >= 0xb0 && lead <= 0xd7 && trail >= 0xa1 && trail <= 0xfe) score += 2;
    else if (lead >= 0xa1 && lead <= 0xa9 && trail >= 0xa1 && trail <= 0xfe) score += 1;
    else score -= 2;
    i++;
  }
  return score;
}
