import { initialValue } from '@karta/shared';
import { editableFields } from '../../api/meta';
import type { FieldMeta, ModuleMeta, RecordData } from '../../api/types';
import { checkValue, isEmptyValue } from '../../fields/validate';
import { localDay } from '../../i18n/format';

export type FormValues = Record<string, unknown>;

/** API value → what the input holds (numbers as text, so "1 234,5" can be typed and checked). */
export function toInputValue(f: FieldMeta, v: unknown): unknown {
  if (v === undefined) return f.type === 'multipicklist' ? [] : f.type === 'boolean' ? false : null;
  if (f.type === 'integer' && typeof v === 'number') return String(v);
  return v;
}

export function formValuesFrom(module: ModuleMeta, source: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const f of editableFields(module)) out[f.name] = toInputValue(f, source[f.name]);
  return out;
}


/** Defaults for a new record: declared defaults, the user as owner, and values passed in the URL. */
export function createDefaults(module: ModuleMeta, userId: string, prefill: Record<string, string>): FormValues {
  const base: Record<string, unknown> = {};
  for (const f of module.fields) if (f.default !== undefined && f.default !== null) base[f.name] = initialValue(f, localDay());
  if (module.fields.some((f) => f.name === 'assigned_to')) base.assigned_to = userId;
  for (const [k, v] of Object.entries(prefill)) {
    const f = module.fields.find((x) => x.name === k);
    if (f && !f.read_only) base[k] = f.type === 'multipicklist' ? v.split(',') : f.type === 'boolean' ? v === 'true' : v;
  }
  return formValuesFrom(module, base);
}

/** Client validation with the shared field-type rules; returns normalized values or messages per field. */
export function validateForm(module: ModuleMeta, values: FormValues, lang: string, only?: Set<string>) {
  const normalized: FormValues = {};
  const errors: Record<string, string> = {};
  for (const f of editableFields(module)) {
    if (only && !only.has(f.name)) continue;
    const r = checkValue(f, values[f.name], lang);
    if (r.ok) normalized[f.name] = r.value;
    else errors[f.name] = r.message;
  }
  return { normalized, errors };
}

/** The body of a create: every filled field (empty ones are left to the server's defaults). */
export function createPayload(normalized: FormValues): FormValues {
  return Object.fromEntries(Object.entries(normalized).filter(([, v]) => !isEmptyValue(v)));
}

/** The body of a PATCH: only what the user changed, compared after normalization. */
export function changesPayload(module: ModuleMeta, record: RecordData, normalized: FormValues): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries(normalized)) {
    const before = record[k] ?? (module.fields.find((f) => f.name === k)?.type === 'multipicklist' ? [] : null);
    if (!sameValue(before, v)) out[k] = v;
  }
  return out;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  if (typeof a === 'number' || typeof b === 'number') return String(a) === String(b);
  if ((typeof a === 'string' && typeof b === 'string') && /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return Number(a) === Number(b);
  return JSON.stringify(a) === JSON.stringify(b);
}
