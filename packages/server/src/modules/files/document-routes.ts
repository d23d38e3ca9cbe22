import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { getRecord } from '../../engine/records/get.js';
import { dateTime, doc, listOf, nullable, obj, str, uuid } from '../../engine/http/openapi/schema.js';

/** `GET /records/documents/{id}/versions`: every file the document has held, newest first (none without the file field). */
export async function documentRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { id: string } }>('/records/documents/:id/versions', doc({ tags: ['documents'], summary: 'Versions of a document, newest first', response: { 200: listOf(obj({ id: str(), file_id: uuid(), label: nullable(str()), user_id: nullable(uuid()), created_at: dateTime() }, ['file_id'])) } }), async (req) => {
    await getRecord(req.ctx, 'documents', req.params.id);
    // The versions are the file field's history: hidden from whoever may not see the field.
    if (!req.ctx.registry.module('documents').fieldMap.has('file_id')) return { data: [] };
    const r = await sql`select v.id::text, v.file_id, v.label, v.user_id, v.created_at, f.name, f.mime, f.size::int as size
      from document_versions v join files f on f.id = v.file_id where v.document_id = ${req.params.id} order by v.id desc`.execute(req.ctx.db);
    return { data: r.rows };
  });
}
