import type { FastifyInstance } from 'fastify';
import { READS_ONLY } from '../../platform/http/read-replica.js';
import { AppError } from '../../platform/errors.js';
import { requirePermission } from '../access/permissions.js';
import { listRecords } from '../query/list.js';
import { createRecord } from '../records/create.js';
import { deleteRecord, restoreRecord } from '../records/delete.js';
import { getRecord } from '../records/get.js';
import { recordHistory } from '../records/history.js';
import { hierarchy } from '../records/hierarchy.js';
import { massDelete, massUpdate } from '../records/mass.js';
import { linkRelated, listRelated, relatedCounts, unlinkRelated } from '../records/related.js';
import { updateRecord } from '../records/update.js';
import { duplicateAction } from '../records/duplicate.js';
import { refuseDuplicates } from '../dedupe/find.js';
import type { ActionHandler } from '../registry/behaviour.js';
import { listParamsFromBody, listParamsFromQuery } from './list-params.js';
import { any, dataOf, doc, obj, str } from './openapi/schema.js';
import { msg, translated } from '../../platform/messages/say.js';

/** Actions every module has unless it declares its own. */
const GENERIC_ACTIONS: Record<string, ActionHandler> = {
  duplicate: duplicateAction(),
};

type P = { module: string; id: string; relation: string; related_id: string; action: string };

/** `If-Match: "7"` (or W/"7", or 7) → 7. */
function ifMatch(header: unknown): number | undefined {
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(header).trim());
  if (!m) throw new AppError('VALIDATION_FAILED', 'If-Match must be the record version, e.g. "3"', { 'If-Match': 'must be a version number' });
  return Number(m[1]);
}

/** The generic record routes of API.md, the same for every module. */
export async function recordsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: P }>('/records/:module', async (req) => {
    const m = req.ctx.registry.module(req.params.module);
    requirePermission(req.ctx, m.name, 'view');
    return listRecords(req.ctx, m, listParamsFromQuery(req.query as Record<string, unknown>));
  });
  app.post<{ Params: P }>('/records/:module/query', READS_ONLY, async (req) => {
    const m = req.ctx.registry.module(req.params.module);
    requirePermission(req.ctx, m.name, 'view');
    return listRecords(req.ctx, m, listParamsFromBody(req.body));
  });
  app.post<{ Params: P }>('/records/:module', async (req, reply) => {
    if ((req.query as { duplicates?: unknown }).duplicates === 'refuse') await refuseDuplicates(req.ctx, req.params.module, req.body);
    const data = await createRecord(req.ctx, req.params.module, req.body);
    reply.code(201).header('ETag', `"${data.version}"`);
    return { data };
  });
  app.post<{ Params: P }>('/records/:module/mass-update', async (req) => massUpdate(req.ctx, req.params.module, req.body));
  app.post<{ Params: P }>('/records/:module/mass-delete', async (req) => massDelete(req.ctx, req.params.module, req.body));
  app.get<{ Params: P }>('/records/:module/:id', async (req, reply) => {
    const fields = typeof (req.query as any).fields === 'string' ? (req.query as any).fields.split(',') : undefined;
    const result = await getRecord(req.ctx, req.params.module, req.params.id, fields);
    reply.header('ETag', `"${result.data.version}"`);
    return result;
  });
  app.patch<{ Params: P }>('/records/:module/:id', async (req, reply) => {
    const data = await updateRecord(req.ctx, req.params.module, req.params.id, req.body, ifMatch(req.headers['if-match']));
    reply.header('ETag', `"${data.version}"`);
    return { data };
  });
  app.delete<{ Params: P }>('/records/:module/:id', async (req, reply) => {
    await deleteRecord(req.ctx, req.params.module, req.params.id);
    reply.code(204).send();
  });
  app.post<{ Params: P }>('/records/:module/:id/restore', async (req) => ({ data: await restoreRecord(req.ctx, req.params.module, req.params.id) }));
  app.get<{ Params: P }>('/records/:module/:id/related_counts', doc({
    tags: ['records'], summary: 'How many records each related list holds (those the caller may see)',
    response: { 200: dataOf({ type: 'object', additionalProperties: { type: 'integer' } }) },
  }), async (req) => ({ data: await relatedCounts(req.ctx, req.params.module, req.params.id) }));
  app.get<{ Params: P }>('/records/:module/:id/hierarchy', doc({
    tags: ['records'], summary: 'The tree of parents and children (parent_id) the record stands in, as far as the caller may see',
    response: { 200: obj({ root: str({ format: 'uuid' }), truncated: { type: 'boolean' }, nodes: { type: 'array', items: obj({ id: str({ format: 'uuid' }), parent_id: { type: ['string', 'null'] }, number: str(), label: str(), depth: { type: 'integer' } }, ['id', 'label', 'depth']) } }, ['root', 'nodes']) },
  }), async (req) => hierarchy(req.ctx, req.params.module, req.params.id));
  app.get<{ Params: P }>('/records/:module/:id/history', async (req) => ({ data: await recordHistory(req.ctx, req.params.module, req.params.id) }));
  app.get<{ Params: P }>('/records/:module/:id/related/:relation', async (req) =>
    listRelated(req.ctx, req.params.module, req.params.id, req.params.relation, listParamsFromQuery(req.query as Record<string, unknown>)));
  app.post<{ Params: P }>('/records/:module/:id/related/:relation', async (req, reply) => {
    await linkRelated(req.ctx, req.params.module, req.params.id, req.params.relation, req.body);
    reply.code(204).send();
  });
  app.delete<{ Params: P }>('/records/:module/:id/related/:relation/:related_id', async (req, reply) => {
    await unlinkRelated(req.ctx, req.params.module, req.params.id, req.params.relation, req.params.related_id);
    reply.code(204).send();
  });
  app.post<{ Params: P }>('/records/:module/:id/actions/:action', doc({
    tags: ['records'], summary: 'A module action: convert (leads, quotes, sales orders), duplicate (every module), send_email, create_quote…',
    params: obj({ action: str() }), body: obj({}), response: { 200: any(), 201: any() },
  }), async (req, reply) => {
    const m = req.ctx.registry.module(req.params.module);
    // Own entries only: "hasOwnProperty" or "constructor" is a name from the URL, not an action every object inherits.
    const own = (map: Record<string, ActionHandler> | undefined) => (map && Object.hasOwn(map, req.params.action) ? map[req.params.action] : undefined);
    const handler = own(m.behaviour.actions) ?? own(GENERIC_ACTIONS);
    if (!handler) throw new AppError('NOT_FOUND', msg('No action "{action}" on {module}', { action: req.params.action, module: m.name }));
    const result = await handler(req.ctx, req.params.id, req.body, m.name);
    reply.code(result.status ?? 200);
    return result.body;
  });
}
