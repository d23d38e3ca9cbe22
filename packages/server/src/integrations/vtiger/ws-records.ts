import { initialValue, pickText } from '@karta/shared';
import { can, requirePermission } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { createRecord } from '../../engine/records/create.js';
import { deleteRecord } from '../../engine/records/delete.js';
import { getRecord } from '../../engine/records/get.js';
import { linkRelated, listRelated } from '../../engine/records/related.js';
import { updateRecord } from '../../engine/records/update.js';
import type { ResolvedModule } from '../../engine/registry/registry.js';
import { fromWsId } from './ws-ids.js';
import { fromVt, toVt, wsFieldName, wsFields } from './ws-values.js';
import { vtField, vtModule, vtModuleOf, VT_MODULES, type VtModule } from './vtiger-map.js';
import { WsError } from './ws-error.js';
import { AppError } from '../../platform/errors.js';
import { EVENT_TIME_FIELDS, reviseEventTimes } from './ws-event-times.js';
import { vtPicklistValue } from './vt-picklists.js';

const DENIED = 'Permission to perform the operation is denied';

/** A vTiger module the caller may use, with its Karta module. */
export function moduleFor(ctx: RequestContext, elementType: unknown): { vm: VtModule; m: ResolvedModule } {
  const vm = typeof elementType === 'string' ? vtModule(elementType) : undefined;
  if (!vm || !ctx.registry.has(vm.karta) || !can(ctx, vm.karta, 'view')) throw new WsError('ACCESS_DENIED', DENIED);
  return { vm, m: ctx.registry.module(vm.karta) };
}

/** A record by its vTiger id, when the caller may see its module. */
async function recordFor(ctx: RequestContext, wsId: unknown): Promise<{ vm: VtModule; m: ResolvedModule; id: string }> {
  const found = await fromWsId(ctx.db, wsId);
  if (!found) throw new WsError('ACCESS_DENIED', `${DENIED} for id`);
  const vm = vtModuleOf(found.module);
  if (!vm) throw new WsError('ACCESS_DENIED', DENIED);
  return { ...moduleFor(ctx, vm.vt), id: found.id };
}

export function parseElement(raw: unknown): Record<string, unknown> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  try {
    const v = JSON.parse(String(raw ?? ''));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch { /* reported below */ }
  throw new WsError('INVALID_PARAMETER', 'element must be a JSON object');
}

async function shaped(ctx: RequestContext, vm: VtModule, m: ResolvedModule, id: string): Promise<Record<string, unknown>> {
  const { data, refs } = await getRecord(ctx, m.name, id);
  return (await toVt(ctx, vm, m, [data], refs))[0];
}

export async function wsCreate(ctx: RequestContext, elementType: unknown, element: unknown): Promise<unknown> {
  const { vm, m } = moduleFor(ctx, elementType);
  const body = await fromVt(ctx, vm, m, parseElement(element));
  const created = await inVtNames(vm, () => createRecord(ctx, m.name, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null))));
  return shaped(ctx, vm, m, created.id as string);
}

/**
 * The pipeline's field errors under the names the caller sent (`lastname`, `email1`, not Karta's `last_name`,
 * `email`); a line's path keeps its index (`lines[0].item_id` stays as the caller's lines are Karta's).
 */
async function inVtNames<T>(vm: VtModule, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!(err instanceof AppError) || !err.fields) throw err;
    const renamed = Object.entries(err.fields).map(([path, said]) => [path.replace(/^[^.[]+/, (head) => wsFieldName(vm, head)), said]);
    throw new AppError(err.code, err.said, Object.fromEntries(renamed));
  }
}

export async function wsRetrieve(ctx: RequestContext, id: unknown): Promise<unknown> {
  const r = await recordFor(ctx, id);
  return shaped(ctx, r.vm, r.m, r.id);
}

/** update: the whole record, every mandatory field present (vTiger's rule); revise: only what is sent. */
export async function wsUpdate(ctx: RequestContext, element: unknown, whole: boolean): Promise<unknown> {
  let el = parseElement(element);
  const r = await recordFor(ctx, el.id);
  requirePermission(ctx, r.m.name, 'edit');
  if (r.vm.vt === 'Events' && !whole && EVENT_TIME_FIELDS.some((f) => f.name in el)) {
    const { data } = await getRecord(ctx, r.m.name, r.id);
    el = reviseEventTimes(el, data.start_at, data.end_at);
  }
  const body = await fromVt(ctx, r.vm, r.m, el);
  if (whole) {
    const missing = r.m.allFields.find((f) => f.required && !f.readOnly && (body[f.name] === undefined || body[f.name] === null));
    if (missing) throw new WsError('MANDATORY_FIELDS_MISSING', `${wsFieldName(r.vm, missing.name)} does not have a value`);
  }
  await inVtNames(r.vm, () => updateRecord(ctx, r.m.name, r.id, body));
  return shaped(ctx, r.vm, r.m, r.id);
}

export async function wsDelete(ctx: RequestContext, id: unknown): Promise<unknown> {
  const r = await recordFor(ctx, id);
  await deleteRecord(ctx, r.m.name, r.id);
  return { status: 'successful' };
}

export function wsListTypes(ctx: RequestContext): unknown {
  const usable = VT_MODULES.filter((vm) => ctx.registry.has(vm.karta) && can(ctx, vm.karta, 'view'));
  return {
    types: usable.map((vm) => vm.vt),
    information: Object.fromEntries(usable.map((vm) => [vm.vt, { isEntity: true, label: pickText(ctx.registry.module(vm.karta).label.many, ctx.lang), singular: vm.singular }])),
  };
}

const TYPE_NAMES: Record<string, string> = {
  text: 'string', textarea: 'text', integer: 'integer', decimal: 'double', money: 'currency', percent: 'double', date: 'date', datetime: 'datetime',
  email: 'email', phone: 'phone', url: 'url', picklist: 'picklist', multipicklist: 'multipicklist', boolean: 'boolean', reference: 'reference',
  owner: 'owner', image: 'file', file: 'file', json: 'text',
};

export function wsDescribe(ctx: RequestContext, elementType: unknown): unknown {
  const { vm, m } = moduleFor(ctx, elementType);
  const fields = wsFields(m).filter((f) => f.name !== 'id').map((f) => {
    const type: Record<string, unknown> = { name: f.name === 'number' ? 'string' : TYPE_NAMES[f.type] ?? 'string' };
    if (f.type === 'picklist' || f.type === 'multipicklist') {
      type.picklistValues = (f.options ?? []).map((o) => ({ label: pickText(o.label, ctx.lang), value: vtPicklistValue(o.label.en) }));
      type.defaultValue = f.options?.[0] ? vtPicklistValue(f.options[0].label.en) : '';
    }
    if (f.type === 'reference') type.refersTo = (f.reference ?? []).map((r) => vtModuleOf(r)?.vt ?? r);
    if (f.type === 'date') type.format = 'yyyy-mm-dd';
    const mandatory = !!f.required && !f.readOnly;
    return { name: vtField(vm, f.name), label: pickText(f.label, ctx.lang), mandatory, type, isunique: false, nullable: !mandatory, editable: !f.readOnly, default: f.default == null ? '' : String(initialValue(f, new Date().toISOString().slice(0, 10))) };
  });
  if (vm.vt === 'Events') {
    for (const f of EVENT_TIME_FIELDS) fields.push({ name: f.name, label: f.label, mandatory: false, type: { name: f.type }, isunique: false, nullable: true, editable: true, default: '' });
  }
  fields.push({ name: 'id', label: `${vm.karta}id`, mandatory: false, type: { name: 'autogenerated' }, isunique: false, nullable: false, editable: false, default: '' });
  return {
    label: pickText(m.label.many, ctx.lang), name: vm.vt, createable: can(ctx, m.name, 'create'), updateable: can(ctx, m.name, 'edit'),
    deleteable: can(ctx, m.name, 'delete'), retrieveable: true, fields, idPrefix: String(vm.typeId), isEntity: true, allowDuplicates: true,
    labelFields: m.titleFields.map((n) => vtField(vm, n)).join(','),
  };
}

/** The relation of a record's module to a vTiger module (by label when there are several). */
function relationTo(m: ResolvedModule, target: VtModule, label?: unknown) {
  const candidates = m.relations.filter((r) => r.module === target.karta);
  const byLabel = typeof label === 'string' ? candidates.find((r) => r.name === label.toLowerCase() || Object.values(r.label).includes(label)) : undefined;
  const rel = byLabel ?? candidates[0];
  if (!rel) throw new WsError('UNKOWN_ENTITY', 'Relation specified is incorrect');
  return rel;
}

export async function wsRetrieveRelated(ctx: RequestContext, id: unknown, relatedType: unknown, relatedLabel: unknown): Promise<unknown> {
  const r = await recordFor(ctx, id);
  const target = moduleFor(ctx, relatedType);
  const rel = relationTo(r.m, target.vm, relatedLabel);
  const list = await listRelated(ctx, r.m.name, r.id, rel.name, { limit: 100 });
  return toVt(ctx, target.vm, target.m, list.data, list.refs, false);
}

export function wsRelatedTypes(ctx: RequestContext, elementType: unknown): unknown {
  const { m } = moduleFor(ctx, elementType);
  const rels = m.relations.map((r) => ({ r, vm: vtModuleOf(r.module) })).filter((x) => x.vm && can(ctx, x.r.module, 'view'));
  return {
    types: rels.map((x) => x.vm!.vt),
    information: Object.fromEntries(rels.map((x) => [pickText(x.r.label, 'en'), { name: x.vm!.vt, label: pickText(x.r.label, 'en'), isEntity: '1' }])),
  };
}

export async function wsAddRelated(ctx: RequestContext, source: unknown, related: unknown, label: unknown): Promise<unknown> {
  const r = await recordFor(ctx, source);
  let ids: unknown[] = [related];
  if (typeof related === 'string' && related.trim().startsWith('[')) {
    try { ids = JSON.parse(related); } catch { throw new WsError('INVALID_PARAMETER', 'relatedRecordId must be an id or a JSON list of ids'); }
  }
  for (const wsId of ids) {
    const other = await fromWsId(ctx.db, wsId);
    if (!other) throw new WsError('FAILED_TO_CREATE_RELATION', 'Failed to add the relation: no such record');
    const vm = vtModuleOf(other.module);
    if (!vm) throw new WsError('FAILED_TO_CREATE_RELATION', 'Failed to add the relation');
    const rel = relationTo(r.m, vm, label);
    await linkRelated(ctx, r.m.name, r.id, rel.name, { id: other.id });
  }
  return { message: 'successfull' };
}

