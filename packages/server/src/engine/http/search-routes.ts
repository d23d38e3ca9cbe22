import type { FastifyInstance } from 'fastify';
import { onReplica } from '../context.js';
import { globalSearch } from '../query/global-search.js';
import { doc, int, listOf, nullable, obj, str, uuid } from './openapi/schema.js';

export async function searchRoutes(app: FastifyInstance): Promise<void> {
  app.get('/search', doc({
    tags: ['search'], summary: 'Search every module the caller may see, best matches first',
    querystring: obj({ q: str(), modules: str({ description: 'comma-separated module names' }), limit: int({ minimum: 1, maximum: 100 }) }, ['q']),
    response: { 200: listOf(obj({ module: str(), id: uuid(), number: nullable(str()), label: str(), snippet: str() }, ['module', 'id', 'label'])) },
  }), async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const modules = q.modules ? q.modules.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const limit = q.limit === undefined ? 20 : Number(q.limit);
    const hits = await onReplica(req.ctx, (ctx) => globalSearch(ctx, q.q ?? '', modules, limit));
    return { data: hits.map(({ score: _score, ...hit }) => hit) };
  });
}
