import { isUuid } from '@karta/shared';
import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../../engine/access/permissions.js';
import { arr, doc, obj, str } from '../../engine/http/openapi/schema.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { chooseTemplate, MAX_MERGE_RECORDS, printRecords, type Printed } from './print-render.js';
import { disposition } from '../../platform/http/disposition.js';
import { checkPrintTemplate } from './print-template-behaviour.js';

const PDF = { 200: 'application/pdf' } as const;
const UUID = str({ format: 'uuid' });

/**
 * `GET /records/{module}/{id}/pdf[?template=][&download=1]` — a record printed with a template (by default the
 * module's default one in the reader's language); `POST /print_templates/preview` — an unsaved template against a
 * record, for the editor's live preview; `POST /print_templates/{id}/merge` — one PDF of a selection, a page each.
 */
export async function printRoutes(api: FastifyInstance): Promise<void> {
  const send = (reply: { type(t: string): { header(k: string, v: string): { send(b: Buffer): unknown } } }, pdf: Printed, download?: string) =>
    reply.type('application/pdf').header('Content-Disposition', disposition(download === '1' ? 'attachment' : 'inline', pdf.filename)).send(pdf.content);

  api.get<{ Params: { module: string; id: string }; Querystring: { template?: string; download?: string } }>('/records/:module/:id/pdf', doc({
    tags: ['print'], summary: 'A record printed as a PDF, with a print template (default: the module\'s default in the reader\'s language)',
    querystring: obj({ template: UUID, download: str({ enum: ['0', '1'] }) }), response: PDF,
  }), async (req, reply) => {
    if (!req.ctx.registry.has(req.params.module)) throw new AppError('NOT_FOUND', msg('{module} is not a module', { module: req.params.module }));
    if (!isUuid(req.params.id)) throw new AppError('NOT_FOUND', msg('No such record in {module}', { module: req.params.module }));
    if (req.query.template !== undefined && !isUuid(req.query.template)) throw new AppError('VALIDATION_FAILED', 'Invalid print request', { template: 'must be an id' });
    const template = await chooseTemplate(req.ctx, req.params.module, req.query.template);
    return send(reply, await printRecords(req.ctx, template, req.params.module, [req.params.id]), req.query.download);
  });

  api.post<{ Body: { template: Record<string, unknown>; record_id: string } }>('/print_templates/preview', doc({
    tags: ['print'], summary: 'An unsaved print template rendered against a record (the editor\'s preview)',
    body: obj({ template: obj({ module: str(), language: str(), paper: str(), orientation: str(), body_html: str(), name: str() }, ['module', 'body_html']), record_id: UUID }, ['template', 'record_id']),
    response: PDF,
  }), async (req, reply) => {
    requirePermission(req.ctx, 'print_templates', 'edit');
    const body = (req.body ?? {}) as { template?: unknown; record_id?: unknown };
    const template = body.template as Record<string, unknown>;
    if (!template || typeof template !== 'object' || Array.isArray(template) || typeof template.body_html !== 'string' || typeof template.module !== 'string') {
      throw new AppError('VALIDATION_FAILED', 'Invalid print request', { template: 'must be an object with module and body_html' });
    }
    if (typeof body.record_id !== 'string' || !isUuid(body.record_id)) throw new AppError('VALIDATION_FAILED', 'Invalid print request', { record_id: 'must be an id' });
    checkPrintTemplate(req.ctx, template);
    return send(reply, await printRecords(req.ctx, template, String(template.module), [body.record_id]));
  });

  api.post<{ Params: { id: string }; Body: { ids: string[] }; Querystring: { download?: string } }>('/print_templates/:id/merge', doc({
    tags: ['print'], summary: `Mail merge: the records printed with a template into one PDF, a page each (at most ${MAX_MERGE_RECORDS})`,
    body: obj({ ids: arr(UUID, { minItems: 1, maxItems: MAX_MERGE_RECORDS }) }, ['ids']), querystring: obj({ download: str({ enum: ['0', '1'] }) }), response: PDF,
  }), async (req, reply) => {
    if (!isUuid(req.params.id)) throw new AppError('NOT_FOUND', msg('No such record in {module}', { module: 'print_templates' }));
    const ids = (req.body as { ids?: unknown } | null)?.ids;
    if (!Array.isArray(ids) || !ids.length || ids.length > MAX_MERGE_RECORDS || ids.some((x) => typeof x !== 'string' || !isUuid(x))) {
      throw new AppError('VALIDATION_FAILED', 'Invalid print request', { ids: msg('must be a list of 1 to {max} record ids', { max: MAX_MERGE_RECORDS }) });
    }
    const template = await chooseTemplate(req.ctx, '', req.params.id);
    return send(reply, await printRecords(req.ctx, template, String(template.module), [...new Set(ids as string[])]), req.query.download);
  });
}
