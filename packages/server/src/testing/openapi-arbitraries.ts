/**
 * fast-check arbitraries generated from the OpenAPI description: for each operation, requests whose path
 * parameters, query and body follow the documented schemas most of the time and break them some of the time
 * (wrong types, unknown fields, hostile text), for the fuzz test.
 */
import fc from 'fast-check';

type Schema = Record<string, any>;

const HOSTILE = ['', ' ', '\u0000', "'; drop table accounts; --", '<script>alert(1)</script>', '../../etc/passwd', 'Ж'.repeat(300),
  '刘伟明', 'Жданов', '%', '_', '\\', '1e309', '-1', '0', 'null', 'true', '[]', '{}', 'NaN', '2026-02-30', '9999-12-31T23:59:59Z'];

const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom(...HOSTILE));
const junk = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({ x: 1 }));

/** Ids to use: of each module (for `/records/{m}/{id}`), and all of them (for references). */
export interface Pools { ids: string[]; byModule: Record<string, string[]> }

/** A value for a schema; `valid` most of the time, anything some of the time. */
export function valueFor(schema: Schema | undefined, root: Schema, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 20, arbitrary: validFor(schema, root, pools, depth) }, { weight: 1, arbitrary: junk });
}

/** A `$ref` replaced by what it names, with the keywords beside it (`required` on a create body) kept. */
function resolve(schema: Schema, root: Schema): Schema {
  if (typeof schema.$ref !== 'string') return schema;
  const { $ref, ...beside } = schema;
  const path = ($ref as string).replace(/^#\//, '').split('/');
  return { ...(path.reduce((node: any, key) => node?.[key], root) ?? {}), ...beside };
}

function validFor(raw: Schema | undefined, root: Schema, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  if (!raw) return junk;
  const schema = resolve(raw, root);
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Schema) => validFor(s, root, pools, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('null') && types.length > 1) return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: validFor({ ...schema, type: types.filter((x) => x !== 'null') }, root, pools, depth) });
  switch (types[0]) {
    case 'string': return stringFor(schema, pools);
    case 'integer': return fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1000, 1_000_000) });
    case 'number': return fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }));
    case 'boolean': return fc.boolean();
    case 'array': return depth > 3 ? fc.constant([]) : fc.array(validFor(schema.items, root, pools, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const keys = Object.keys(props);
      return fc.record(Object.fromEntries(keys.map((k) => [k, validFor(props[k], root, pools, depth + 1)])), { requiredKeys: (schema.required ?? []).filter((k: string) => keys.includes(k)) });
    }
    default: return junk;
  }
}

function stringFor(schema: Schema, pools: Pools): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid': return pools.ids.length ? fc.oneof(fc.constantFrom(...pools.ids), fc.uuid()) : fc.uuid();
    case 'date': return fc.oneof(fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom('2026-02-30', '26-1-1'));
    case 'date-time': return fc.date({ min: new Date('1990-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'email': return fc.oneof(fc.emailAddress(), text);
    case 'uri': return fc.oneof(fc.webUrl(), text);
    default:
      if (schema.pattern === '^-?\\d+(\\.\\d+)?$') return fc.oneof(fc.integer({ min: -1000, max: 10_000_000 }).map(String), fc.constantFrom('12,5', '0.01', '1e3'));
      // Cut by code points: half of a surrogate pair cannot be put in a URL.
      return text.map((s) => (schema.maxLength ? [...s].slice(0, schema.maxLength as number).join('') : s));
  }
}

export interface FuzzRequest { method: string; url: string; body?: unknown }

/** Requests for one operation of the description. */
export function requestsFor(path: string, method: string, op: Schema, root: Schema, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const params: Schema[] = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const own = pools.byModule[path.split('/')[4] ?? ''] ?? [];
  const param = (p: Schema) => (p.name === 'id' && own.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: validFor(p.schema, root, pools, 0) }) : validFor(p.schema, root, pools, 0));
  const pathArb = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, fc.oneof({ weight: 9, arbitrary: param(p) }, { weight: 1, arbitrary: text })])));
  // Lists take field names: sort, fields and filters mostly name real fields of the module, with real operators.
  const fieldNames = Object.keys(root.components?.schemas?.[path.split('/')[4] ?? '']?.properties ?? {});
  const field = fieldNames.length ? fc.constantFrom(...fieldNames) : text;
  const special: Record<string, fc.Arbitrary<unknown>> = {
    sort: fc.oneof({ weight: 5, arbitrary: fc.tuple(fc.boolean(), field).map(([d, f]) => `${d ? '-' : ''}${f}`) }, { weight: 1, arbitrary: text }),
    fields: fc.oneof({ weight: 5, arbitrary: fc.array(field, { minLength: 1, maxLength: 4 }).map((a) => a.join(',')) }, { weight: 1, arbitrary: text }),
  };
  const queryArb = fc.record(Object.fromEntries(queryParams.filter((p) => p.name !== 'filter[field][op]')
    .map((p) => [p.name, special[p.name] ?? valueFor(p.schema, root, pools)])), { requiredKeys: [] });
  const hasFilter = queryParams.some((p) => p.name === 'filter[field][op]');
  const filterArb = hasFilter
    ? fc.option(fc.tuple(field, fc.constantFrom('eq', 'ne', 'lt', 'gte', 'in', 'contains', 'starts_with', 'empty', 'between', 'bogus'), text), { nil: undefined })
    : fc.constant(undefined);
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const bodyArb = bodySchema ? valueFor(bodySchema, root, pools) : fc.constant(undefined);
  return fc.tuple(pathArb, queryArb, bodyArb, filterArb).map(([p, q, body, filter]) => {
    const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String((p as Record<string, unknown>)[name] ?? 'x')));
    const query = Object.entries(q as Record<string, unknown>).filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`);
    if (filter) query.push(`filter[${encodeURIComponent(filter[0])}][${filter[1]}]=${encodeURIComponent(filter[2])}`);
    return { method: method.toUpperCase(), url: query.length ? `${url}?${query.join('&')}` : url, ...(body !== undefined ? { body } : {}) };
  });
}
