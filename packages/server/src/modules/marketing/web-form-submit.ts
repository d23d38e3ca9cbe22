/**
 * A visitor's submission of a web form. Spam rules first — the honeypot, the minimum fill time (a signed token from
 * when the form was served), a rate limit per address and per form — then the values: only the form's own fields are
 * taken from the visitor, the hidden values override anything sent, and the lead is created through the record
 * pipeline as the form's owner, with its UTM parameters, referrer and page. Every submission, refused or not, is
 * counted in `web_form_submissions`.
 */
import { sql } from 'kysely';
import type { FieldDef, Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { contextFor } from '../../engine/system-context.js';
import { createRecord } from '../../engine/records/create.js';
import type { Registry, ResolvedModule } from '../../engine/registry/registry.js';
import type { Tx } from '../../platform/db.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { signatureMatches, signText } from '../../platform/signing.js';
import { notify } from '../activities/notifications.js';
import type { FormField } from './web-form-design.js';
import { HONEYPOT, UTM_KEYS, type FormView } from './web-form-page.js';

/** Limits a submission is held to (exported so tests can narrow them). */
export const FORM_LIMITS = { perAddress: 10, addressWindowMinutes: 10, perFormPerMinute: 120, tokenMaxAgeHours: 24 };
export type Outcome = 'accepted' | 'honeypot' | 'too_fast' | 'expired' | 'rate_limited' | 'origin' | 'invalid' | 'too_large';

export interface StoredForm {
  id: string; key: string; name: string; module: string; fields: FormField[]; hidden: Record<string, unknown>;
  thank_you_message: string | null; thank_you_url: string | null; allowed_origins: string[]; min_fill_seconds: number;
  owner: string | null;
}

/** An active form by its public key; its owner is the user it is assigned to, else who made it. */
export async function loadForm(db: Tx, key: string): Promise<StoredForm | null> {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(key)) return null;
  const r = await sql<StoredForm>`select f.id::text, f.key, f.name, f.module, f.fields, coalesce(f.hidden, '{}'::jsonb) as hidden, f.thank_you_message,
      f.thank_you_url, coalesce(f.allowed_origins, '[]'::jsonb) as allowed_origins, coalesce(f.min_fill_seconds, 0) as min_fill_seconds,
      coalesce((select u.id::text from users u where u.id = f.assigned_to and u.active), f.created_by::text) as owner
    from web_forms f where f.key = ${key} and f.active and f.deleted_at is null`.execute(db);
  return r.rows[0] ?? null;
}

/** The form's fields with their definitions (a field deleted since the form was designed is left out). */
export function formView(registry: Registry, form: StoredForm, action: string, lang: Lang): FormView {
  const m = registry.module(form.module);
  const fields = (form.fields ?? []).map((f) => ({ f, def: m.fieldMap.get(f.field) })).filter((x): x is { f: FormField; def: FieldDef } => Boolean(x.def));
  return { key: form.key, name: form.name, action, lang, fields };
}

/** `<time served>.<signature>`: proves when the form was handed out. */
export function fillToken(signingKey: Buffer, formKey: string, now = Date.now()): string {
  return `${now}.${signText(signingKey, `${formKey}:${now}`)}`;
}

export function checkFillToken(signingKey: Buffer, formKey: string, token: unknown, minSeconds: number, now = Date.now()): 'ok' | 'too_fast' | 'expired' {
  const m = typeof token === 'string' ? /^(\d{10,16})\.([A-Za-z0-9_-]+)$/.exec(token) : null;
  if (!m || !signatureMatches(signingKey, `${formKey}:${m[1]}`, m[2])) return 'too_fast';
  const age = now - Number(m[1]);
  if (age < minSeconds * 1000) return 'too_fast';
  return age > FORM_LIMITS.tokenMaxAgeHours * 3_600_000 ? 'expired' : 'ok';
}

export async function logSubmission(db: Tx, formId: string, address: string, outcome: Outcome, leadId: string | null = null): Promise<void> {
  await sql`insert into web_form_submissions (form_id, address, outcome, lead_id) values (${formId}, ${address}, ${outcome}, ${leadId})`.execute(db);
}

/** Too many submissions from this address lately, or to this form in the last minute. */
export async function overLimit(db: Tx, formId: string, address: string): Promise<boolean> {
  // The form's own limit counts the leads it made: a visitor's refused posts (too fast, another site, over their own
  // limit) must not shut the form for everyone else. An address's limit counts what it sent, refusals included.
  const r = await sql<{ by_address: number; by_form: number }>`select
      (select count(*)::int from web_form_submissions where address = ${address} and at > now() - make_interval(mins => ${FORM_LIMITS.addressWindowMinutes})) as by_address,
      (select count(*)::int from web_form_submissions where form_id = ${formId} and outcome = 'accepted' and at > now() - interval '1 minute') as by_form`.execute(db);
  const row = r.rows[0];
  return row.by_address >= FORM_LIMITS.perAddress || row.by_form >= FORM_LIMITS.perFormPerMinute;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length);

/** A form post's text as the field's value: checkboxes, numbers, lists. */
function coerce(def: FieldDef, v: unknown): unknown {
  if (def.type === 'boolean') return v === true || v === 'true' || v === 'on' || v === '1';
  if (def.type === 'multipicklist') return [v].flat().filter((x) => typeof x === 'string' && x);
  const one = Array.isArray(v) ? v[0] : v;
  if (def.type === 'integer' && typeof one === 'string' && /^-?\d{1,15}$/.test(one.trim())) return Number(one.trim());
  return typeof one === 'string' ? one.trim() : one;
}

const clip = (v: unknown, max: number) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);

/**
 * What a submission writes: the form's fields from the body (nothing else), then the hidden values over them; the
 * form's own required fields checked; the origin of the visit (UTM, referrer, page) from the body or the page's URL.
 */
export function submittedValues(view: FormView, form: StoredForm, body: Record<string, unknown>): { values: Record<string, unknown>; system: Record<string, unknown>; missing: string[] } {
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const { f, def } of view.fields) {
    const raw = body[def.name];
    if (blank(raw)) {
      if (f.required && def.type !== 'boolean') missing.push(def.name);
      continue;
    }
    values[def.name] = coerce(def, raw);
  }
  Object.assign(values, form.hidden);
  if (form.module === 'leads' && values.lead_source === undefined) values.lead_source = 'web_form';
  const landing = clip(body._landing, 2000);
  let query: URLSearchParams | null = null;
  try { query = landing ? new URL(landing).searchParams : null; } catch { query = null; }
  const system: Record<string, unknown> = { web_form_id: form.id, referrer: clip(body._referrer, 2000), landing_page: landing };
  for (const k of UTM_KEYS) system[k] = clip(body[k], 255) ?? clip(query?.get(k), 255);
  return { values, system, missing };
}

/** Creates the record of an accepted submission as the form's owner and tells its assignee. */
export async function createFromSubmission(app: AppContext, form: StoredForm, view: FormView, body: Record<string, unknown>, lang: Lang): Promise<string> {
  const { values, system, missing } = submittedValues(view, form, body);
  if (missing.length) {
    const fields: FieldErrors = Object.fromEntries(missing.map((k) => [k, 'is required']));
    throw new AppError('VALIDATION_FAILED', 'Please correct the marked fields', fields);
  }
  if (!form.owner) throw new AppError('UNAVAILABLE', 'This form is not available');
  const ctx = await contextFor(app, form.owner, lang);
  const record = await createRecord(ctx, form.module, withoutRemovedChoices(ctx.registry.module(form.module), form.hidden, values), { systemValues: system });
  await notifyAssignee(ctx.db, form, record);
  return String(record.id);
}

/**
 * A hidden value naming a picklist value removed since the form was made is left out (the record takes the field's
 * default), rather than refusing every visitor for what the form's designer set.
 */
export function withoutRemovedChoices(m: ResolvedModule, hidden: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values };
  for (const k of Object.keys(hidden)) {
    const f = m.fieldMap.get(k);
    if (!f || (f.type !== 'picklist' && f.type !== 'multipicklist') || !f.options) continue;
    const known = new Set(f.options.map((o) => o.value));
    if (f.type === 'picklist' && typeof out[k] === 'string' && !known.has(out[k] as string)) delete out[k];
    if (f.type === 'multipicklist' && Array.isArray(out[k])) out[k] = (out[k] as unknown[]).filter((v) => known.has(String(v)));
  }
  return out;
}

/** The lead's assignee (a user, or each member of a group) hears of it, even when they own the form. */
async function notifyAssignee(db: Tx, form: StoredForm, record: Record<string, unknown>): Promise<void> {
  const to = (await sql<{ id: string }>`select id::text from users where id = ${record.assigned_to as string} and active
    union select m.user_id::text from group_members m join users u on u.id = m.user_id and u.active where m.group_id = ${record.assigned_to as string}`.execute(db)).rows;
  const label = [record.first_name, record.last_name].filter(Boolean).join(' ') || String(record.company ?? record.number ?? '');
  for (const u of to.slice(0, 50)) {
    await notify(db, { userId: u.id, kind: 'web_form', module: form.module, recordId: String(record.id), label, message: `${form.name}: ${String(record.number ?? '')} ${label}`.trim() });
  }
}
