import type { RequestContext } from '../../engine/context.js';
import { createRecord } from '../../engine/records/create.js';

/** Creates a record through the whole pipeline (validation, permissions, audit) and returns its id. */
export async function create(ctx: RequestContext, moduleName: string, values: Record<string, unknown>): Promise<string> {
  const record = await createRecord(ctx, moduleName, values);
  return record.id as string;
}
