import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { DOCUMENT_MODULES } from './behaviour.js';
import { renderDocumentPdf } from './pdf.js';
import { doc, obj, str } from '../../engine/http/openapi/schema.js';
import { msg } from '../../platform/messages/say.js';

/** `GET /records/{quotes|sales_orders|invoices|purchase_orders}/{id}/pdf` — `?download=1` for an attachment. */
export async function pdfRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { module: string; id: string }; Querystring: { download?: string } }>('/records/:module/:id/pdf', doc({ tags: ['inventory'], summary: 'The PDF of a quote, sales order, invoice or purchase order', params: obj({ module: str({ enum: ['quotes', 'sales_orders', 'invoices', 'purchase_orders'] }) }), querystring: obj({ download: str() }), response: { 200: 'application/pdf' } }), async (req, reply) => {
    if (!DOCUMENT_MODULES.includes(req.params.module)) throw new AppError('NOT_FOUND', msg('{module} has no PDF form', { module: req.params.module }));
    const pdf = await renderDocumentPdf(req.ctx, req.params.module, req.params.id);
    const disposition = req.query.download === '1' ? 'attachment' : 'inline';
    return reply.type('application/pdf').header('Content-Disposition', `${disposition}; filename="${pdf.filename}"`).send(pdf.content);
  });
}
