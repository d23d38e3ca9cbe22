import type { FastifyInstance } from 'fastify';
import { checkDuplicate, findDuplicates } from '../dedupe/find.js';
import { mergeRecords } from '../records/merge.js';
import { any, arr, dataOf, doc, int, listOf, obj, str, uuid, bool } from './openapi/schema.js';

const GROUPS = obj({ fields: arr(str()), offset: int(), has_more: bool(), groups: arr(obj({ key: str(), count: int(), records: arr(any()) })), refs: any() });

/** Duplicates (SPEC 3.9): groups of likely duplicates, the check before a save, and the merge. */
export async function dedupeRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { module: string } }>('/duplicates/:module', doc({
    tags: ['data'], summary: 'Groups of records whose chosen fields match once normalised',
    body: obj({ fields: arr(str()), offset: int() }, ['fields']), response: { 200: dataOf(GROUPS) },
  }), async (req) => ({ data: await findDuplicates(req.ctx, req.params.module, req.body) }));

  app.post<{ Params: { module: string } }>('/duplicates/:module/check', doc({
    tags: ['data'], summary: 'Likely duplicates of a record about to be saved (e-mails, phones, tax id, site, a company name)',
    body: obj({ values: any(), id: uuid() }, ['values']),
    response: { 200: listOf(obj({ id: uuid(), number: str(), label: str(), matched_on: arr(str()) })) },
  }), async (req) => ({ data: await checkDuplicate(req.ctx, req.params.module, req.body) }));

  app.post<{ Params: { module: string } }>('/records/:module/merge', doc({
    tags: ['data'], summary: 'Merge records into the first one: chosen values, related records, history; the others to the recycle bin',
    body: obj({ ids: arr(uuid()), values: any() }, ['ids']), response: { 200: dataOf(any()) },
  }), async (req) => mergeRecords(req.ctx, req.params.module, req.body));
}
