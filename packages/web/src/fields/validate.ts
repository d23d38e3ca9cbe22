import { validateFieldValue, type FieldDef, type Lang } from '@karta/shared';
import type { FieldMeta } from '../api/types';

/** FieldMeta (from /meta) → the FieldDef shape the shared validators take; labels are not needed there. */
export function toFieldDef(f: FieldMeta): FieldDef {
  const none = { en: '', ru: '', uk: '', zh: '' };
  return {
    name: f.name,
    type: f.type,
    label: { ...none, en: f.label },
    required: f.required,
    readOnly: f.read_only,
    options: f.options?.map((o) => ({ value: o.value, label: { ...none, en: o.label } })),
    reference: f.reference,
    maxLength: f.max_length,
    min: f.min,
    max: f.max,
    freeValues: f.free_values,
    openOptions: f.open_options,
  };
}

const defs = new WeakMap<FieldMeta, FieldDef>();

/** The same rules as the server: returns the normalized value or the field's message in the UI language. */
export function checkValue(f: FieldMeta, value: unknown, lang: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let def = defs.get(f);
  if (!def) {
    def = toFieldDef(f);
    defs.set(f, def);
  }
  const l = (['en', 'ru', 'uk', 'zh'].includes(lang) ? lang : 'en') as Lang;
  return validateFieldValue(def, typeof value === 'string' && f.type !== 'textarea' ? value.trim() : value, l);
}

export function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}
