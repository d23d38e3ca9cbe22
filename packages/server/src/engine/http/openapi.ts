import { pickText, type FieldDef } from '@karta/shared';
import type { Registry, ResolvedModule } from '../registry/registry.js';

/** JSON Schema of one field's value, from its type. */
function fieldSchema(f: FieldDef): Record<string, unknown> {
  const base: Record<string, unknown> = (() => {
    switch (f.type) {
      case 'integer': return { type: 'integer' };
      case 'decimal': case 'money': case 'percent': return { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: 'exact decimal as a string' };
      case 'boolean': return { type: 'boolean' };
      case 'date': return { type: 'string', format: 'date' };
      case 'datetime': return { type: 'string', format: 'date-time' };
      case 'email': return { type: 'string', format: 'email' };
      case 'url': return { type: 'string', format: 'uri' };
      case 'picklist': return { type: 'string', enum: (f.options ?? []).map((o) => o.value) };
      case 'multipicklist': return { type: 'array', items: { type: 'string', enum: (f.options ?? []).map((o) => o.value) } };
      case 'reference': case 'owner': case 'image': case 'file': return { type: 'string', format: 'uuid' };
      case 'json': return {};
      default: return { type: 'string', ...(f.maxLength ? { maxLength: f.maxLength } : {}) };
    }
  })();
  const description = [pickText(f.label, 'en'), f.reference ? `→ ${f.reference.join(' | ')}` : '', f.custom ? '(custom field)' : ''].filter(Boolean).join(' ');
  return { ...base, description, ...(f.readOnly ? { readOnly: true } : {}), ...(f.required || f.readOnly ? {} : { nullable: true }) };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const errors = { '400': { description: 'VALIDATION_FAILED', ...json(ref('Error')) }, '401': { description: 'UNAUTHENTICATED' }, '403': { description: 'FORBIDDEN' }, '404': { description: 'NOT_FOUND' } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const listParams = [
  { name: 'filter[field][op]', in: 'query', schema: { type: 'string' }, description: 'op: eq ne lt lte gt gte in nin contains starts_with ends_with empty not_empty between' },
  { name: 'sort', in: 'query', schema: { type: 'string' }, example: '-updated_at' },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
  { name: 'count', in: 'query', schema: { type: 'string', enum: ['1'] } },
  { name: 'fields', in: 'query', schema: { type: 'string' } },
  { name: 'q', in: 'query', schema: { type: 'string' } },
];

function modulePaths(m: ResolvedModule): Record<string, unknown> {
  const tag = [m.name];
  const one = json({ type: 'object', properties: { data: ref(m.name), refs: { type: 'object' } } });
  const list = json({ type: 'object', properties: { data: { type: 'array', items: ref(m.name) }, refs: { type: 'object' }, next_cursor: { type: 'string', nullable: true }, total: { type: 'integer' } } });
  const base = `/api/v1/records/${m.name}`;
  return {
    [base]: {
      get: { tags: tag, summary: `List ${m.name}`, parameters: listParams, responses: { '200': list, ...errors } },
      post: { tags: tag, summary: `Create a record in ${m.name}`, requestBody: json(ref(`${m.name}_input`)), responses: { '201': one, ...errors } },
    },
    [`${base}/query`]: { post: { tags: tag, summary: 'List with a nested filter', requestBody: json({ type: 'object', properties: { where: {}, sort: { type: 'array', items: { type: 'string' } }, limit: { type: 'integer' }, cursor: { type: 'string' } } }), responses: { '200': list, ...errors } } },
    [`${base}/{id}`]: {
      get: { tags: tag, parameters: [idParam], responses: { '200': one, ...errors } },
      patch: { tags: tag, parameters: [idParam, { name: 'If-Match', in: 'header', schema: { type: 'string' } }], requestBody: json(ref(`${m.name}_input`)), responses: { '200': one, '409': { description: 'CONFLICT (stale version)' }, ...errors } },
      delete: { tags: tag, parameters: [idParam], responses: { '204': { description: 'moved to the recycle bin' }, ...errors } },
    },
    [`${base}/{id}/restore`]: { post: { tags: tag, parameters: [idParam], responses: { '200': one, ...errors } } },
    [`${base}/{id}/history`]: { get: { tags: tag, parameters: [idParam], responses: { '200': { description: 'audit entries' }, ...errors } } },
    [`${base}/{id}/related/{relation}`]: { get: { tags: tag, parameters: [idParam, { name: 'relation', in: 'path', required: true, schema: { type: 'string', enum: m.relations.map((r) => r.name) } }, ...listParams], responses: { '200': { description: 'related records' }, ...errors } } },
    [`${base}/mass-update`]: { post: { tags: tag, requestBody: json({ type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } }, changes: ref(`${m.name}_input`) } }), responses: { '200': { description: 'updated' }, ...errors } } },
    [`${base}/mass-delete`]: { post: { tags: tag, requestBody: json({ type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } } } }), responses: { '200': { description: 'deleted' }, ...errors } } },
    [`${base}/export`]: { get: { tags: tag, parameters: [{ name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'xlsx'] } }, ...listParams], responses: { '200': { description: 'file' }, ...errors } } },
  };
}

/** OpenAPI 3.1 for the whole API, generated from the live registry (custom fields included). */
export function generateOpenApi(registry: Registry, version: string): Record<string, unknown> {
  const schemas: Record<string, unknown> = {
    Error: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } } } } },
  };
  let paths: Record<string, unknown> = {
    '/api/v1/health': { get: { summary: 'Health', security: [], responses: { '200': { description: 'ok' } } } },
    '/api/v1/auth/login': { post: { tags: ['auth'], security: [], requestBody: json({ type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } } }), responses: { '200': { description: 'session cookie + csrf_token' }, '401': { description: 'wrong credentials' }, '429': { description: 'too many attempts' } } } },
    '/api/v1/auth/logout': { post: { tags: ['auth'], responses: { '204': { description: 'logged out' } } } },
    '/api/v1/auth/me': { get: { tags: ['auth'], responses: { '200': { description: 'current user and csrf_token' } } } },
    '/api/v1/auth/tokens': { post: { tags: ['auth'], requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }), responses: { '201': { description: '{id, token} — shown once' } } } },
    '/api/v1/auth/tokens/{id}': { delete: { tags: ['auth'], parameters: [idParam], responses: { '204': { description: 'revoked' } } } },
    '/api/v1/meta/modules': { get: { tags: ['meta'], responses: { '200': { description: 'module metadata' } } } },
    '/api/v1/meta/modules/{module}/fields': { post: { tags: ['meta'], parameters: [{ name: 'module', in: 'path', required: true, schema: { type: 'string' } }], requestBody: json({ type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, label: {}, options: { type: 'array' }, required: { type: 'boolean' } } }), responses: { '201': { description: 'the new field' } } } },
    '/api/v1/search': { get: { tags: ['search'], parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }, { name: 'modules', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { '200': { description: 'hits' } } } },
    '/api/v1/users': { get: { tags: ['admin'], responses: { '200': { description: 'users' } } }, post: { tags: ['admin'], responses: { '201': { description: 'created' } } } },
    '/api/v1/roles': { get: { tags: ['admin'], responses: { '200': { description: 'roles' } } }, post: { tags: ['admin'], responses: { '201': { description: 'created' } } } },
    '/api/v1/groups': { get: { tags: ['admin'], responses: { '200': { description: 'groups' } } }, post: { tags: ['admin'], responses: { '201': { description: 'created' } } } },
    '/api/v1/sharing': { get: { tags: ['admin'], responses: { '200': { description: 'sharing per module' } } }, put: { tags: ['admin'], responses: { '200': { description: 'updated' } } } },
  };
  for (const m of registry.list()) {
    const props = Object.fromEntries(m.allFields.map((f) => [f.name, fieldSchema(f)]));
    schemas[m.name] = { type: 'object', description: pickText(m.label.many, 'en'), properties: props };
    const writable = m.allFields.filter((f) => !f.readOnly);
    schemas[`${m.name}_input`] = {
      type: 'object', additionalProperties: false,
      properties: Object.fromEntries(writable.map((f) => [f.name, fieldSchema(f)])),
      required: writable.filter((f) => f.required).map((f) => f.name),
    };
    paths = { ...paths, ...modulePaths(m) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Karta CRM API', version, description: 'Generated from the module registry. See docs/api.md.' },
    servers: [{ url: '/' }],
    components: {
      schemas,
      securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'karta_session' }, bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ cookie: [] }, { bearer: [] }],
    paths,
  };
}
