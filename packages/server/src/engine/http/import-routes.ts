import multipart from '@fastify/multipart';
import { uploadLimits } from '../../platform/http/upload-limits.js';
import { DATE_ORDERS } from '../../platform/time-zone.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { importStatus, listImports, loadImport, startImport, type ImportRequest } from '../io/imports/imports.js';
import { deleteMapping, listMappings, saveMapping } from '../io/imports/mapping.js';
import { previewImport } from '../io/imports/preview.js';
import { failedRowsCsv } from '../io/imports/report.js';
import { runImportNow } from '../io/imports/run.js';
import { startUndo } from '../io/imports/undo.js';
import { encodingByName } from '../io/decode-text.js';
import { any, arr, bareAndData, bareAndDataOf, bool, dataOf, doc, int, listOf, nullable, obj, str, uuid } from './openapi/schema.js';

export const MAX_UPLOAD_MB = 25;

function json<T>(value: unknown, name: string): T | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(String(value)) as T;
  } catch {
    throw new AppError('VALIDATION_FAILED', msg('{name} must be JSON', { name }), { [name]: 'must be JSON' });
  }
}

/** The file and the form fields of a multipart upload. */
export async function readUpload(req: FastifyRequest): Promise<{ file: { buffer: Buffer; filename: string }; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new AppError('VALIDATION_FAILED', 'Send the file as multipart/form-data', { file: 'is required' });
  const fields: Record<string, string> = {};
  let file: { buffer: Buffer; filename: string } | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const buffer = await part.toBuffer();
      if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', msg('The file is larger than {mb} MB', { mb: MAX_UPLOAD_MB }));
      file = { buffer, filename: part.filename || 'upload' };
    } else {
      // A field past the parser's bound arrives cut short: said as too large, not as a broken mapping.
      if (part.valueTruncated) throw new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!file) throw new AppError('VALIDATION_FAILED', 'No file', { file: 'is required' });
  return { file, fields };
}

/** A JSON form field that must be an object; `valueOk` checks each of its values. */
function jsonObject<T>(value: unknown, name: string, valueOk: (v: unknown, key: string) => boolean): T | undefined {
  const parsed = json<unknown>(value, name);
  if (parsed === undefined) return undefined;
  const ok = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.entries(parsed).every(([k, v]) => valueOk(v, k));
  if (!ok) throw new AppError('VALIDATION_FAILED', msg('{name} must be JSON', { name }), { [name]: 'must be JSON' });
  return parsed as T;
}

const isStringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The form fields of an import: `duplicates` as JSON `{mode, match_on}` or, as before, a mode and `match_on` "a,b". */
function importRequest(module: string | undefined, fields: Record<string, string>): ImportRequest {
  let duplicates: ImportRequest['duplicates'];
  const raw = fields.duplicates?.trim();
  if (raw?.startsWith('{')) {
    duplicates = jsonObject(raw, 'duplicates', (v, k) => v === undefined || v === null || (k === 'mode' ? typeof v === 'string' : k === 'match_on' ? isStringList(v) : true));
  }
  else if (raw || fields.match_on) {
    duplicates = { mode: (raw || undefined) as never, match_on: fields.match_on?.split(',').map((s) => s.trim()).filter(Boolean) };
  }
  return {
    module: module ?? fields.module ?? '',
    mapping: jsonObject<Record<string, string | null>>(fields.mapping, 'mapping', (v) => v === null || typeof v === 'string'),
    duplicates, encoding: fields.encoding ? encodingByName(fields.encoding) : undefined, delimiter: fields.delimiter === 'tab' ? '\t' : fields.delimiter || undefined,
    date_order: fields.date_order || undefined,
  };
}

const DATE_ORDER = str({ enum: [...DATE_ORDERS], description: 'dates in numbers: 31.12.2026 (day_first, the default) or 12/31/2026 (month_first)' });
const IMPORT_FORM = obj({
  file: str({ format: 'binary' }), module: str(), mapping: str({ description: 'JSON {column: field}; omitted columns are mapped by field name or label' }),
  duplicates: str({ description: 'JSON {"mode":"skip|overwrite|merge","match_on":[fields]}' }), encoding: str(), delimiter: str(), date_order: DATE_ORDER,
}, ['file']);
const IMPORT = obj({
  id: uuid(), module: str(), state: str(), total: int(), done: int(), created: int(), updated: int(), skipped: int(), failed: int(),
  errors: arr(any()), rate: nullable(int()), eta_seconds: nullable(int()), can_undo: bool(), date_order: DATE_ORDER,
}, ['id', 'state', 'total', 'done', 'created', 'updated', 'skipped', 'failed', 'errors']);
const MAPPING = obj({ id: uuid(), module: str(), name: str(), mapping: any(), created_at: str() });

/**
 * Imports (SPEC 3.9): `POST /imports` reads the file into chunks and answers 202 with the import's id; a job
 * runs it (progress at `GET /imports/{id}`), `POST /imports/{id}/undo` takes it back for 7 days. The wizard's
 * preview and saved mappings live here too. `POST /import/{module}` is the first release's synchronous form.
 */
export function importRoutes(appCtx: AppContext) {
  return async (app: FastifyInstance): Promise<void> => {
    // The form's fields: options, and a mapping of up to a few hundred columns.
    await app.register(multipart, uploadLimits(MAX_UPLOAD_MB * 1024 * 1024, { fields: 20, fieldSize: 256 * 1024 }));

    app.post('/imports', doc({
      tags: ['data'], summary: 'Start an import in the background (CSV, XLSX or vCard)', consumes: ['multipart/form-data'], body: IMPORT_FORM,
      response: { 202: bareAndDataOf(obj({ id: uuid() }, ['id'])) },
    }), async (req, reply) => {
      const { file, fields } = await readUpload(req);
      const id = await startImport(req.ctx, file, importRequest(undefined, fields));
      return reply.status(202).send(bareAndData({ id }));
    });

    app.post('/imports/preview', doc({
      tags: ['data'], summary: 'How a file would be imported: encoding, delimiter, mapping, the first rows with their problems', consumes: ['multipart/form-data'],
      body: IMPORT_FORM, response: { 200: dataOf(any()) },
    }), async (req) => {
      const { file, fields } = await readUpload(req);
      return { data: await previewImport(req.ctx, file, importRequest(undefined, fields)) };
    });

    app.get<{ Querystring: { module?: string } }>('/imports', doc({
      tags: ['data'], summary: 'Recent imports: mine (an administrator sees all)', querystring: obj({ module: str() }), response: { 200: listOf(IMPORT) },
    }), async (req) => ({ data: await listImports(req.ctx, req.query.module) }));

    app.get<{ Params: { id: string } }>('/imports/:id', doc({
      tags: ['data'], summary: 'An import\'s progress and result', response: { 200: bareAndDataOf(IMPORT) },
    }), async (req) => bareAndData(await importStatus(req.ctx, await loadImport(req.ctx, req.params.id))));

    app.get<{ Params: { id: string } }>('/imports/:id/failed.csv', doc({
      tags: ['data'], summary: 'The rows that failed, with the reason, as CSV', response: { 200: 'text/csv' },
    }), async (req, reply) => {
      const report = failedRowsCsv(req.ctx, await loadImport(req.ctx, req.params.id));
      reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${report.filename}"`);
      return reply.send(report.body);
    });

    app.post<{ Params: { id: string } }>('/imports/:id/undo', doc({
      tags: ['data'], summary: 'Undo an import (within 7 days): created records to the recycle bin, changed ones restored', response: { 202: bareAndDataOf(IMPORT) },
    }), async (req, reply) => {
      const row = await startUndo(req.ctx, req.params.id);
      return reply.status(202).send(bareAndData(await importStatus(req.ctx, row)));
    });

    app.get<{ Querystring: { module: string } }>('/imports/mappings', doc({
      tags: ['data'], summary: 'My saved column mappings of a module', querystring: obj({ module: str() }, ['module']), response: { 200: listOf(MAPPING) },
    }), async (req) => ({ data: await listMappings(req.ctx, req.query.module) }));

    app.post('/imports/mappings', doc({
      tags: ['data'], summary: 'Save a column mapping under a name (the same name replaces it)', body: obj({ module: str(), name: str(), mapping: any() }, ['module', 'name', 'mapping']),
      response: { 201: dataOf(MAPPING) },
    }), async (req, reply) => reply.status(201).send({ data: await saveMapping(req.ctx, req.body) }));

    app.delete<{ Params: { id: string } }>('/imports/mappings/:id', doc({ tags: ['data'], summary: 'Delete a saved mapping', response: { 204: 'deleted' } }), async (req, reply) => {
      await deleteMapping(req.ctx, req.params.id);
      return reply.status(204).send();
    });

    app.post<{ Params: { module: string } }>('/import/:module', doc({
      tags: ['data'], summary: 'Import a file and wait for the result (the first release\'s form; large files: POST /imports)', consumes: ['multipart/form-data'],
      body: obj({ file: str({ format: 'binary' }), mapping: str(), duplicates: str({ description: 'create | skip | overwrite | merge' }), match_on: str(), encoding: str(), delimiter: str(), date_order: DATE_ORDER }, ['file']),
      response: { 200: dataOf(IMPORT) },
    }), async (req) => {
      req.ctx.registry.module(req.params.module); // no such module: 404, before the upload is read
      const { file, fields } = await readUpload(req);
      const id = await startImport(req.ctx, file, importRequest(req.params.module, fields));
      await runImportNow(appCtx, id);
      return { data: await importStatus(req.ctx, await loadImport(req.ctx, id)) };
    });
  };
}
