import type { FieldDef } from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';

/**
 * Duplicate keys: two values are "the same" when their keys are equal. The same rule exists twice — in
 * TypeScript (a row being imported or created) and in SQL (the stored records, set-based) — and the tests
 * hold them to the same answers.
 */
export type KeyKind = 'email' | 'phone' | 'digits' | 'domain' | 'name' | 'person';

/** Tax ids and other number-like codes compare by their digits. */
const DIGIT_FIELDS = new Set(['inn', 'kpp', 'ogrn', 'okpo', 'vat_id', 'tax_id', 'serial_number']);
/** Parts of a person's name: words only, no legal forms to drop (敖 is "Ao", a surname, not a joint-stock company). */
const PERSON_FIELDS = new Set(['first_name', 'last_name', 'middle_name']);

export function keyKind(f: FieldDef): KeyKind {
  if (f.type === 'email') return 'email';
  if (f.type === 'phone') return 'phone';
  if (f.type === 'url' || f.name === 'website') return 'domain';
  if (DIGIT_FIELDS.has(f.name)) return 'digits';
  if (PERSON_FIELDS.has(f.name)) return 'person';
  return 'name';
}

/** Legal forms that say nothing about which company it is ("ООО «Ромашка»" = "Ромашка"). */
const LEGAL_FORMS = ['ооо', 'оао', 'зао', 'пао', 'ао', 'ип', 'нко', 'тов', 'пп', 'пат', 'прат', 'фоп', 'llc', 'ltd', 'inc', 'gmbh', 'corp', 'co'];
const LEGAL_FORMS_RE = `(^| )(${LEGAL_FORMS.join('|')})(?= |$)`;
const CN_LEGAL_FORMS_RE = '(股份有限公司|有限责任公司|有限公司)';
/** One character class both engines read alike: ASCII punctuation, typographic quotes, CJK punctuation. */
const PUNCTUATION_RE = '[!-/:-@[-`{-~«»“”„’‘№（）【】「」《》、，。：；！？·]+';

export function normalizeKey(kind: KeyKind, value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  switch (kind) {
    case 'email': return s.trim().toLowerCase();
    case 'digits': return s.replace(/\D/g, '');
    case 'phone': return phoneKey(s.replace(/\D/g, ''));
    case 'domain': return s.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^www\./, '').replace(/[/:?#].*$/, '');
    case 'person': return s.toLowerCase().replace(new RegExp(PUNCTUATION_RE, 'g'), ' ').replace(/\s+/g, ' ').trim();
    case 'name': {
      const words = s.toLowerCase().replace(new RegExp(CN_LEGAL_FORMS_RE, 'g'), ' ').replace(new RegExp(PUNCTUATION_RE, 'g'), ' ').replace(/\s+/g, ' ').trim();
      return words.replace(new RegExp(LEGAL_FORMS_RE, 'g'), '').replace(/\s+/g, ' ').trim();
    }
  }
}

/**
 * Phone numbers by their international digits: 00 dropped, a Russian 8 XXX → 7 XXX, a Ukrainian 0XX
 * → 380XX, a Chinese mobile 1XX XXXX XXXX → 86 1XX….
 */
function phoneKey(d: string): string {
  if (d.startsWith('00')) d = d.slice(2);
  if (d.length === 11 && d.startsWith('8')) return '7' + d.slice(1);
  if (d.length === 10 && d.startsWith('0')) return '38' + d;
  if (d.length === 11 && d.startsWith('1')) return '86' + d;
  return d;
}

/** The same key computed by the database from a column expression. */
export function keySql(kind: KeyKind, expr: RawBuilder<unknown>): RawBuilder<string> {
  switch (kind) {
    case 'email': return sql<string>`lower(trim(coalesce(${expr}::text, '')))`;
    case 'digits': return sql<string>`regexp_replace(coalesce(${expr}::text, ''), '\\D', '', 'g')`;
    case 'phone': {
      // One expression, no subquery per row (a scalar subquery here made a scan of 1M phones take 30 s): the
      // national prefixes as anchored rewrites, which cannot feed each other (7…, 380…, 861… match none of them).
      const d = sql`regexp_replace(regexp_replace(coalesce(${expr}::text, ''), '\\D', '', 'g'), '^00', '')`;
      return sql<string>`regexp_replace(regexp_replace(regexp_replace(${d}, '^8(\\d{10})$', '7\\1'), '^0(\\d{9})$', '380\\1'), '^1(\\d{10})$', '861\\1')`;
    }
    case 'domain': return sql<string>`regexp_replace(regexp_replace(regexp_replace(lower(trim(coalesce(${expr}::text, ''))),
      '^[a-z][a-z0-9+.-]*://', ''), '^www\\.', ''), '[/:?#].*$', '')`;
    case 'person': return sql<string>`trim(regexp_replace(regexp_replace(lower(coalesce(${expr}::text, '')), ${PUNCTUATION_RE}, ' ', 'g'), '\\s+', ' ', 'g'))`;
    case 'name': {
      const words = sql`trim(regexp_replace(regexp_replace(regexp_replace(lower(coalesce(${expr}::text, '')),
        ${CN_LEGAL_FORMS_RE}, ' ', 'g'), ${PUNCTUATION_RE}, ' ', 'g'), '\\s+', ' ', 'g'))`;
      return sql<string>`trim(regexp_replace(regexp_replace(${words}, ${LEGAL_FORMS_RE}, '', 'g'), '\\s+', ' ', 'g'))`;
    }
  }
}
