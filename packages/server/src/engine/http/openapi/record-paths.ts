/** The generic record routes of every module, described from its declaration (fields, relations, custom fields). */
import { pickText, type FieldDef } from '@karta/shared';
import type { Registry, ResolvedModule } from '../../registry/registry.js';
import { arr, dataOf, int, nullable, obj, ref, str, uuid, type RouteDoc, type Schema } from './schema.js';

const DECIMAL = '^-?\\d+(\\.\\d+)?$';

/** The value of a field as the API answers it. */
function valueSchema(f: FieldDef): Schema {
  switch (f.type) {
    case 'integer': return { type: 'integer' };
    case 'decimal': case 'money': case 'percent': return { type: 'string', pattern: DECIMAL, description: 'exact decimal as a string' };
    case 'boolean': return { type: 'boolean' };
    case 'date': return { type: 'string', format: 'date' };
    case 'datetime': return { type: 'string', format: 'date-time' };
    case 'email': return { type: 'string', format: 'email' };
    case 'url': return { type: 'string', format: 'uri' };
    case 'picklist': return f.options?.length ? { type: 'string', enum: f.options.map((o) => o.value) } : { type: 'string' };
    case 'multipicklist': return { type: 'array', items: f.options?.length && !f.freeValues ? { type: 'string', enum: f.options.map((o) => o.value) } : { type: 'string' } };
    case 'reference': case 'owner': case 'image': case 'file': return { type: 'string', format: 'uuid' };
    case 'json': return {};
    default: return { type: 'string', ...(f.maxLength ? { maxLength: f.maxLength } : {}) };
  }
}

/** What a write accepts: numbers also as numbers or with a decimal comma ("12,5"), integers also as text. */
function inputSchema(f: FieldDef): Schema {
  const base = valueSchema(f);
  const range = { ...(f.min !== undefined ? { minimum: f.min } : {}), ...(f.max !== undefined ? { maximum: f.max } : {}) };
  switch (f.type) {
    case 'decimal': case 'money': case 'percent':
      return { anyOf: [{ type: 'string', description: 'a decimal; a decimal comma is accepted (12,5)' }, { type: 'number', ...range }] };
    case 'integer': return { anyOf: [{ type: 'integer', ...range }, { type: 'string', pattern: '^-?\\d+$' }] };
    case 'email': case 'url': return { type: 'string' };
    default: return base;
  }
}

const describe = (f: FieldDef) => [pickText(f.label, 'en'), f.reference ? `→ ${f.reference.join(' | ')}` : '', f.custom ? '(custom field)' : ''].filter(Boolean).join(' ');
const ALWAYS = new Set(['id', 'number', 'created_at', 'updated_at', 'version']);

export function moduleSchemas(registry: Registry): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const m of registry.list()) {
    // An answer may hold null in any field but the system ones (a required custom field added after a record was).
    out[m.name] = {
      type: 'object', description: pickText(m.label.many, 'en'),
      properties: Object.fromEntries(m.allFields.map((f) => {
        const s = { ...valueSchema(f), description: describe(f), ...(f.readOnly ? { readOnly: true } : {}) };
        return [f.name, ALWAYS.has(f.name) ? s : nullable(s)];
      })),
      required: ['id', 'version'],
    };
    const writable = m.allFields.filter((f) => !f.readOnly);
    out[`${m.name}_input`] = {
      type: 'object', additionalProperties: false,
      properties: Object.fromEntries(writable.map((f) => [f.name, f.required ? { ...inputSchema(f), description: describe(f) } : nullable({ ...inputSchema(f), description: describe(f) })])),
    };
  }
  return out;
}

const refs = obj({}, [], false);
export const listQuery: Schema = obj({
  'filter[field][op]': str({ description: 'op: eq ne lt lte gt gte in nin contains starts_with ends_with empty not_empty between; a malformed filter is a 400' }),
  sort: str({ example: '-updated_at' }),
  limit: int({ minimum: 1, maximum: 500, default: 50 }),
  cursor: str(),
  count: str({ enum: ['1', 'true'] }),
  fields: str({ description: 'comma-separated field names' }),
  q: str({ description: 'search in the module' }),
});
const listAnswer = (item: Schema): Schema => obj({ data: arr(item), refs, next_cursor: nullable(str()), total: int() }, ['data']);

export function modulePaths(m: ResolvedModule): Record<string, Record<string, RouteDoc>> {
  const tags = [m.name];
  const record = ref(m.name);
  const input = ref(`${m.name}_input`);
  const one = obj({ data: record, refs }, ['data']);
  const base = `/api/v1/records/${m.name}`;
  const history = arr(obj({ at: str({ format: 'date-time' }), user: nullable(obj({ id: uuid(), label: str() })), action: str(), changes: obj({}) }, ['at', 'action']));
  const relation = { relation: { type: 'string', enum: m.relations.map((r) => r.name) } };
  const related: Record<string, Record<string, RouteDoc>> = m.relations.length ? {
    [`${base}/{id}/related/{relation}`]: {
      get: { tags, summary: 'A related list', params: obj(relation), querystring: listQuery, response: { 200: listAnswer(obj({ id: uuid() }, ['id'])) } },
      post: { tags, summary: 'Link a record (many-to-many)', params: obj(relation), body: obj({ id: uuid() }, ['id']), response: { 204: 'linked' } },
    },
    [`${base}/{id}/related/{relation}/{related_id}`]: { delete: { tags, summary: 'Unlink a record', params: obj(relation), response: { 204: 'unlinked' } } },
  } : {};
  return {
    ...related,
    [base]: {
      get: { tags, summary: `List ${m.name}`, querystring: listQuery, response: { 200: listAnswer(record) } },
      post: {
        tags, summary: `Create a record in ${m.name}`,
        querystring: obj({ duplicates: { type: 'string', enum: ['refuse'], description: 'refuse: 409 CONFLICT while a likely duplicate the caller may see exists, naming it and the shared fields' } }),
        body: { ...input, required: m.allFields.filter((f) => f.required && !f.readOnly).map((f) => f.name) }, response: { 201: dataOf(record) },
      },
    },
    [`${base}/query`]: {
      post: {
        tags, summary: `List ${m.name} with a nested filter`,
        body: obj({ where: {}, sort: arr(str()), limit: int({ minimum: 1, maximum: 500 }), cursor: str(), count: { type: ['boolean', 'integer'] }, fields: arr(str()), q: str() }),
        response: { 200: listAnswer(record) },
      },
    },
    [`${base}/{id}`]: {
      get: { tags, summary: `Read a record of ${m.name}`, querystring: obj({ fields: str() }), response: { 200: one } },
      patch: { tags, summary: `Change fields of a record of ${m.name} (If-Match: "<version>" for a safe write)`, body: input, response: { 200: dataOf(record) } },
      delete: { tags, summary: `Move a record of ${m.name} to the recycle bin`, response: { 204: 'moved to the recycle bin' } },
    },
    [`${base}/{id}/restore`]: { post: { tags, summary: 'Back from the recycle bin', response: { 200: dataOf(record) } } },
    [`${base}/{id}/history`]: { get: { tags, summary: 'Who changed what, newest first', response: { 200: obj({ data: history }, ['data']) } } },
    [`${base}/mass-update`]: { post: { tags, summary: 'Change the same fields of up to 5,000 records, all or nothing', body: obj({ ids: arr(uuid()), changes: input }, ['ids', 'changes']), response: { 200: obj({ updated: int() }, ['updated']) } } },
    [`${base}/mass-delete`]: { post: { tags, summary: 'Move up to 5,000 records to the recycle bin, all or nothing', body: obj({ ids: arr(uuid()) }, ['ids']), response: { 200: obj({ deleted: int() }, ['deleted']) } } },
    [`${base}/export`]: { get: { tags, summary: 'Export what the list shows', querystring: obj({ format: { type: 'string', enum: ['csv', 'xlsx'] }, ...(listQuery.properties as Record<string, Schema>) }), response: { 200: 'a CSV or XLSX file' } } },
  };
}
