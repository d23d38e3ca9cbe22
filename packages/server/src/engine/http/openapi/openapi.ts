/**
 * The OpenAPI 3.1 description of the whole API, generated: the record routes of every module from the live registry
 * (custom fields included), every other route from the `schema` it was registered with (collected by buildApp), and
 * the error envelope with every status a route may answer. `openapi.test.ts` checks that every route is described
 * and the fuzz test that every answer fits its description.
 */
import type { Registry } from '../../registry/registry.js';
import { modulePaths, moduleSchemas } from './record-paths.js';
import type { RouteDoc, Schema } from './schema.js';

export interface CollectedRoute { method: string; url: string; schema: RouteDoc }

const STATUS_TEXT: Record<number, [code: string, text: string]> = {
  400: ['VALIDATION_FAILED', 'the request does not fit: a field, a filter, a parameter (fields name them)'],
  401: ['UNAUTHENTICATED', 'no or expired session / token'],
  403: ['FORBIDDEN', 'not allowed, or a cookie-authenticated write without X-CSRF-Token (CSRF)'],
  404: ['NOT_FOUND', 'no such route, module or record — or a record the caller may not see'],
  409: ['CONFLICT', 'a stale If-Match version, a duplicate value or an illegal state transition'],
  413: ['PAYLOAD_TOO_LARGE', 'the body or file is over the configured limit'],
  423: ['LOCKED', 'the record waits for an approval'],
  429: ['RATE_LIMITED', 'too many requests'],
  503: ['UNAVAILABLE', 'a service Karta needs is not configured or not reachable (the database, SMTP)'],
};

const ERROR_BODY: Schema = {
  type: 'object', required: ['error'],
  properties: {
    error: {
      type: 'object', required: ['code', 'message'],
      properties: {
        code: { type: 'string' }, message: { type: 'string' }, request_id: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

const errorRef = (status: number) => ({ $ref: `#/components/responses/E${status}` });

/** The errors any route of this kind may answer, besides its own documented ones. */
export function errorStatuses(method: string, isPublic: boolean, hasBody: boolean): number[] {
  const out = [400, 404, 503];
  if (!isPublic) out.push(401, 403);
  if (hasBody) out.push(413);
  if (method !== 'GET') out.push(409);
  return out.sort();
}

function responses(d: RouteDoc, method: string): Record<string, unknown> {
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const out: Record<string, unknown> = {};
  for (const [status, body] of Object.entries(d.response)) {
    if (typeof body === 'string') out[status] = { description: body };
    else if (Number(status) === 204) out[status] = { description: 'no content' };
    else out[status] = { description: 'OK', content: { 'application/json': { schema: body } } };
  }
  for (const s of errorStatuses(method, !!d.public, hasBody)) out[String(s)] ??= errorRef(s);
  out.default = errorRef(500);
  return out;
}

/** A collected route as an OpenAPI operation: `:name` path parameters become `{name}` ones. */
function operation(route: CollectedRoute, moduleNames: string[]): [path: string, method: string, op: Record<string, unknown>] {
  const d = route.schema;
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const declared = (d.params?.properties ?? {}) as Record<string, Schema>;
  const parameters: Record<string, unknown>[] = names.map((name) => ({
    name, in: 'path', required: true,
    schema: declared[name] ?? (name === 'module' ? { type: 'string', enum: moduleNames } : /id$/.test(name) ? { type: 'string', format: 'uuid' } : { type: 'string' }),
  }));
  const query = (d.querystring?.properties ?? {}) as Record<string, Schema>;
  const requiredQuery = new Set((d.querystring?.required as string[] | undefined) ?? []);
  for (const [name, schema] of Object.entries(query)) parameters.push({ name, in: 'query', required: requiredQuery.has(name), schema });
  const op: Record<string, unknown> = {
    tags: d.tags, summary: d.summary, ...(d.description ? { description: d.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(d.body ? { requestBody: { content: { [d.consumes?.[0] ?? 'application/json']: { schema: d.body } } } } : {}),
    responses: responses(d, route.method),
    ...(d.public ? { security: [] } : {}),
  };
  return [route.url.replace(/:(\w+)/g, '{$1}'), route.method.toLowerCase(), op];
}

/** OpenAPI 3.1 for the whole API. */
export function generateOpenApi(registry: Registry, version: string, routes: CollectedRoute[]): Record<string, unknown> {
  const moduleNames = registry.list().map((m) => m.name);
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, op: unknown) => { (paths[path] ??= {})[method] = op; };
  for (const route of routes) {
    const [path, method, op] = operation(route, moduleNames);
    add(path, method, op);
  }
  for (const m of registry.list()) {
    for (const [path, ops] of Object.entries(modulePaths(m))) {
      for (const [method, d] of Object.entries(ops)) add(path, method, operation({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1'), schema: d }, moduleNames)[2]);
    }
  }
  const errorResponses: Record<string, unknown> = { E500: { description: 'INTERNAL: a bug; the message carries a request id', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } };
  for (const [status, [code, text]] of Object.entries(STATUS_TEXT)) {
    errorResponses[`E${status}`] = { description: `${code}: ${text}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Karta CRM API', version, description: 'Generated from the module registry and the routes. See docs/api.md.' },
    servers: [{ url: '/' }],
    components: {
      schemas: { Error: ERROR_BODY, ...moduleSchemas(registry) },
      responses: errorResponses,
      securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'karta_session' }, bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ cookie: [] }, { bearer: [] }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
