/**
 * What a template's merge fields read: a record's values as its reader would see them — picklist labels,
 * money and dates in the recipient's locale — and, one level deep, the records it references
 * (`{{account_id.name}}`, `{{assigned_to.email}}`), loaded lazily with the sender's visibility.
 */
import { type FieldDef, type Lang, LOCALES, pickText } from '@karta/shared';
import { Drop } from 'liquidjs';
import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import type { Refs } from '../../engine/records/refs.js';
import type { RecordJson } from '../../engine/records/serialize.js';

/** A template may name many references; past this many loads the rest print empty (bounded work per render). */
export const MAX_REFERENCE_LOADS = 25;

/** A value as text in the locale (what a merge field prints). */
export function displayValue(f: FieldDef, v: unknown, lang: Lang, currency?: string | null): string {
  if (v === null || v === undefined || v === '') return '';
  const locale = LOCALES[lang];
  switch (f.type) {
    case 'picklist': return pickText(f.options?.find((o) => o.value === v)?.label, lang) || String(v);
    case 'multipicklist': return (Array.isArray(v) ? v : [v]).map((x) => pickText(f.options?.find((o) => o.value === x)?.label, lang) || String(x)).join(', ');
    case 'money': {
      const n = Number(v);
      if (currency && /^[A-Z]{3}$/.test(currency)) return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(n);
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
    }
    case 'decimal': case 'integer': return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(Number(v));
    case 'percent': return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(Number(v))} %`;
    case 'boolean': return v ? ({ en: 'Yes', ru: 'Да', uk: 'Так', zh: '是' })[lang] : ({ en: 'No', ru: 'Нет', uk: 'Ні', zh: '否' })[lang];
    case 'date': return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${String(v)}T00:00:00Z`));
    case 'datetime': return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(String(v))) + ' UTC';
    case 'json': return typeof v === 'string' ? v : JSON.stringify(v);
    default: return String(v);
  }
}

/** Counts reference loads across one render. */
export interface LoadBudget { left: number }

/** A referenced record: prints as its label; `.field` reads its fields (formatted), never deeper references. */
class RecordDrop extends Drop {
  // Truly private (#): a template reads a drop's own properties, and these must not be among them.
  #ctx: RequestContext; #module: string; #id: string; #label: string; #lang: Lang; #budget: LoadBudget;
  #loaded?: Promise<Record<string, string>>;
  constructor(ctx: RequestContext, module: string, id: string, label: string, lang: Lang, budget: LoadBudget) {
    super();
    this.#ctx = ctx; this.#module = module; this.#id = id; this.#label = label; this.#lang = lang; this.#budget = budget;
  }
  override valueOf(): string { return this.#label; }
  override liquidMethodMissing(key: string): Promise<string> {
    this.#loaded ??= this.#load();
    return this.#loaded.then((values) => (Object.prototype.hasOwnProperty.call(values, key) ? values[key] : ''));
  }
  async #load(): Promise<Record<string, string>> {
    if (this.#budget.left-- <= 0) return {};
    if (this.#module === 'users') return userValues(this.#ctx, this.#id);
    try {
      const { data, refs } = await getRecord(this.#ctx, this.#module, this.#id);
      return flatValues(this.#ctx, this.#module, data, refs, this.#lang);
    } catch {
      return {}; // not visible to the sender, or gone: prints empty, never an error in the middle of a mailing
    }
  }
}

export async function userValues(ctx: RequestContext, id: string): Promise<Record<string, string>> {
  const r = await sql<Record<string, string | null>>`select username, first_name, last_name, email from users where id = ${id}`.execute(ctx.db);
  const u = r.rows[0];
  if (!u) return {};
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ') || u.username || '';
  return { name, first_name: u.first_name ?? '', last_name: u.last_name ?? '', email: u.email ?? '', username: u.username ?? '' };
}

/** Every field of a record as text; references as their labels. */
export function flatValues(ctx: RequestContext, module: string, data: RecordJson, refs: Refs, lang: Lang): Record<string, string> {
  const m = ctx.registry.module(module);
  const currency = typeof data.currency === 'string' ? data.currency : null;
  const out: Record<string, string> = {};
  for (const f of m.allFields) {
    const v = data[f.name];
    out[f.name] = (f.type === 'reference' || f.type === 'owner') && typeof v === 'string' ? refs[v]?.label ?? '' : displayValue(f, v, lang, currency);
  }
  return out;
}

/** The merge values of a record: its fields as text, its references as loadable records. */
export function recordScope(ctx: RequestContext, module: string, data: RecordJson, refs: Refs, lang: Lang, budget: LoadBudget): Record<string, unknown> {
  const m = ctx.registry.module(module);
  const scope: Record<string, unknown> = flatValues(ctx, module, data, refs, lang);
  for (const f of m.allFields) {
    const v = data[f.name];
    if (typeof v !== 'string' || !refs[v]) continue;
    if (f.type === 'owner') scope[f.name] = new RecordDrop(ctx, 'users', v, refs[v].label, lang, budget);
    else if (f.type === 'reference') scope[f.name] = new RecordDrop(ctx, refs[v].module, v, refs[v].label, lang, budget);
  }
  return scope;
}
