import { isUuid } from '@karta/shared';
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import { requirePermission } from '../access/permissions.js';
import { fullModule } from '../access/field-view.js';
import { diff, type Changes } from '../audit/audit.js';
import type { RequestContext } from '../context.js';
import type { WriteChange } from '../registry/behaviour.js';
import { buildSearchText } from '../query/search-text.js';
import { checkReferences } from './check-refs.js';
import { deleteRecord } from './delete.js';
import { validateInput } from './validate-input.js';
import { dbAssignments, lockManyForWrite, raise, runWrite, setList, toRecord } from './write-helpers.js';
import { msg, nested } from '../../platform/messages/say.js';

function checkIds(ids: unknown): string[] {
  if (!Array.isArray(ids) || !ids.length || ids.length > 5000 || !ids.every(isUuid)) {
    throw new AppError('VALIDATION_FAILED', 'ids must be a list of 1 to 5000 record ids', { ids: 'must be a list of 1 to 5000 record ids' });
  }
  return [...new Set(ids as string[])];
}

/**
 * Mass update: the same pipeline as a single update — permission, validation, reference checks, the
 * module's hooks per record, audit per record, events — but set-based: one locking SELECT, one UPDATE
 * per distinct set of values (hooks may differ per record), one audit INSERT. All in one transaction:
 * one failure rolls back the lot and names the record that failed.
 */
export async function massUpdate(ctx: RequestContext, module: string, body: any): Promise<{ updated: number }> {
  const ids = checkIds(body?.ids);
  const input = body?.changes;
  if (!input || typeof input !== 'object' || Array.isArray(input) || !Object.keys(input).length) {
    throw new AppError('VALIDATION_FAILED', 'changes must be an object of field values', { changes: 'is required' });
  }
  const view = ctx.registry.module(module);
  const m = fullModule(ctx.registry, module);
  requirePermission(ctx, m.name, 'edit');
  requirePermission(ctx, m.name, 'mass_edit');
  const values = validateInput(view, input, ctx.lang, 'update');
  return runWrite(ctx, async (tctx) => {
    const rows = await lockManyForWrite(tctx, m, ids);
    await checkReferences(tctx, m, values);
    const pending: { change: WriteChange; changes: Changes; searchText: string }[] = [];
    for (const row of rows) {
      const before = toRecord(m, row);
      const change: WriteChange = { module: m.name, id: before.id as string, action: 'update', values: { ...values }, before };
      await withId(change.id, async () => m.behaviour.beforeWrite?.(tctx, change));
      const changes = diff(before, Object.fromEntries(Object.entries(change.values).filter(([k]) => m.fieldMap.has(k))));
      if (Object.keys(changes).length) pending.push({ change, changes, searchText: buildSearchText(m, { ...before, ...change.values }) });
    }
    const groups = new Map<string, typeof pending>();
    for (const p of pending) {
      const key = JSON.stringify(dbAssignments(m, p.change.values));
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const stored = new Map<string, Record<string, unknown>>();
    for (const group of groups.values()) {
      const r = await sql<Record<string, unknown>>`update ${sql.table(m.name)} t
        set ${setList(dbAssignments(m, group[0].change.values))}, search_text = v.search_text, version = t.version + 1, updated_at = now()
        from unnest(${group.map((p) => p.change.id)}::uuid[], ${group.map((p) => p.searchText)}::text[]) as v(id, search_text)
        where t.id = v.id returning t.*`.execute(tctx.db);
      for (const row of r.rows) stored.set(row.id as string, row);
    }
    if (pending.length) {
      await sql`insert into audit_log (module, record_id, user_id, action, changes)
        select ${m.name}, a.id, ${tctx.user.id}::uuid, 'update', a.changes
        from unnest(${pending.map((p) => p.change.id)}::uuid[], ${pending.map((p) => JSON.stringify(p.changes))}::jsonb[]) as a(id, changes)`.execute(tctx.db);
    }
    for (const p of pending) {
      const record = toRecord(m, stored.get(p.change.id)!);
      await withId(p.change.id, async () => m.behaviour.afterWrite?.(tctx, p.change, record));
      raise(tctx, `${m.name}.updated`, { module: m.name, id: p.change.id, record, before: p.change.before, changes: p.changes, userId: tctx.user.id });
    }
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
    if (err instanceof AppError) throw new AppError(err.code, msg('Record {id}: {problem}', { id, problem: nested(err.said) }), err.fields);
    throw err;
  }
}
