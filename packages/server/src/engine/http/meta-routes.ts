import type { FastifyInstance } from 'fastify';
import { allowedActions, requireAdmin } from '../access/permissions.js';
import { moduleMeta } from '../registry/registry.js';
import { addCustomField } from '../registry/custom-fields.js';
import type { MetaStore } from '../meta-store.js';
import { editPicklist } from '../registry/picklist-edit.js';
import { any, arr, bool, dataOf, doc, listOf, obj, str } from './openapi/schema.js';
import { FIELD_META, MODULE_META } from './openapi/common.js';

/** Module metadata in the caller's language; administrators add custom fields here. */
export function metaRoutes(meta: MetaStore) {
  return async (app: FastifyInstance) => {
    app.get('/meta/modules', doc({ tags: ['meta'], summary: 'Every module the caller may use, in the caller language', response: { 200: listOf(MODULE_META) } }), async (req) => ({
      data: req.ctx.registry.list().map((m) => moduleMeta(m, req.ctx.lang, req.ctx.sharing[m.name] ?? m.sharing, allowedActions(req.ctx, m.name))),
    }));
    app.get<{ Params: { module: string } }>('/meta/modules/:module', doc({ tags: ['meta'], summary: 'One module', response: { 200: dataOf(MODULE_META) } }), async (req) => {
      const m = req.ctx.registry.module(req.params.module);
      return { data: moduleMeta(m, req.ctx.lang, req.ctx.sharing[m.name] ?? m.sharing, allowedActions(req.ctx, m.name)) };
    });
    app.post<{ Params: { module: string } }>('/meta/modules/:module/fields', doc({
      tags: ['meta'], summary: 'Add a custom field (administrators)',
      body: obj({ name: str(), type: str(), label: any(), options: arr(any()), required: bool(), reference: arr(str()) }, ['name', 'type', 'label']),
      response: { 201: dataOf(FIELD_META) },
    }), async (req, reply) => {
      requireAdmin(req.ctx);
      const field = await addCustomField(req.ctx, req.params.module, req.body);
      meta.invalidate();
      await meta.fresh();
      const m = meta.registry.module(req.params.module);
      reply.code(201);
      return { data: moduleMeta(m, req.ctx.lang, meta.sharing[m.name] ?? m.sharing, allowedActions(req.ctx, m.name)).fields.find((f) => f.name === field) };
    });
    // Picklist values with their translations, edited by administrators.
    app.put<{ Params: { module: string; field: string } }>('/meta/modules/:module/fields/:field/options', doc({
      tags: ['meta'], summary: 'Edit the values of a picklist with their translations (administrators)',
      body: obj({ options: arr(obj({ value: str(), label: any() }, ['value', 'label'])) }, ['options']), response: { 200: dataOf(FIELD_META) },
    }), async (req) => {
      requireAdmin(req.ctx);
      await editPicklist(req.ctx, req.params.module, req.params.field, req.body);
      meta.invalidate();
      await meta.fresh();
      const m = meta.registry.module(req.params.module);
      return { data: moduleMeta(m, req.ctx.lang, meta.sharing[m.name] ?? m.sharing, allowedActions(req.ctx, m.name)).fields.find((f) => f.name === req.params.field) };
    });
  };
}
