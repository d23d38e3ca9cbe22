import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { importRecords, type DuplicateMode } from '../io/import.js';
import { any, arr, dataOf, doc, int, obj, str } from './openapi/schema.js';
import { msg, translated } from '../../platform/messages/say.js';

function json<T>(value: unknown, name: string): T | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(String(value)) as T;
  } catch {
    throw new AppError('VALIDATION_FAILED', msg('{name} must be JSON', { name }), { [name]: 'must be JSON' });
  }
}

/**
 * `POST /api/v1/import/{module}` (multipart): `file` (CSV or XLSX), optional `mapping` (JSON
 * {header: field}), `duplicates` (create | skip | overwrite | merge), `match_on` (comma-separated fields).
 */
export async function importRoutes(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: 25 * 1024 * 1024, files: 1 } });
  app.post<{ Params: { module: string } }>('/import/:module', doc({
    tags: ['data'], summary: 'Import a CSV or XLSX file into a module', consumes: ['multipart/form-data'],
    body: obj({ file: str({ format: 'binary' }), mapping: str({ description: 'JSON {column: field}' }), duplicates: str({ enum: ['create', 'skip', 'overwrite', 'merge'] }), match_on: str() }, ['file']),
    response: { 200: dataOf(obj({ created: int(), updated: int(), skipped: int(), failed: int(), errors: arr(any()) })) },
  }), async (req) => {
    if (!req.isMultipart()) throw new AppError('VALIDATION_FAILED', 'Send the file as multipart/form-data', { file: 'is required' });
    const fields: Record<string, string> = {};
    let file: { buffer: Buffer; filename: string } | undefined;
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', msg('The file is larger than {mb} MB', { mb: 25 }));
        file = { buffer, filename: part.filename };
      } else fields[part.fieldname] = String(part.value);
    }
    if (!file) throw new AppError('VALIDATION_FAILED', 'No file', { file: 'is required' });
    const report = await importRecords(req.ctx, req.params.module, file, {
      mapping: json<Record<string, string>>(fields.mapping, 'mapping'),
      duplicates: (fields.duplicates || undefined) as DuplicateMode | undefined,
      matchOn: fields.match_on ? fields.match_on.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    });
    return { data: report };
  });
}
