import { isUuid } from '@karta/shared';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { deleteRecord } from './delete.js';
import { updateRecord } from './update.js';
import { runWrite } from './write-helpers.js';

function checkIds(ids: unknown): string[] {
  if (!Array.isArray(ids) || !ids.length || ids.length > 5000 || !ids.every(isUuid)) {
    throw new AppError('VALIDATION_FAILED', 'ids must be a list of 1 to 5000 record ids', { ids: 'must be a list of 1 to 5000 record ids' });
  }
  return [...new Set(ids as string[])];
}

/**
 * Mass update / delete: every record through the normal pipeline (permissions, validation, audit),
 * all in one transaction — one failure rolls back the lot and names the record that failed.
 */
export async function massUpdate(ctx: RequestContext, module: string, body: any): Promise<{ updated: number }> {
  const ids = checkIds(body?.ids);
  const changes = body?.changes;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes) || !Object.keys(changes).length) {
    throw new AppError('VALIDATION_FAILED', 'changes must be an object of field values', { changes: 'is required' });
  }
  return runWrite(ctx, async (tctx) => {
    for (const id of ids) await withId(id, () => updateRecord(tctx, module, id, changes));
    return { updated: ids.length };
  });
}

export async function massDelete(ctx: RequestContext, module: string, body: any): Promise<{ deleted: number }> {
  const ids = checkIds(body?.ids);
  return runWrite(ctx, async (tctx) => {
    for (const id of ids) await withId(id, () => deleteRecord(tctx, module, id));
    return { deleted: ids.length };
  });
}

async function withId<T>(id: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, `Record ${id}: ${err.message}`, err.fields);
    throw err;
  }
}
