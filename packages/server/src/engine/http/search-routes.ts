import type { FastifyInstance } from 'fastify';
import { globalSearch } from '../query/global-search.js';

export async function searchRoutes(app: FastifyInstance): Promise<void> {
  app.get('/search', async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const modules = q.modules ? q.modules.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const limit = q.limit === undefined ? 20 : Number(q.limit);
    const hits = await globalSearch(req.ctx, q.q ?? '', modules, limit);
    return { data: hits.map(({ score: _score, ...hit }) => hit) };
  });
}
