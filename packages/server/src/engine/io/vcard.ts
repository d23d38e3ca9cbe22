/**
 * vCard 2.1, 3.0 and 4.0 (RFC 6350) as phones, Outlook and Google export them, read into the columns of an
 * import (named like the person fields of contacts and leads so they map themselves) and written back.
 */

/** Columns a vCard becomes, in this order. */
export const VCARD_COLUMNS = [
  'salutation', 'first_name', 'last_name', 'account_id', 'department', 'title', 'email', 'secondary_email',
  'phone', 'mobile', 'home_phone', 'other_phone', 'fax', 'birth_date', 'website',
  'mailing_street', 'mailing_city', 'mailing_region', 'mailing_postal_code', 'mailing_country', 'description',
] as const;

type Column = (typeof VCARD_COLUMNS)[number];

interface Property { name: string; params: Record<string, string[]>; value: string }

/** A property longer than this is cut there (no field of a contact holds as much); it bounds a hostile file's work. */
const MAX_PROPERTY = 1 << 20;

/**
 * Joins folded lines (a line starting with a space or tab continues the previous one; 2.1 soft breaks too). Linear:
 * a property's pieces are joined once, and whether it is quoted-printable is read from its name and parameters (their
 * first 4 KB) while they are read, never again per line.
 */
function unfold(text: string): string[] {
  const out: string[] = [];
  let pieces: string[] = [];
  let length = 0;
  let head = ''; // the name and parameters, until the first ':' (at most 4 KB of them are looked at)
  let headDone = false;
  let qp = false; // whether the property is quoted-printable: read from its head while the head grows
  let softBreak = false; // a quoted-printable line ending in '=' continues on the next
  const add = (piece: string) => {
    const kept = piece.slice(0, Math.max(0, MAX_PROPERTY - length));
    if (!kept && pieces.length) return;
    pieces.push(kept);
    length += kept.length;
    if (headDone) return;
    const colon = kept.indexOf(':');
    head = (head + (colon < 0 ? kept.slice(0, 4096) : kept.slice(0, colon))).slice(0, 4096);
    headDone = colon >= 0 || head.length >= 4096;
    qp = /QUOTED-PRINTABLE/i.test(head);
  };
  const flush = () => { if (pieces.length) out.push(pieces.join('')); pieces = []; length = 0; head = ''; headDone = false; qp = false; };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (pieces.length && /^[ \t]/.test(line)) add(line.slice(1));
    else if (pieces.length && softBreak) {
      const last = pieces.length - 1;
      if (pieces[last].endsWith('=')) { length -= 1; pieces[last] = pieces[last].slice(0, -1); }
      add(line);
    } else { flush(); add(line); }
    softBreak = qp && line.endsWith('=');
  }
  flush();
  return out;
}

function parseLine(line: string): Property | null {
  const colon = findUnquoted(line, ':');
  if (colon < 0) return null;
  const [nameWithGroup, ...paramParts] = splitUnquoted(line.slice(0, colon), ';');
  const name = nameWithGroup.replace(/^[^.]*\./, '').toUpperCase();
  const params: Record<string, string[]> = {};
  for (const p of paramParts) {
    const eq = p.indexOf('=');
    // vCard 2.1 writes bare types: TEL;CELL;VOICE:…
    const [k, v] = eq < 0 ? ['TYPE', p] : [p.slice(0, eq).toUpperCase(), p.slice(eq + 1)];
    (params[k] ??= []).push(...v.replace(/"/g, '').split(',').map((x) => x.toUpperCase()));
  }
  let value = line.slice(colon + 1);
  if (params.ENCODING?.includes('QUOTED-PRINTABLE')) value = quotedPrintable(value, params.CHARSET?.[0]);
  return { name, params, value };
}

function findUnquoted(s: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted;
    else if (s[i] === ch && !quoted) return i;
  }
  return -1;
}

function splitUnquoted(s: string, ch: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted;
    else if (s[i] === ch && !quoted) { out.push(s.slice(start, i)); start = i + 1; }
  }
  out.push(s.slice(start));
  return out;
}

function quotedPrintable(value: string, charset = 'utf-8'): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '=' && /^[0-9A-F]{2}$/i.test(value.slice(i + 1, i + 3))) { bytes.push(parseInt(value.slice(i + 1, i + 3), 16)); i += 2; }
    else bytes.push(value.charCodeAt(i) & 0xff);
  }
  try {
    return new TextDecoder(charset.toLowerCase()).decode(new Uint8Array(bytes));
  } catch {
    return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
  }
}

/** Splits a structured value on unescaped `;` and unescapes each part. */
function parts(value: string): string[] {
  return value.split(/(?<!\\);/).map(unescape);
}

const unescape = (s: string) => s.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1').trim();

function phoneColumn(types: string[]): Column {
  if (types.includes('FAX')) return 'fax';
  if (types.includes('CELL')) return 'mobile';
  if (types.includes('HOME')) return 'home_phone';
  if (types.includes('WORK')) return 'phone';
  return 'other_phone';
}

/** Every card of a file as one row of VCARD_COLUMNS. */
export function parseVCards(text: string): string[][] {
  const rows: string[][] = [];
  let card: Partial<Record<Column, string>> | null = null;
  for (const line of unfold(text)) {
    const p = parseLine(line);
    if (!p) continue;
    if (p.name === 'BEGIN' && /^vcard$/i.test(p.value.trim())) { card = {}; continue; }
    if (p.name === 'END' && card) { rows.push(VCARD_COLUMNS.map((c) => card![c] ?? '')); card = null; continue; }
    if (card) takeProperty(card, p);
  }
  return rows;
}

function takeProperty(card: Partial<Record<Column, string>>, p: Property): void {
  const types = p.params.TYPE ?? [];
  const put = (c: Column, v: string) => { if (v && !card[c]) card[c] = v; };
  switch (p.name) {
    case 'N': {
      const [family, given, , prefix] = parts(p.value);
      put('last_name', family);
      put('first_name', given);
      put('salutation', prefix);
      break;
    }
    case 'FN': {
      // Only when N is missing or empty: "Given Family" split at the last space.
      const fn = unescape(p.value);
      if (!card.last_name && fn) {
        const at = fn.lastIndexOf(' ');
        if (at > 0) { put('first_name', fn.slice(0, at)); put('last_name', fn.slice(at + 1)); } else put('last_name', fn);
      }
      break;
    }
    case 'ORG': {
      const [org, unit] = parts(p.value);
      put('account_id', org);
      put('department', unit);
      break;
    }
    case 'TITLE': put('title', unescape(p.value)); break;
    case 'EMAIL': if (card.email) put('secondary_email', unescape(p.value)); else put('email', unescape(p.value)); break;
    case 'TEL': put(phoneColumn(types), unescape(p.value).replace(/^tel:/i, '')); break;
    case 'BDAY': put('birth_date', unescape(p.value).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3')); break;
    case 'URL': put('website', unescape(p.value)); break;
    case 'NOTE': put('description', unescape(p.value)); break;
    case 'ADR': {
      if (card.mailing_city || card.mailing_street) break;
      const [, extended, street, city, region, postal, country] = parts(p.value);
      put('mailing_street', [street, extended].filter(Boolean).join(', '));
      put('mailing_city', city);
      put('mailing_region', region);
      put('mailing_postal_code', postal);
      put('mailing_country', country);
      break;
    }
  }
}

// Any line break (a lone CR too: readers end a line there, and a value could start a card of its own) is `\n`; other
// control characters have no place in a vCard line.
const esc = (s: unknown) => String(s ?? '').replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/([,;])/g, '\\$1');

/** Lines longer than 75 octets are folded (RFC 6350 3.2), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (size + n > 75) { out.push(current); current = ' '; size = 1; }
    current += ch;
    size += n;
  }
  return [...out, current].join('\r\n');
}

/** One vCard 4.0 for a person record (values as the export shows them: the account's name, not its id). */
export function formatVCard(p: Partial<Record<Column, unknown>>): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0'];
  const add = (s: string) => lines.push(fold(s));
  add(`N:${esc(p.last_name)};${esc(p.first_name)};;${esc(p.salutation)};`);
  add(`FN:${esc([p.first_name, p.last_name].filter(Boolean).join(' ') || p.last_name || '')}`);
  if (p.account_id || p.department) add(`ORG:${esc(p.account_id)}${p.department ? `;${esc(p.department)}` : ''}`);
  if (p.title) add(`TITLE:${esc(p.title)}`);
  if (p.email) add(`EMAIL;TYPE=work:${esc(p.email)}`);
  if (p.secondary_email) add(`EMAIL;TYPE=home:${esc(p.secondary_email)}`);
  const tel: [Column, string][] = [['phone', 'work,voice'], ['mobile', 'cell'], ['home_phone', 'home,voice'], ['other_phone', 'voice'], ['fax', 'fax']];
  for (const [c, type] of tel) if (p[c]) add(`TEL;TYPE="${type}":${esc(p[c])}`);
  if (p.birth_date) add(`BDAY:${String(p.birth_date).replace(/-/g, '')}`);
  if (p.website) add(`URL:${esc(p.website)}`);
  if (p.mailing_street || p.mailing_city || p.mailing_country) {
    add(`ADR;TYPE=work:;;${esc(p.mailing_street)};${esc(p.mailing_city)};${esc(p.mailing_region)};${esc(p.mailing_postal_code)};${esc(p.mailing_country)}`);
  }
  if (p.description) add(`NOTE:${esc(p.description)}`);
  lines.push('END:VCARD');
  return lines.join('\r\n') + '\r\n';
}
