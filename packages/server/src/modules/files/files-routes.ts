/**
 * Uploads: `POST /files` (multipart, one `file` part) stores the bytes under a generated key and answers its id;
 * `GET /files/{id}` streams it to those who may read it (file-access.ts), `GET /files/{id}/info` describes it.
 * The type is sniffed from the content, never taken from the name or the browser.
 */
import multipart from '@fastify/multipart';
import { disposition } from '../../platform/http/disposition.js';
import { uploadLimits } from '../../platform/http/upload-limits.js';
import type { FastifyInstance } from 'fastify';
import { fileStore } from '../emails/send-email.js';
import { fileTypeFromBuffer } from 'file-type';
import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { readableFile } from '../../engine/records/file-access.js';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import { AppError } from '../../platform/errors.js';
import { localStorageIn } from '../../platform/storage.js';
import { storeFile } from './store-file.js';
import { dataOf, doc, int, obj, str, uuid } from '../../engine/http/openapi/schema.js';
import { msg } from '../../platform/messages/say.js';

const FILE_INFO = obj({ id: uuid(), name: str(), mime: str(), size: int() }, ['id', 'name', 'mime', 'size']);

/** Types a browser may show in place; everything else downloads (no HTML or SVG runs from our origin). */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/** What the bytes are: a known signature, else UTF-8 text, else opaque binary. */
export async function sniff(content: Buffer): Promise<string> {
  const known = await fileTypeFromBuffer(content);
  if (known) return known.mime;
  if (!content.includes(0) && new TextDecoder('utf-8', { fatal: false }).decode(content).indexOf('\uFFFD') < 0) return 'text/plain';
  return 'application/octet-stream';
}

/** A file name safe to show and to put in a header: no path, no control characters, at most 200 characters. */
export function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // Direction overrides too: "invoice\u202Efdp.exe" would show as "invoiceexe.pdf".
  return base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, 200) || 'file';
}

export function filesRoutes(app: AppContext) {
  const storage = localStorageIn(app.config.dataDir);
  fileStore.current = storage; // e-mail templates attach documents from it
  const limitMb = Math.round(app.config.maxUpload / 1024 / 1024);
  return async (api: FastifyInstance): Promise<void> => {
    await api.register(multipart, uploadLimits(app.config.maxUpload));
    api.post('/files', doc({ tags: ['files'], summary: 'Upload a file (multipart field `file`); its type is read from its content', consumes: ['multipart/form-data'], body: obj({ file: str({ format: 'binary' }) }, ['file']), response: { 201: FILE_INFO } }), async (req, reply) => {
      // A file is uploaded to be held by a record: only someone who may write a module with a file or image field may.
      const holders = req.ctx.registry.list().filter((m) => m.fields.some((f) => f.type === 'file' || f.type === 'image'));
      if (!holders.some((m) => can(req.ctx, m.name, 'create') || can(req.ctx, m.name, 'edit'))) throw new AppError('FORBIDDEN', 'You may not upload files');
      if (!req.isMultipart()) throw new AppError('VALIDATION_FAILED', 'Send the file as multipart/form-data', { file: 'is required' });
      const part = await req.file();
      if (!part) throw new AppError('VALIDATION_FAILED', 'No file', { file: 'is required' });
      const content = await part.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', msg('The file is larger than {mb} MB', { mb: limitMb }));
        throw err;
      });
      if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', msg('The file is larger than {mb} MB', { mb: limitMb }));
      const mime = await sniff(content);
      const name = cleanName(part.filename);
      const id = await storeFile(storage, req.ctx.db, { name, mime, content, userId: req.ctx.user.id });
      reply.code(201);
      return { id, name, mime, size: content.length };
    });
    api.get<{ Params: { id: string } }>('/files/:id/info', doc({ tags: ['files'], summary: 'What a file is (only through a record that holds it, or its uploader)', response: { 200: dataOf(FILE_INFO) } }), async (req) => {
      const f = await readable(req.ctx, req.params.id);
      return { data: { id: f.id, name: f.name, mime: f.mime, size: Number(f.size), created_at: f.created_at } };
    });
    api.get<{ Params: { id: string } }>('/files/:id', doc({ tags: ['files'], summary: 'Download a file', querystring: obj({ download: str() }), response: { 200: 'the file' } }), async (req, reply) => {
      const f = await readable(req.ctx, req.params.id);
      // A download of a document's current file counts for it (a statistic, not a change of the document); a HEAD
      // request downloads nothing.
      // (Of the documents holding it the downloader may see: another's private copy is none of their doing.)
      const seen = visibilityPredicate(req.ctx, 'documents', 'read', 't');
      if (req.method === 'GET') await sql`update documents t set download_count = coalesce(download_count, 0) + 1 where t.file_id = ${f.id} and t.deleted_at is null ${seen ? sql`and ${seen}` : sql``}`.execute(req.ctx.db);
      const kind = INLINE.has(f.mime) ? 'inline' : 'attachment';
      reply.header('Content-Type', f.mime).header('Content-Length', f.size)
        .header('Content-Disposition', disposition(kind, f.name))
        .header('Cache-Control', 'private, max-age=3600');
      return reply.send(storage.read(f.storage_key));
    });
  };
}

async function readable(ctx: Parameters<typeof readableFile>[0], id: string) {
  const f = /^[0-9a-f-]{36}$/i.test(id) ? await readableFile(ctx, id) : null;
  if (!f) throw new AppError('NOT_FOUND', 'No such file');
  return f;
}
