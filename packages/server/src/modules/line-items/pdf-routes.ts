import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { DOCUMENT_MODULES } from './behaviour.js';
import { renderDocumentPdf } from './pdf.js';

/** `GET /records/{quotes|sales_orders|invoices|purchase_orders}/{id}/pdf` — `?download=1` for an attachment. */
export async function pdfRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { module: string; id: string }; Querystring: { download?: string } }>('/records/:module/:id/pdf', async (req, reply) => {
    if (!DOCUMENT_MODULES.includes(req.params.module)) throw new AppError('NOT_FOUND', `${req.params.module} has no PDF form`);
    const pdf = await renderDocumentPdf(req.ctx, req.params.module, req.params.id);
    const disposition = req.query.download === '1' ? 'attachment' : 'inline';
    return reply.type('application/pdf').header('Content-Disposition', `${disposition}; filename="${pdf.filename}"`).send(pdf.content);
  });
}
