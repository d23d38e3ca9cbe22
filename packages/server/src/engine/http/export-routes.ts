import type { FastifyInstance } from 'fastify';
import { exportRecords } from '../io/export.js';
import { listParamsFromQuery } from './list-params.js';

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { module: string } }>('/records/:module/export', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const file = await exportRecords(req.ctx, req.params.module, String(query.format ?? 'csv'), listParamsFromQuery(query));
    reply.header('Content-Type', file.type).header('Content-Disposition', `attachment; filename="${file.filename}"`);
    return reply.send(file.body);
  });
}
