import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { AppError } from '../../platform/errors.js';
import { doc, int, listOf, obj, str } from '../../engine/http/openapi/schema.js';
import { msg } from '../../platform/messages/say.js';

/**
 * `GET /records/{module}/tags` → `{"data":[{"tag","count"}]}`: the tag cloud of a module over the records the
 * caller may see, most used first. Records are tagged through their `tags` field (every module has it) and
 * filtered with `filter[tags][contains]=…` like any multipicklist.
 */
export async function tagRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { module: string } }>('/records/:module/tags', doc({ tags: ['collaboration'], summary: 'The tag cloud of a module over the records the caller may see', response: { 200: listOf(obj({ tag: str(), count: int() }, ['tag', 'count'])) } }), async (req) => {
    const { module } = req.params;
    if (!req.ctx.registry.has(module)) throw new AppError('NOT_FOUND', msg('No module "{name}"', { name: module }));
    requirePermission(req.ctx, module, 'view');
    // Whoever may not see the tags field sees no tags.
    if (!req.ctx.registry.module(module).fieldMap.has('tags')) return { data: [] };
    const vis = visibilityPredicate(req.ctx, module, 'read');
    const r = await sql<{ tag: string; count: number }>`select x.tag, count(*)::int as count
      from ${sql.table(module)} t cross join lateral unnest(t.tags) as x(tag)
      where t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}
      group by x.tag order by 2 desc, 1 limit 200`.execute(req.ctx.db);
    return { data: r.rows };
  });
}
