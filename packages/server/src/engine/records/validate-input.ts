import { fieldMessage, validateFieldValue, type Lang } from '@karta/shared';
import { AppError } from '../../platform/errors.js';
import type { ResolvedModule } from '../registry/registry.js';

/**
 * Parses a create/update body with the registry's field types. Every problem is reported per field:
 * unknown fields, read-only/system fields, wrong types, bad picklist values, missing required values.
 */
export function validateInput(m: ResolvedModule, body: unknown, lang: Lang, mode: 'create' | 'update'): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('VALIDATION_FAILED', 'The body must be a JSON object of field values');
  }
  const input = body as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(input)) {
    const f = m.fieldMap.get(name);
    if (!f) { errors[name] = fieldMessage('unknown_field', lang); continue; }
    if (f.readOnly) { errors[name] = fieldMessage('read_only', lang); continue; }
    const r = validateFieldValue(f, raw, lang);
    if (r.ok) values[name] = r.value;
    else errors[name] = r.message;
  }
  if (mode === 'create') {
    for (const f of m.allFields) {
      if (f.name in input || f.readOnly) continue;
      if (f.default !== undefined && f.default !== null) { values[f.name] = f.default; continue; }
      if (f.required) errors[f.name] = fieldMessage('required', lang);
    }
  }
  if (Object.keys(errors).length) throw validationError(errors, lang);
  return values;
}

const SUMMARY: Record<Lang, string> = {
  en: 'Some fields are not valid', ru: 'Некоторые поля заполнены неверно', uk: 'Деякі поля заповнено неправильно', zh: '部分字段无效',
};

export function validationError(fields: Record<string, string>, lang: Lang): AppError {
  return new AppError('VALIDATION_FAILED', SUMMARY[lang], fields);
}
