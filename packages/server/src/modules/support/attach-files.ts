import type { RequestContext } from '../../engine/context.js';
import { createRecord } from '../../engine/records/create.js';
import { usableOwner } from '../../engine/records/usable-owner.js';
import { linkRelated } from '../../engine/records/related.js';
import type { FileStorage } from '../../platform/storage.js';
import { cleanName, sniff } from '../files/files-routes.js';
import { storeFile } from '../files/store-file.js';

/** At most this many files per message become documents. */
export const MAX_ATTACHMENTS = 20;

/**
 * Files that came with a ticket's message (mail, the portal) as documents linked to it, owned like the ticket:
 * at most 20, and no more bytes in all than `maxBytes`; their type is read from their content. Returns the names of
 * those left out (past the 20th, or past the bytes), for the caller to say so.
 */
export async function attachFiles(ctx: RequestContext, storage: FileStorage, ticketId: string, assignedTo: unknown, files: { name?: string; content: Buffer }[], maxBytes: number): Promise<string[]> {
  let total = 0;
  const owner = files.length ? await usableOwner(ctx.db, [assignedTo]) : null;
  const left = files.slice(MAX_ATTACHMENTS).map((f) => cleanName(f.name));
  for (const f of files.slice(0, MAX_ATTACHMENTS)) {
    const name = cleanName(f.name);
    // One past the bytes is left out; a smaller one after it may still fit.
    if (total + f.content.length > maxBytes) { left.push(name); continue; }
    total += f.content.length;
    const fileId = await storeFile(storage, ctx.db, { name, mime: await sniff(f.content), content: f.content, userId: ctx.user.id });
    const document = await createRecord(ctx, 'documents', { title: name, file_id: fileId, ...(owner ? { assigned_to: owner } : {}) }, { systemValues: { from_customer: true } });
    await linkRelated(ctx, 'tickets', ticketId, 'documents', { id: document.id });
  }
  return left;
}
