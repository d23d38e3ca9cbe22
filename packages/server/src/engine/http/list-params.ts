import { parseSort, type Where } from '@karta/shared';
import { AppError } from '../../platform/errors.js';
import type { ListParams } from '../query/list.js';
import { conditionsFromQuery } from '../query/filter-sql.js';

/** GET list query string → list parameters (filters in the bracket form are ANDed). */
export function listParamsFromQuery(query: Record<string, unknown>): ListParams {
  // A parameter given twice or as a list (`q[]=`) is not read as something else, nor dropped (a list would widen).
  for (const k of ['q', 'cursor', 'sort', 'limit', 'count', 'fields']) if (query[k] !== undefined && typeof query[k] !== 'string') throw notRead(k);
  const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : undefined);
  const conditions = conditionsFromQuery(query);
  return {
    where: conditions.length ? { and: conditions } : undefined,
    sort: str('sort'),
    limit: parseLimit(str('limit')),
    cursor: str('cursor'),
    count: str('count') === '1' || str('count') === 'true',
    fields: str('fields')?.split(',').map((s) => s.trim()).filter(Boolean),
    q: str('q'),
  };
}

function parseLimit(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new AppError('VALIDATION_FAILED', 'limit must be between 1 and 500', { limit: 'must be between 1 and 500' });
  return Number(v);
}

/** POST …/query body → list parameters (nested and/or). */
export function listParamsFromBody(body: any): ListParams {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', 'The body must be a JSON object');
  const sort = Array.isArray(body.sort) ? parseSort(body.sort.join(',')) : typeof body.sort === 'string' ? body.sort : undefined;
  if (body.limit !== undefined && typeof body.limit !== 'number') throw new AppError('VALIDATION_FAILED', 'limit must be a number', { limit: 'must be a number' });
  for (const k of ['q', 'cursor']) if (body[k] !== undefined && body[k] !== null && typeof body[k] !== 'string') throw notRead(k);
  if (body.sort !== undefined && body.sort !== null && typeof body.sort !== 'string' && !(Array.isArray(body.sort) && body.sort.every((x: unknown) => typeof x === 'string'))) throw notRead('sort');
  if (body.count !== undefined && body.count !== null && typeof body.count !== 'boolean' && body.count !== 0 && body.count !== 1) throw notRead('count');
  if (body.fields !== undefined && body.fields !== null && !Array.isArray(body.fields)) throw notRead('fields');
  return {
    where: body.where as Where | undefined,
    sort,
    limit: body.limit,
    cursor: typeof body.cursor === 'string' ? body.cursor : undefined,
    count: body.count === true || body.count === 1,
    fields: Array.isArray(body.fields) ? body.fields : undefined,
    q: typeof body.q === 'string' ? body.q : undefined,
  };
}

/** A list parameter of a shape the list cannot read: refused at its name, never dropped. */
const notRead = (key: string) => new AppError('VALIDATION_FAILED', 'Some fields are not valid', { [key]: 'is not valid here' });
