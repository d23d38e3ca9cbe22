import { TODAY_DEFAULT } from '@karta/shared';
import type { RequestContext } from '../context.js';
import type { ActionHandler } from '../registry/behaviour.js';
import { createRecord } from './create.js';
import { getRecord } from './get.js';
import type { RecordJson } from './serialize.js';

/**
 * A new record with the writable values of an existing one (through the normal create pipeline); `leaveOut` names
 * fields the copy starts afresh (a status only a process sets).
 */
export async function duplicateRecord(ctx: RequestContext, moduleName: string, id: string, leaveOut: readonly string[] = []): Promise<RecordJson> {
  const m = ctx.registry.module(moduleName);
  const { data } = await getRecord(ctx, m.name, id);
  const copy: Record<string, unknown> = {};
  for (const f of m.allFields) {
    // A date that starts as today (a quote's date) starts as today on the copy too: it is priced now, not then.
    if (f.readOnly || data[f.name] == null || f.default === TODAY_DEFAULT || leaveOut.includes(f.name)) continue;
    copy[f.name] = data[f.name];
  }
  return createRecord(ctx, m.name, copy);
}

/** The Duplicate action (`POST …/{id}/actions/duplicate`); `leaveOut` as for duplicateRecord. */
export const duplicateAction = (leaveOut: readonly string[] = []): ActionHandler =>
  async (ctx, id, _body, module) => ({ status: 201, body: { data: await duplicateRecord(ctx, module, id, leaveOut) } });
