import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { requirePermission } from '../access/permissions.js';
import { compileWhere } from '../query/filter-sql.js';
import { orderKeys } from '../query/list.js';
import { parseSort } from '@karta/shared';
import { any, arr, bool, dataOf, doc, listOf, obj, str, uuid } from './openapi/schema.js';

const VIEW = obj({ id: uuid(), module: str(), name: str(), is_shared: bool(), owner_id: uuid(), definition: obj({}) }, ['id', 'module', 'name']);
const VIEW_INPUT = obj({ module: str(), name: str(), is_shared: bool(), definition: obj({ columns: arr(str()), where: any(), sort: str() }) });

interface ViewInput {
  module?: unknown; name?: unknown; is_shared?: unknown; definition?: any;
}

/** A view's definition is checked with the same compiler the list uses, so a saved view always runs. */
function checkView(ctx: RequestContext, input: ViewInput, partial: boolean): void {
  const errors: FieldErrors = {};
  if (!partial || input.module !== undefined) {
    if (typeof input.module !== 'string' || !ctx.registry.has(input.module)) errors.module = 'is not a module';
  }
  if (!partial || input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 100) errors.name = 'is required (up to 100 characters)';
  }
  if (input.is_shared !== undefined && typeof input.is_shared !== 'boolean') errors.is_shared = 'must be true or false';
  if (input.definition !== undefined && (typeof input.definition !== 'object' || input.definition === null || Array.isArray(input.definition))) errors.definition = 'must be an object';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'The view is not valid', errors);
}

function checkDefinition(ctx: RequestContext, module: string, def: any): void {
  if (!def) return;
  const m = ctx.registry.module(module);
  compileWhere(m, def.where, ctx.lang);
  if (def.sort) orderKeys(m, parseSort(Array.isArray(def.sort) ? def.sort.join(',') : String(def.sort)));
  if (def.columns !== undefined && (!Array.isArray(def.columns) || def.columns.some((c: unknown) => typeof c !== 'string' || !m.fieldMap.has(c)))) {
    throw new AppError('VALIDATION_FAILED', 'Unknown columns', { columns: 'must be field names of the module' });
  }
}

const viewJson = (r: any) => ({ id: r.id, module: r.module, name: r.name, is_shared: r.is_shared, owner_id: r.owner_id, definition: r.definition });

/**
 * Someone else's shared view as this reader may have it: one whose filter or sort names a field their profile hides
 * is left out (its constants would tell the hidden values); hidden columns are dropped.
 */
function sharedView(ctx: RequestContext, module: string, r: any): ReturnType<typeof viewJson> | null {
  const def = r.definition ?? {};
  try {
    checkDefinition(ctx, module, { where: def.where, sort: def.sort });
  } catch {
    return null;
  }
  const fields = ctx.registry.module(module).fieldMap;
  return viewJson({ ...r, definition: Array.isArray(def.columns) ? { ...def, columns: def.columns.filter((c: unknown) => typeof c === 'string' && fields.has(c)) } : def });
}

/** Saved list views: private to their owner or shared with everyone. */
export async function viewsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { module?: string } }>('/views', doc({ tags: ['views'], summary: 'Saved views of a module: mine and the shared ones', querystring: obj({ module: str() }, ['module']), response: { 200: listOf(VIEW) } }), async (req) => {
    const m = req.ctx.registry.module(req.query.module ?? '');
    requirePermission(req.ctx, m.name, 'view');
    const r = await sql<any>`select * from saved_views where module = ${m.name} and (owner_id = ${req.ctx.user.id} or is_shared) order by name`.execute(req.ctx.db);
    return { data: r.rows.map((v) => (v.owner_id === req.ctx.user.id ? viewJson(v) : sharedView(req.ctx, m.name, v))).filter((v) => v !== null) };
  });
  app.post('/views', doc({ tags: ['views'], summary: 'Save a list view', body: VIEW_INPUT, response: { 201: dataOf(VIEW) } }), async (req, reply) => {
    const input = (req.body ?? {}) as ViewInput;
    checkView(req.ctx, input, false);
    requirePermission(req.ctx, input.module as string, 'view');
    checkDefinition(req.ctx, input.module as string, input.definition);
    const id = uuidv7();
    const r = await sql`insert into saved_views (id, module, name, owner_id, is_shared, definition)
      values (${id}, ${input.module as string}, ${(input.name as string).trim()}, ${req.ctx.user.id}, ${input.is_shared === true}, ${JSON.stringify(input.definition ?? {})}::jsonb)
      returning *`.execute(req.ctx.db);
    reply.code(201);
    return { data: viewJson(r.rows[0]) };
  });
  app.patch<{ Params: { id: string } }>('/views/:id', doc({ tags: ['views'], summary: 'Change a saved view (its owner)', body: VIEW_INPUT, response: { 200: dataOf(VIEW) } }), async (req) => {
    const input = (req.body ?? {}) as ViewInput;
    checkView(req.ctx, input, true);
    const view = await ownView(req.ctx, req.params.id);
    if (input.module !== undefined && input.module !== view.module) throw new AppError('VALIDATION_FAILED', 'A view cannot move to another module', { module: 'cannot change' });
    checkDefinition(req.ctx, view.module, input.definition);
    const r = await sql`update saved_views set name = ${typeof input.name === 'string' ? input.name.trim() : view.name},
      is_shared = ${typeof input.is_shared === 'boolean' ? input.is_shared : view.is_shared},
      definition = ${JSON.stringify(input.definition ?? view.definition)}::jsonb where id = ${view.id} returning *`.execute(req.ctx.db);
    return { data: viewJson(r.rows[0]) };
  });
  app.delete<{ Params: { id: string } }>('/views/:id', doc({ tags: ['views'], summary: 'Delete a saved view (its owner)', response: { 204: 'deleted' } }), async (req, reply) => {
    const view = await ownView(req.ctx, req.params.id);
    await sql`delete from saved_views where id = ${view.id}`.execute(req.ctx.db);
    reply.code(204).send();
  });
}

/** Only the owner (or an administrator) changes a view; others' private views do not exist for you. */
async function ownView(ctx: RequestContext, id: string): Promise<any> {
  const r = await sql<any>`select * from saved_views where id::text = ${id}`.execute(ctx.db);
  const view = r.rows[0];
  if (!view || (!view.is_shared && view.owner_id !== ctx.user.id && !ctx.user.isAdmin)) throw new AppError('NOT_FOUND', 'No such view');
  if (view.owner_id !== ctx.user.id && !ctx.user.isAdmin) throw new AppError('FORBIDDEN', 'Only the owner may change this view');
  return view;
}
