import { isUuid } from '@karta/shared';
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { requirePermission, visibilityPredicate } from '../access/permissions.js';
import type { ResolvedModule } from '../registry/registry.js';
import { collectRefs, inlineRefColumns, type Refs } from './refs.js';
import { rowToRecord, selectColumns, selectedFields, type RecordJson } from './serialize.js';
import { msg } from '../../platform/messages/say.js';

/** Reads one live, visible record; anything else is a 404. */
export async function getRecord(ctx: RequestContext, moduleName: string, id: string, fields?: string[]): Promise<{ data: RecordJson; refs: Refs }> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'view');
  const row = await findVisibleRow(ctx, m, id, fields, { withRefs: true });
  const data = rowToRecord(selectedFields(m, fields), row);
  return { data, refs: await collectRefs(ctx, m, [data], [row]) };
}

export async function findVisibleRow(ctx: RequestContext, m: ResolvedModule, id: string, fields?: string[], opts: { deleted?: boolean; withRefs?: boolean } = {}): Promise<Record<string, unknown>> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', msg('No such record in {module}', { module: m.name }));
  const vis = visibilityPredicate(ctx, m.name, 'read');
  const sel = selectedFields(m, fields);
  const refCols = opts.withRefs ? inlineRefColumns(ctx, sel) : [];
  const r = await sql<Record<string, unknown>>`select ${sql.join([selectColumns(sel), ...refCols])} from ${sql.table(m.name)} t
    where t.id = ${id} and t.deleted_at is ${sql.raw(opts.deleted ? 'not null' : 'null')} ${vis ? sql`and ${vis}` : sql``}
    limit 1`.execute(ctx.db); // one row by its key anyway; a bounded read is what PGlite reads as one value (pglite-packed-rows.ts)
  if (!r.rows[0]) throw new AppError('NOT_FOUND', msg('No such record in {module}', { module: m.name }));
  return r.rows[0];
}
