import type { FastifyInstance } from 'fastify';
import { exportCompany } from '../io/company-export.js';
import { exportRecords } from '../io/export.js';
import { listParamsFromQuery } from './list-params.js';
import { doc } from './openapi/schema.js';

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { module: string } }>('/records/:module/export', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const file = await exportRecords(req.ctx, req.params.module, String(query.format ?? 'csv'), listParamsFromQuery(query));
    reply.header('Content-Type', file.type).header('Content-Disposition', `attachment; filename="${file.filename}"`);
    return reply.send(file.body);
  });

  app.get('/export/company', doc({
    tags: ['data'], summary: 'Every module as CSV in one zip (administrators)', response: { 200: 'application/zip' },
  }), async (req, reply) => {
    const stream = exportCompany(req.ctx);
    const name = `karta-export-${new Date().toISOString().slice(0, 10)}.zip`;
    reply.header('Content-Type', 'application/zip').header('Content-Disposition', `attachment; filename="${name}"`);
    return reply.send(stream);
  });
}
