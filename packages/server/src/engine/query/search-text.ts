import type { ResolvedModule } from '../registry/registry.js';

/** Digits of a phone number, and its last ten (so +7 812… and 8 812… find each other). */
export function phoneKeys(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 5) return [];
  return digits.length > 10 ? [digits, digits.slice(-10)] : [digits];
}

/**
 * The text a record is found by: number, title, searchable fields, phone digits — lowercased here
 * (not in SQL) so the result does not depend on the database's locale.
 */
export function buildSearchText(m: ResolvedModule, record: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const f of m.allFields) {
    if (!f.searchable && !m.titleFields.includes(f.name)) continue;
    const v = record[f.name];
    if (v == null || v === '') continue;
    parts.push(String(v));
    if (f.type === 'phone') parts.push(...phoneKeys(String(v)));
  }
  return parts.join(' ').toLowerCase().slice(0, 4000);
}

/** A search query → the LIKE pattern on search_text (phone-looking queries match by digits). */
export function searchPattern(q: string): string | null {
  const text = q.trim().toLowerCase();
  if (!text) return null;
  let needle = text;
  if (/^[+\d\s().\-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length >= 5) needle = digits.length > 10 ? digits.slice(-10) : digits;
  }
  return '%' + needle.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
