import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { requirePermission } from '../access/permissions.js';
import { fullModule } from '../access/field-view.js';
import { auditInsert, diff } from '../audit/audit.js';
import type { WriteChange } from '../registry/behaviour.js';
import { buildSearchText } from '../query/search-text.js';
import { checkReferences } from './check-refs.js';
import type { RecordJson } from './serialize.js';
import type { CreateOptions } from './create.js';
import { validateInput } from './validate-input.js';
import { dbAssignments, lockForWrite, raise, runWrite, setList, toRecord } from './write-helpers.js';
import { msg, translated } from '../../platform/messages/say.js';

/**
 * Partial update under a row lock. `expectedVersion` (If-Match) makes a stale write a 409 instead of
 * a silent overwrite. Only changed fields are written and audited.
 */
export async function updateRecord(ctx: RequestContext, moduleName: string, id: string, body: unknown, expectedVersion?: number, opts: Pick<CreateOptions, 'systemValues'> = {}): Promise<RecordJson> {
  const view = ctx.registry.module(moduleName);
  const m = fullModule(ctx.registry, moduleName);
  requirePermission(ctx, m.name, 'edit');
  const values = validateInput(view, body, ctx.lang, 'update');
  for (const [k, v] of Object.entries(opts.systemValues ?? {})) if (m.fieldMap.has(k)) values[k] = v;
  return runWrite(ctx, async (tctx) => {
    const row = await lockForWrite(tctx, m, id);
    const before = toRecord(m, row);
    if (expectedVersion !== undefined && Number(row.version) !== expectedVersion) {
      throw new AppError('CONFLICT', msg('The record was changed by someone else (your version {mine}, current {current}). Reload it and apply your change again.', { mine: expectedVersion, current: String(row.version) }), { version: translated(String(row.version)) });
    }
    await checkReferences(tctx, m, values);
    const change: WriteChange = { module: m.name, id, action: 'update', values, before, systemFields: Object.keys(opts.systemValues ?? {}) };
    await m.behaviour.beforeWrite?.(tctx, change);
    const changes = diff(before, Object.fromEntries(Object.entries(values).filter(([k]) => m.fieldMap.has(k))));
    if (!Object.keys(changes).length) return view === m ? before : toRecord(view, row);
    const searchText = buildSearchText(m, { ...before, ...values });
    const pairs = dbAssignments(m, values);
    // The row and its audit in one statement.
    const audit = auditInsert({ module: m.name, recordId: id, userId: tctx.user.id, action: 'update', changes });
    const r = await sql<Record<string, unknown>>`with updated as (update ${sql.table(m.name)} t
      set ${setList(pairs)}, search_text = ${searchText}, version = t.version + 1, updated_at = now()
      where t.id = ${id} returning *), audited as (${audit}) select * from updated`.execute(tctx.db);
    const record = toRecord(m, r.rows[0]);
    await m.behaviour.afterWrite?.(tctx, change, record);
    raise(tctx, `${m.name}.updated`, { module: m.name, id, record, before, changes, userId: tctx.user.id });
    return view === m ? record : toRecord(view, r.rows[0]);
  });
}
