import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../access/permissions.js';
import { moduleMeta } from '../registry/registry.js';
import { addCustomField } from '../registry/custom-fields.js';
import type { MetaStore } from '../meta-store.js';
import { editPicklist } from '../registry/picklist-edit.js';

/** Module metadata in the caller's language; administrators add custom fields here. */
export function metaRoutes(meta: MetaStore) {
  return async (app: FastifyInstance) => {
    app.get('/meta/modules', async (req) => ({
      data: req.ctx.registry.list().map((m) => moduleMeta(m, req.ctx.lang, req.ctx.sharing[m.name] ?? m.sharing)),
    }));
    app.get<{ Params: { module: string } }>('/meta/modules/:module', async (req) => {
      const m = req.ctx.registry.module(req.params.module);
      return { data: moduleMeta(m, req.ctx.lang, req.ctx.sharing[m.name] ?? m.sharing) };
    });
    app.post<{ Params: { module: string } }>('/meta/modules/:module/fields', async (req, reply) => {
      requireAdmin(req.ctx);
      const field = await addCustomField(req.ctx, req.params.module, req.body);
      meta.invalidate();
      await meta.fresh();
      const m = meta.registry.module(req.params.module);
      reply.code(201);
      return { data: moduleMeta(m, req.ctx.lang, meta.sharing[m.name] ?? m.sharing).fields.find((f) => f.name === field) };
    });
    // Picklist values with their translations, edited by administrators.
    app.put<{ Params: { module: string; field: string } }>('/meta/modules/:module/fields/:field/options', async (req) => {
      requireAdmin(req.ctx);
      await editPicklist(req.ctx, req.params.module, req.params.field, req.body);
      meta.invalidate();
      await meta.fresh();
      const m = meta.registry.module(req.params.module);
      return { data: moduleMeta(m, req.ctx.lang, meta.sharing[m.name] ?? m.sharing).fields.find((f) => f.name === req.params.field) };
    });
  };
}
