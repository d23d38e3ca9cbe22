import { fieldMessage, initialValue, validateFieldValue, type Lang } from '@karta/shared';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import type { ResolvedModule } from '../registry/registry.js';
import { translated } from '../../platform/messages/say.js';
import { todayIn } from '../../platform/time-zone.js';

/**
 * Parses a create/update body with the registry's field types. Every problem is reported per field:
 * unknown fields, read-only/system fields, wrong types, bad picklist values, missing required values.
 */
export function validateInput(m: ResolvedModule, body: unknown, lang: Lang, mode: 'create' | 'update', full?: ResolvedModule, zone = 'UTC'): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('VALIDATION_FAILED', 'The body must be a JSON object of field values');
  }
  const given = body as Record<string, unknown>;
  // A module numbered by one of its fields takes that field as `number` too (a card's printed number).
  const input = m.numberFrom && 'number' in given && !(m.numberFrom in given) ? Object.fromEntries(Object.entries(given).map(([k, v]) => [k === 'number' ? m.numberFrom! : k, v])) : given;
  const errors: FieldErrors = {};
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(input)) {
    const f = m.fieldMap.get(name);
    if (!f) { errors[name] = translated(fieldMessage('unknown_field', lang)); continue; }
    if (f.readOnly) { errors[name] = translated(fieldMessage('read_only', lang)); continue; }
    const r = validateFieldValue(f, raw, lang);
    if (r.ok) values[name] = r.value;
    else errors[name] = translated(r.message);
  }
  if (mode === 'create') {
    // A date field defaulting to today takes the writer's today (their zone), as their "today" filters count it.
    const today = todayIn(zone).toISOString().slice(0, 10);
    for (const f of m.allFields) {
      if (f.name in input || f.readOnly) continue;
      if (f.default !== undefined && f.default !== null) { values[f.name] = initialValue(f, today); continue; }
      if (f.required) errors[f.name] = translated(fieldMessage('required', lang));
    }
    // `m` is the caller's view (access/field-view.ts): the fields it hides or locks still get their defaults.
    for (const f of full && full !== m ? full.allFields : []) {
      const seen = m.fieldMap.get(f.name);
      if ((seen && !seen.readOnly) || f.readOnly || f.default == null) continue;
      values[f.name] = initialValue(f, today);
    }
  }
  if (Object.keys(errors).length) throw validationError(errors, lang);
  return values;
}

/** "Some fields are not valid", with each field's message (said in the caller's language when the error is sent). */
export function validationError(fields: FieldErrors, _lang?: Lang): AppError {
  return new AppError('VALIDATION_FAILED', 'Some fields are not valid', fields);
}
