import { LANGUAGES, type FieldDef } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import type { Refs } from '../../engine/records/refs.js';
import type { RecordJson } from '../../engine/records/serialize.js';
import type { ResolvedModule } from '../../engine/registry/registry.js';
import { fromWsId, wsIdsOf } from './ws-ids.js';
import { kartaField, vtField, type VtModule } from './vtiger-map.js';
import { WsError } from './ws-error.js';
import { eventDatesAndTimes, eventMoments } from './ws-event-times.js';
import { vtPicklistValue } from './vt-picklists.js';

const MULTI = ' |##| ';
/** Fields the webservice shows: the module's own, not hidden; system ones under vTiger's names. */
export const wsFields = (m: ResolvedModule): FieldDef[] => m.allFields.filter((f) => !f.hidden && f.name !== 'version' && f.name !== 'created_by');

const vtDateTime = (v: unknown) => (v ? new Date(v as string).toISOString().replace('T', ' ').slice(0, 19) : '');

/** Karta records → vTiger's shape: every value a string, references as `NxM` ids, plus `id` and `label`. */
export async function toVt(ctx: RequestContext, vm: VtModule, m: ResolvedModule, records: RecordJson[], refs: Refs, withLabel = true, only?: string[], known?: Map<string, string>): Promise<Record<string, unknown>[]> {
  const fields = only ? wsFields(m).filter((f) => only.includes(f.name)) : wsFields(m);
  // Every id the records mention, by the module it is in, turned into ws ids in one statement a module.
  // The records' own ids already read (`known`, by record id) are not asked for again.
  const wanted = new Map<string, string[]>([[m.name, records.map((r) => r.id as string).filter((id) => !known?.has(id))]]);
  for (const r of records) {
    for (const f of fields) {
      const v = r[f.name];
      if (typeof v !== 'string' || f.name === 'id' || (f.type !== 'reference' && f.type !== 'owner')) continue;
      const target = refs[v]?.module ?? (f.type === 'reference' && f.reference?.length === 1 ? f.reference[0] : null);
      if (target) wanted.set(target, [...(wanted.get(target) ?? []), v]);
    }
  }
  const ids = await wsIdsOf(ctx.db, [...wanted].flatMap(([module, list]) => list.map((id) => ({ module, id }))));
  for (const [id, wsId] of known ?? []) ids.set(id, wsId);
  return records.map((r) => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (f.name === 'id') continue;
      out[vtField(vm, f.name)] = vtValue(f, r[f.name], ids);
    }
    if (vm.vt === 'Events' && (!only || only.includes('start_at') || only.includes('end_at'))) Object.assign(out, eventDatesAndTimes(r.start_at, r.end_at));
    out.id = ids.get(r.id as string) ?? '';
    if (withLabel) out.label = m.titleFields.map((n) => r[n]).filter(Boolean).join(' ');
    return out;
  });
}

function vtValue(f: FieldDef, v: unknown, ids: Map<string, string>): string {
  if (v === null || v === undefined) return '';
  switch (f.type) {
    case 'boolean': return v ? '1' : '0';
    case 'datetime': return vtDateTime(v);
    case 'multipicklist': return (v as string[]).join(MULTI);
    case 'json': return JSON.stringify(v);
    case 'reference': case 'owner': return ids.get(v as string) ?? '';
    case 'picklist': { const label = f.options?.find((o) => o.value === v)?.label.en; return label ? vtPicklistValue(label) : String(v); }
    default: return String(v);
  }
}

/**
 * vTiger's `element` → a Karta body: vTiger names mapped, `NxM` ids resolved, picklists by value or label,
 * "1"/"0" booleans, `YYYY-MM-DD HH:MM:SS` datetimes. What vTiger sends back but nobody writes (ids, times,
 * numbers, labels) is left out, as vTiger itself ignores it; unknown names likewise.
 */
export async function fromVt(ctx: RequestContext, vm: VtModule, m: ResolvedModule, element: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  // An event given as vTiger's dates and times: those say its moments.
  const given = vm.vt === 'Events' ? { ...element, ...eventMoments(element) } : element;
  for (const [key, raw] of Object.entries(given)) {
    if (key === 'id' || key === 'label') continue;
    const f = m.fieldMap.get(kartaField(vm, key));
    if (!f || f.readOnly || f.hidden) continue;
    out[f.name] = await kartaValue(ctx, vm, f, raw);
  }
  return out;
}

/** A Karta field as a vTiger caller names it: an event's moments are its start and end dates. */
export function wsFieldName(vm: VtModule, karta: string): string {
  if (vm.vt === 'Events' && (karta === 'start_at' || karta === 'end_at')) return karta === 'start_at' ? 'date_start' : 'due_date';
  return vtField(vm, karta);
}

async function kartaValue(ctx: RequestContext, vm: VtModule, f: FieldDef, raw: unknown): Promise<unknown> {
  if (raw === null || raw === undefined || raw === '') return null;
  const s = typeof raw === 'string' ? raw.trim() : raw;
  switch (f.type) {
    case 'boolean': return s === true || s === 1 || ['1', 'true', 'on', 'yes'].includes(String(s).toLowerCase());
    case 'integer': return /^-?\d+(\.0+)?$/.test(String(s)) ? Math.trunc(Number(s)) : s;
    // vTiger pads decimals to 8 places ("150000.00000000"): the zeros say nothing.
    case 'decimal': case 'money': case 'percent': return /^-?\d+\.\d+$/.test(String(s)) ? String(s).replace(/\.?0+$/, '') : s;
    case 'multipicklist': return (Array.isArray(s) ? s : String(s).split(/\s*\|##\|\s*/)).map((x) => option(f, String(x))).filter(Boolean);
    case 'picklist': return option(f, String(s));
    case 'datetime': return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(String(s)) ? `${String(s).replace(' ', 'T')}${String(s).length === 16 ? ':00' : ''}Z` : s;
    case 'json': if (typeof s !== 'string') return s; try { return JSON.parse(s); } catch { return s; }
    case 'reference': case 'owner': {
      const target = await fromWsId(ctx.db, s);
      if (!target) throw new WsError('REFERENCE_INVALID', `Referenced record of ${wsFieldName(vm, f.name)} does not exist or is not a valid id`);
      return target.id;
    }
    default: return s;
  }
}

function option(f: FieldDef, s: string): string {
  const lower = s.toLowerCase();
  return f.options?.find((o) => o.value === s || o.value.toLowerCase() === lower || LANGUAGES.some((l) => o.label[l]?.toLowerCase() === lower))?.value ?? s;
}
