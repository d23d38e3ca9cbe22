import { z } from 'zod';
import type { FieldDef } from './modules.js';
import type { Lang } from './i18n.js';

/**
 * Value schemas per field type — one source for the server pipeline and the web forms.
 * Each schema accepts the JSON a client sends and outputs the normalized value stored in the database
 * (decimals as strings, never floats).
 */
type MessageKey = 'required' | 'text' | 'too_long' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime'
  | 'email' | 'phone' | 'url' | 'picklist' | 'multipicklist' | 'tags' | 'id' | 'not_found' | 'read_only' | 'unknown_field' | 'min' | 'max';

const MESSAGES: Record<MessageKey, Record<Lang, string>> = {
  required: { en: 'is required', ru: 'обязательное поле', uk: "обов'язкове поле", zh: '为必填项' },
  text: { en: 'must be text', ru: 'должно быть текстом', uk: 'має бути текстом', zh: '必须是文本' },
  too_long: { en: 'is too long', ru: 'слишком длинное значение', uk: 'занадто довге значення', zh: '内容过长' },
  integer: { en: 'must be a whole number', ru: 'должно быть целым числом', uk: 'має бути цілим числом', zh: '必须是整数' },
  decimal: { en: 'must be a number', ru: 'должно быть числом', uk: 'має бути числом', zh: '必须是数字' },
  boolean: { en: 'must be true or false', ru: 'должно быть да или нет', uk: 'має бути так або ні', zh: '必须是或否' },
  date: { en: 'must be a date (YYYY-MM-DD)', ru: 'должно быть датой (ГГГГ-ММ-ДД)', uk: 'має бути датою (РРРР-ММ-ДД)', zh: '必须是日期 (YYYY-MM-DD)' },
  datetime: { en: 'must be a date and time', ru: 'должно быть датой и временем', uk: 'має бути датою й часом', zh: '必须是日期和时间' },
  email: { en: 'must be a valid e-mail address', ru: 'должен быть корректный e-mail', uk: 'має бути коректна e-mail адреса', zh: '必须是有效的电子邮件地址' },
  phone: { en: 'must be a phone number', ru: 'должен быть номер телефона', uk: 'має бути номер телефону', zh: '必须是电话号码' },
  url: { en: 'must be a web address (http or https)', ru: 'должен быть веб-адрес (http или https)', uk: 'має бути веб-адреса (http або https)', zh: '必须是网址 (http 或 https)' },
  picklist: { en: 'is not one of the allowed values', ru: 'недопустимое значение', uk: 'неприпустиме значення', zh: '不是允许的值' },
  multipicklist: { en: 'contains a value that is not allowed', ru: 'содержит недопустимое значение', uk: 'містить неприпустиме значення', zh: '包含不允许的值' },
  tags: { en: 'must be at most 30 tags of 1 to 50 characters', ru: 'должно быть не больше 30 меток по 1–50 символов', uk: 'має бути не більше 30 міток по 1–50 символів', zh: '最多 30 个标签，每个 1 到 50 个字符' },
  not_found: { en: 'refers to a record that does not exist', ru: 'ссылается на несуществующую запись', uk: 'посилається на неіснуючий запис', zh: '引用的记录不存在' },
  read_only: { en: 'is read-only', ru: 'только для чтения', uk: 'лише для читання', zh: '为只读字段' },
  unknown_field: { en: 'is not a field of this module', ru: 'нет такого поля в модуле', uk: 'немає такого поля в модулі', zh: '不是此模块的字段' },
  min: { en: 'must be at least {n}', ru: 'должно быть не меньше {n}', uk: 'має бути не менше {n}', zh: '不能小于 {n}' },
  max: { en: 'must be at most {n}', ru: 'должно быть не больше {n}', uk: 'має бути не більше {n}', zh: '不能大于 {n}' },
  id: { en: 'must be a record id', ru: 'должен быть идентификатор записи', uk: 'має бути ідентифікатор запису', zh: '必须是记录标识' },
};

export function fieldMessage(key: MessageKey, lang: Lang, n?: number): string {
  const text = MESSAGES[key][lang] ?? MESSAGES[key].en;
  return n === undefined ? text : text.replace('{n}', String(n));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An address the e-mail field type accepts. */
export const isEmail = (s: string): boolean => s.length <= 255 && EMAIL.test(s);
/** The shape a picklist value may take: 1–100 letters, digits, spaces, _ . or -. */
export const PICKLIST_VALUE = /^[\p{L}\p{N}_.\- ]{1,100}$/u;
const PHONE = /^[+]?[0-9\s().\-/]{3,40}(\s*(ext|доб)\.?\s*[0-9]{1,6})?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID.test(v);
}

/** A YYYY-MM-DD date that exists (2027-02-30 does not). */
export function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `sovtech.ru` (as people type it and vTiger stores it) → `https://sovtech.ru`; other schemes stay (and are refused). */
export function normalizeUrl(v: string): string {
  const s = v.trim();
  if (!s || /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^(javascript|data|vbscript|mailto|file|ftp):/i.test(s)) return s;
  const bare = s.replace(/^\/\//, '');
  return /^[^\s/:]+\.[^\s/:.]+(:\d{1,5})?(\/\S*)?$/.test(bare) ? `https://${bare}` : s;
}

/** Decimal places kept per numeric type. */
export const DECIMAL_SCALE = { decimal: 4, money: 2, percent: 3 } as const;

/** Normalizes "1 234,5" / 1234.5 / "1234.50" to a plain decimal string, or null when it is not a number. */
export function normalizeDecimal(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v !== 'string') return null;
  const s = v.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return DECIMAL.test(s) ? s : null;
}

/** A number outside the field's declared range is refused with the bound it crossed. */
function withRange(base: z.ZodType<unknown>, field: FieldDef, lang: Lang): z.ZodType<unknown> {
  const { min, max } = field;
  if (min === undefined && max === undefined) return base;
  return base.superRefine((v, ctx) => {
    const n = Number(v);
    if (min !== undefined && n < min) ctx.addIssue({ code: 'custom', message: fieldMessage('min', lang, min) });
    else if (max !== undefined && n > max) ctx.addIssue({ code: 'custom', message: fieldMessage('max', lang, max) });
  });
}

/** Builds the zod schema that validates and normalizes one field's value. */
export function fieldSchema(field: FieldDef, lang: Lang): z.ZodType<unknown> {
  const m = (k: MessageKey) => fieldMessage(k, lang);
  const str = (max: number) => z.string({ error: m('text') }).max(max, { error: m('too_long') });
  let base: z.ZodType<unknown>;
  switch (field.type) {
    // Leading and trailing spaces are never meant; a required name of spaces only is empty.
    case 'text': base = z.string({ error: m('text') }).trim().max(field.maxLength ?? 255, { error: m('too_long') }); break;
    case 'textarea': base = str(field.maxLength ?? 65535); break;
    case 'email': base = str(255).transform((s) => s.trim()).refine((s) => s === '' || EMAIL.test(s), { error: m('email') }); break;
    case 'phone': base = str(64).transform((s) => s.trim()).refine((s) => s === '' || PHONE.test(s), { error: m('phone') }); break;
    case 'url': base = str(1000).transform(normalizeUrl).refine((s) => s === '' || /^https?:\/\/[^\s/]+\.?[^\s]*$/i.test(s), { error: m('url') }); break;
    case 'integer':
      base = z.union([z.number(), z.string()], { error: m('integer') })
        .transform((v) => (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim()) ? Number(v) : v))
        .refine((v) => typeof v === 'number' && Number.isSafeInteger(v), { error: m('integer') });
      base = withRange(base, field, lang);
      break;
    case 'decimal': case 'money': case 'percent':
      base = z.unknown().transform((v, ctx) => {
        const d = normalizeDecimal(v);
        if (d === null) { ctx.addIssue({ code: 'custom', message: m('decimal') }); return z.NEVER; }
        return d;
      });
      base = withRange(base, field, lang);
      break;
    case 'boolean': base = z.boolean({ error: m('boolean') }); break;
    case 'date': base = z.string({ error: m('date') }).refine(isRealDate, { error: m('date') }); break;
    case 'datetime':
      base = z.string({ error: m('datetime') })
        .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), { error: m('datetime') })
        .transform((s) => new Date(s).toISOString());
      break;
    case 'picklist': {
      if (field.openOptions) { base = z.string({ error: m('picklist') }).trim().min(1, { error: m('picklist') }).max(100, { error: m('too_long') }); break; }
      const values = new Set((field.options ?? []).map((o) => o.value));
      base = z.string({ error: m('picklist') }).refine((s) => values.has(s), { error: m('picklist') });
      break;
    }
    case 'multipicklist': {
      if (field.freeValues) {
        // Tags: any words, trimmed, up to 50 characters each and 30 per record, each once.
        base = z.array(z.string({ error: m('tags') }).trim().min(1, { error: m('tags') }).max(50, { error: m('tags') }), { error: m('multipicklist') })
          .max(30, { error: m('tags') }).transform((a) => [...new Set(a)]);
        break;
      }
      const values = new Set((field.options ?? []).map((o) => o.value));
      base = z.array(z.string(), { error: m('multipicklist') }).refine((a) => a.every((s) => values.has(s)), { error: m('multipicklist') })
        .transform((a) => [...new Set(a)]);
      break;
    }
    case 'reference': case 'owner': case 'image': case 'file':
      base = z.string({ error: m('id') }).refine(isUuid, { error: m('id') }).transform((s) => s.toLowerCase());
      break;
    case 'json':
      base = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())], { error: m('text') });
      break;
  }
  return base;
}

/** Validates one value: null/empty is allowed unless required. Returns the normalized value or a message. */
/** Schemas per field definition and language: building a zod schema costs more than running it. */
const schemas = new WeakMap<FieldDef, Partial<Record<Lang, z.ZodType<unknown>>>>();
function cachedSchema(field: FieldDef, lang: Lang): z.ZodType<unknown> {
  let byLang = schemas.get(field);
  if (!byLang) schemas.set(field, (byLang = {}));
  return (byLang[lang] ??= fieldSchema(field, lang));
}

export function validateFieldValue(field: FieldDef, value: unknown, lang: Lang): { ok: true; value: unknown } | { ok: false; message: string } {
  const emptyValue = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  if (emptyValue) {
    if (field.required) return { ok: false, message: fieldMessage('required', lang) };
    return { ok: true, value: field.type === 'multipicklist' ? [] : null };
  }
  const r = cachedSchema(field, lang).safeParse(value);
  if (!r.success) return { ok: false, message: r.error.issues[0]?.message ?? fieldMessage('text', lang) };
  if (field.type === 'textarea' && typeof r.data === 'string' && !r.data.trim()) {
    return field.required ? { ok: false, message: fieldMessage('required', lang) } : { ok: true, value: null };
  }
  if (field.type === 'text' || field.type === 'email' || field.type === 'phone' || field.type === 'url') {
    if (r.data === '' && field.required) return { ok: false, message: fieldMessage('required', lang) };
  }
  return { ok: true, value: r.data === '' ? null : r.data };
}
