import type { FastifyInstance } from 'fastify';
import { calendar } from './calendar.js';
import { timeline } from './timeline.js';

export async function activityRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { module: string; id: string }; Querystring: { before?: string; limit?: string } }>(
    '/records/:module/:id/timeline', async (req) => timeline(req.ctx, req.params.module, req.params.id, req.query));
  api.get<{ Querystring: { from?: string; to?: string; users?: string } }>('/calendar', async (req) => calendar(req.ctx, req.query));
}
