import { LANGUAGES, type FieldType } from '@karta/shared';
import type { RequestContext } from '../../../engine/context.js';
import { addCustomField } from '../../../engine/registry/custom-fields.js';
import { editPicklist } from '../../../engine/registry/picklist-edit.js';
import { kartaField, vtModule, type VtModule } from '../vtiger-map.js';

interface VtField { name: string; label: string; mandatory: boolean; type: { name: string; picklistValues?: { label: string; value: string }[]; refersTo?: string[] } }

/** vTiger's field types → Karta's, for the custom fields (`cf_…`) a migration brings over. */
const TYPES: Record<string, FieldType> = {
  string: 'text', text: 'textarea', integer: 'integer', double: 'decimal', currency: 'money', date: 'date', datetime: 'datetime',
  email: 'email', phone: 'phone', url: 'url', picklist: 'picklist', multipicklist: 'multipicklist', boolean: 'boolean', reference: 'reference', skype: 'text',
  // A time of day ("14:30:00"), which Karta keeps as text rather than lose it.
  time: 'text',
};

const VALUE = /^[\p{L}\p{N} _.-]{1,100}$/u;
const valueOf = (v: string) => (VALUE.test(v) ? v : v.replace(/[^\p{L}\p{N} _.-]+/gu, '_').slice(0, 100) || 'value');
const label = (text: string) => Object.fromEntries(LANGUAGES.map((l) => [l, text]));

/**
 * Makes Karta's module ready for a vTiger module's records: its custom fields as custom fields of the right
 * type (same `cf_…` names), and every picklist value vTiger has that Karta lacks added to the picklist.
 * Returns what it added, so a second run adds nothing.
 */
export async function prepareModule(ctx: RequestContext, vm: VtModule, fields: VtField[]): Promise<{ customFields: string[]; picklistValues: number }> {
  const m = ctx.registry.module(vm.karta);
  const out = { customFields: [] as string[], picklistValues: 0 };
  for (const f of fields.filter((x) => /^cf_\w+$/.test(x.name) && !m.fieldMap.has(x.name))) {
    const type = TYPES[f.type.name];
    if (!type) continue;
    const reference = (f.type.refersTo ?? []).map((r) => vtModule(r)?.karta).filter((r): r is string => !!r && ctx.registry.has(r));
    if (type === 'reference' && !reference.length) continue;
    // Values made alike by the cleaning are kept once; a picklist holds at most 500.
    const options = [...new Map((f.type.picklistValues ?? []).map((o) => [valueOf(o.value), { value: valueOf(o.value), label: label(o.label || o.value) }])).values()].slice(0, 500);
    if ((type === 'picklist' || type === 'multipicklist') && !options.length) continue;
    await addCustomField(ctx, m.name, { name: f.name, type, label: label(f.label), ...(options.length ? { options } : {}), ...(reference.length ? { reference } : {}) });
    out.customFields.push(`${m.name}.${f.name}`);
  }
  for (const f of fields.filter((x) => x.type.picklistValues?.length)) {
    const kf = m.fieldMap.get(kartaField(vm, f.name));
    if (!kf || (kf.type !== 'picklist' && kf.type !== 'multipicklist') || kf.custom || kf.readOnly) continue;
    const known = (v: string) => kf.options?.some((o) => o.value === v || o.value.toLowerCase() === v.toLowerCase() || LANGUAGES.some((l) => o.label[l]?.toLowerCase() === v.toLowerCase()));
    const missing = [...new Set(f.type.picklistValues!.map((o) => o.value).filter((v) => v && !known(v)))];
    if (!missing.length) continue;
    await editPicklist(ctx, m.name, kf.name, { options: [...(kf.options ?? []), ...missing.map((v) => ({ value: valueOf(v), label: label(v) }))] });
    out.picklistValues += missing.length;
  }
  return out;
}
