/**
 * Small builders for the JSON Schemas (2020-12, as OpenAPI 3.1 takes them) that document routes. Routes carry them in
 * Fastify's `schema` option: documentation only — Karta validates input itself, with messages in the caller's
 * language — and the OpenAPI description is assembled from them (openapi.ts).
 */
export type Schema = Record<string, unknown>;

export const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
export const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
export const num = (extra: Schema = {}): Schema => ({ type: 'number', ...extra });
export const bool = (): Schema => ({ type: 'boolean' });
export const uuid = (): Schema => ({ type: 'string', format: 'uuid' });
export const dateTime = (): Schema => ({ type: 'string', format: 'date-time' });
export const date = (): Schema => ({ type: 'string', format: 'date' });
export const decimal = (): Schema => ({ type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: 'exact decimal as a string' });
export const any = (): Schema => ({});
export const arr = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
export const enumOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });

/** A schema that also allows null (OpenAPI 3.1 has no `nullable`). */
export function nullable(s: Schema): Schema {
  if (typeof s.type === 'string') return { ...s, type: [s.type, 'null'], ...(Array.isArray(s.enum) ? { enum: [...s.enum, null] } : {}) };
  if (Array.isArray(s.type)) return s.type.includes('null') ? s : { ...s, type: [...s.type, 'null'] };
  return { anyOf: [s, { type: 'null' }] };
}

/** An object; `required` lists the properties always present. Unknown properties are allowed unless `closed`. */
export function obj(properties: Record<string, Schema>, required: string[] = [], closed = false): Schema {
  return { type: 'object', properties, ...(required.length ? { required } : {}), ...(closed ? { additionalProperties: false } : {}) };
}

export const dataOf = (s: Schema): Schema => obj({ data: s }, ['data']);
/**
 * An answer API.md gives bare (`{"id"}`, `{"price",…}`) that the web client and older callers read under `data`:
 * both, the same object (see `bareAndData`).
 */
export const bareAndDataOf = (s: Schema): Schema => ({ ...s, properties: { ...(s.properties as object), data: s }, required: [...((s.required as string[]) ?? []), 'data'] });
export const bareAndData = <T extends object>(v: T): T & { data: T } => ({ ...v, data: v });
export const listOf = (item: Schema): Schema => obj({ data: arr(item) }, ['data']);
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** What a route's `schema` option holds for the description. */
export interface RouteDoc {
  tags: string[];
  summary: string;
  description?: string;
  params?: Schema;
  querystring?: Schema;
  body?: Schema;
  /** Status → schema of the JSON body, or a string for a body that is not JSON (a file, an event stream). */
  response: Record<number, Schema | string>;
  /** No session or token needed. */
  public?: boolean;
  /** Content type of a body that is not JSON (multipart uploads). */
  consumes?: readonly string[];
}

/** Fastify's `{ schema }` route option for a documented route. */
export function doc(d: RouteDoc): { schema: RouteDoc } {
  return { schema: d };
}
