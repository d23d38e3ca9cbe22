/**
 * A web form's design, checked when it is saved: the fields a visitor fills (the target module's own editable fields),
 * the hidden values every submission gets (valid values of those fields, or the owner), the sites allowed to send it.
 * The public key is made on create and never changes.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { usableOwner } from '../../engine/records/usable-owner.js';
import { isLang, validateFieldValue, type FieldDef, type Lang } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import type { Registry } from '../../engine/registry/registry.js';
import { SYSTEM_FIELD_NAMES } from '../../engine/registry/system-fields.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, translated, type Said } from '../../platform/messages/say.js';

export interface FormField { field: string; required?: boolean; label?: string | Partial<Record<Lang, string>> }
export const MAX_FORM_FIELDS = 40;
const MAX_ORIGINS = 20;
/** Field types a visitor can type into a plain HTML form. */
const FILLABLE = new Set(['text', 'textarea', 'email', 'phone', 'url', 'integer', 'decimal', 'money', 'percent', 'boolean', 'date', 'picklist', 'multipicklist']);

function invalid(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid web form: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

/** The fields of the target module a visitor may fill (custom ones too). */
export function fillableFields(registry: Registry, module: string): FieldDef[] {
  return registry.module(module).allFields.filter((f) => !f.readOnly && !SYSTEM_FIELD_NAMES.has(f.name) && !f.hidden && FILLABLE.has(f.type));
}

/** `https://www.example.com` as browsers send it in `Origin`, or null. */
export function normaliseOrigin(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 300) return null;
  try {
    const u = new URL(v.trim());
    if (!/^https?:$/.test(u.protocol) || u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) return null;
    return u.origin;
  } catch {
    return null;
  }
}

function checkFields(registry: Registry, module: string, raw: unknown): FormField[] {
  if (!Array.isArray(raw) || !raw.length || raw.length > MAX_FORM_FIELDS) throw invalid('fields', msg('must list 1 to {max} fields', { max: MAX_FORM_FIELDS }));
  const fillable = new Map(fillableFields(registry, module).map((f) => [f.name, f]));
  const seen = new Set<string>();
  return raw.map((item, i) => {
    const o = (item && typeof item === 'object' && !Array.isArray(item) ? item : {}) as Record<string, unknown>;
    const name = typeof item === 'string' ? item : o.field;
    if (typeof name !== 'string' || !fillable.has(name)) throw invalid(`fields[${i}]`, 'is not a field a visitor can fill');
    if (seen.has(name)) throw invalid(`fields[${i}]`, 'is listed twice');
    seen.add(name);
    if (o.required !== undefined && typeof o.required !== 'boolean') throw invalid(`fields[${i}].required`, 'must be true or false');
    const label = o.label;
    const labelOk = label === undefined || (typeof label === 'string' && label.length <= 200)
      || (label !== null && typeof label === 'object' && !Array.isArray(label) && Object.entries(label).every(([k, v]) => isLang(k) && typeof v === 'string' && v.length <= 200));
    if (!labelOk) throw invalid(`fields[${i}].label`, 'must be a text or texts by language (en, ru, uk, zh) of up to 200 characters');
    return { field: name, ...(o.required !== undefined ? { required: o.required as boolean } : {}), ...(label !== undefined ? { label: label as FormField['label'] } : {}) };
  });
}

async function checkHidden(ctx: RequestContext, module: string, raw: unknown): Promise<Record<string, unknown>> {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw) || Object.keys(raw).length > 30) throw invalid('hidden', 'must be an object of field values');
  const m = ctx.registry.module(module);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === 'assigned_to') {
      if (!(await usableOwner(ctx.db, [value]))) throw invalid('hidden.assigned_to', 'must be an active user or a group');
      out[name] = value;
      continue;
    }
    const f = m.fieldMap.get(name);
    if (!f || f.readOnly || SYSTEM_FIELD_NAMES.has(f.name)) throw invalid(`hidden.${name}`, 'is not a field a form can set');
    const r = validateFieldValue(f, value, ctx.lang);
    if (!r.ok) throw invalid(`hidden.${name}`, translated(r.message));
    if (f.type === 'reference' && typeof r.value === 'string') {
      const target = f.reference?.length === 1 ? f.reference[0] : undefined;
      const exists = target && (await sql`select 1 from ${sql.table(target)} where id = ${r.value} and deleted_at is null`.execute(ctx.db)).rows.length > 0;
      if (!exists) throw invalid(`hidden.${name}`, 'names no record');
    }
    out[name] = r.value;
  }
  return out;
}

function checkOrigins(raw: unknown): string[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_ORIGINS) throw invalid('allowed_origins', msg('must list at most {max} sites', { max: MAX_ORIGINS }));
  return [...new Set(raw.map((o, i) => {
    const origin = normaliseOrigin(o);
    if (!origin) throw invalid(`allowed_origins[${i}]`, 'must be a site address such as https://www.example.com');
    return origin;
  }))];
}

/** A label in the visitor's language: the form's own, else the field's. */
export function fieldLabel(f: FormField, def: FieldDef, lang: Lang): string {
  if (typeof f.label === 'string' && f.label.trim()) return f.label;
  // A label written for another language only is not shown: the field's own name in the visitor's language is better.
  const own = f.label && typeof f.label === 'object' ? f.label[lang]?.trim() : undefined;
  if (own) return own;
  return def.label[lang] || def.label.en;
}

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = change.values;
  const module = String(v.module ?? change.before?.module ?? 'leads');
  if ('fields' in v) v.fields = checkFields(ctx.registry, module, v.fields);
  if ('hidden' in v) v.hidden = await checkHidden(ctx, module, v.hidden);
  if ('allowed_origins' in v) v.allowed_origins = checkOrigins(v.allowed_origins);
  if (change.action === 'create') v.key = randomBytes(12).toString('base64url');
}

export const webFormBehaviour: ModuleBehaviour = { beforeWrite };
