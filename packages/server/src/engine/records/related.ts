import { fieldMessage, isUuid } from '@karta/shared';
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { writeAudit } from '../audit/audit.js';
import { listRecords, type ListParams, type ListResult } from '../query/list.js';
import type { ResolvedModule } from '../registry/registry.js';
import { linkColumns } from '../schema/module-tables.js';
import { findVisibleRow } from './get.js';
import { updateRecord } from './update.js';
import { isVisible, lockForWrite, runWrite } from './write-helpers.js';
import { validationError } from './validate-input.js';
import { msg, translated } from '../../platform/messages/say.js';
import { can, requirePermission, visibilityPredicate } from '../access/permissions.js';

function relationOf(m: ResolvedModule, name: string) {
  const rel = m.relations.find((r) => r.name === name);
  if (!rel) throw new AppError('NOT_FOUND', msg('No relation "{name}" on {module}', { name, module: m.name }));
  return rel;
}

/** A related list: the same list machinery (filters, sort, paging, visibility) narrowed to one parent. */
export async function listRelated(ctx: RequestContext, moduleName: string, id: string, relation: string, params: ListParams): Promise<ListResult> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'view');
  const rel = relationOf(m, relation);
  await findVisibleRow(ctx, m, id, ['id']);
  const target = ctx.registry.module(rel.module);
  requirePermission(ctx, target.name, 'view');
  if (rel.kind === 'one_to_many') {
    return listRecords(ctx, target, { ...params, extra: sql`${sql.ref(`t.${rel.field}`)} = ${id}` });
  }
  const { self, other } = linkColumns(m.name, rel);
  const linkField = rel.linkField?.name ?? findLinkField(ctx, m.name, rel.table!);
  return listRecords(ctx, target, {
    ...params,
    join: sql`join ${sql.table(rel.table!)} l on ${sql.ref(`l.${other}`)} = t.id`,
    extra: sql`${sql.ref(`l.${self}`)} = ${id}`,
    extraColumns: linkField ? sql`json_build_object(${linkField}::text, ${sql.ref(`l.${linkField}`)}) as __link` : sql`null as __link`,
  });
}

/**
 * How many records each related list holds (those the caller may see): one statement, a count per relation whose
 * module the caller may view; the others are left out.
 */
export async function relatedCounts(ctx: RequestContext, moduleName: string, id: string): Promise<Record<string, number>> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'view');
  await findVisibleRow(ctx, m, id, ['id']);
  const parts = m.relations.filter((rel) => ctx.registry.has(rel.module) && can(ctx, rel.module, 'view')).map((rel) => {
    const vis = visibilityPredicate(ctx, rel.module, 'read');
    if (rel.kind === 'one_to_many') {
      return sql`select ${rel.name}::text as name, count(*)::int as n from ${sql.table(rel.module)} t
        where ${sql.ref(`t.${rel.field}`)} = ${id} and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`;
    }
    const { self, other } = linkColumns(m.name, rel);
    return sql`select ${rel.name}::text as name, count(*)::int as n from ${sql.table(rel.table!)} l join ${sql.table(rel.module)} t on t.id = ${sql.ref(`l.${other}`)}
      where ${sql.ref(`l.${self}`)} = ${id} and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`;
  });
  if (!parts.length) return {};
  const r = await sql<{ name: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(ctx.db);
  return Object.fromEntries(r.rows.map((x) => [x.name, Number(x.n)]));
}

/** The link field may be declared on the other side of a shared link table. */
function findLinkField(ctx: RequestContext, from: string, table: string): string | undefined {
  for (const m of ctx.registry.list()) {
    for (const r of m.relations) if (r.table === table && r.linkField) return r.linkField.name;
  }
  return undefined;
}

/** A non-negative amount with at most 2 decimals (a list price on a link). */
const MONEY = /^\d{1,13}(\.\d{1,2})?$/;

/** Link (many-to-many: a link row with its role/status; one-to-many: sets the child's reference). */
export async function linkRelated(ctx: RequestContext, moduleName: string, id: string, relation: string, body: unknown): Promise<void> {
  const m = ctx.registry.module(moduleName);
  const rel = relationOf(m, relation);
  const input = (body ?? {}) as Record<string, unknown>;
  const targetId = input.id;
  if (!isUuid(targetId)) throw validationError({ id: 'must be a record id' }, ctx.lang);
  const target = ctx.registry.module(rel.module);
  if (rel.kind === 'one_to_many') {
    await findVisibleRow(ctx, m, id, ['id']);
    await updateRecord(ctx, target.name, targetId, { [rel.field!]: id });
    return;
  }
  requirePermission(ctx, m.name, 'edit');
  const linkField = rel.linkField?.name ?? findLinkField(ctx, m.name, rel.table!);
  const linkValue = linkField ? input[linkField] ?? null : null;
  if (linkField && linkValue !== null) {
    const def = (rel.linkField ?? ctx.registry.list().flatMap((x) => x.relations).find((r) => r.table === rel.table && r.linkField)?.linkField)!;
    if (def.type === 'money') {
      if (typeof linkValue !== 'string' || !MONEY.test(linkValue)) throw validationError({ [linkField]: 'must be an amount such as 1250.50' }, ctx.lang);
    } else if (!def.options.some((o) => o.value === linkValue)) throw validationError({ [linkField]: translated(fieldMessage('picklist', ctx.lang)) }, ctx.lang);
  }
  await runWrite(ctx, async (tctx) => {
    await lockForWrite(tctx, m, id);
    // A record of a module the caller's profile may not view is one they cannot name, like one they cannot see.
    if (!can(tctx, target.name, 'view') || !(await isVisible(tctx, target, targetId, 'read')) || !(await exists(tctx, target.name, targetId))) {
      throw validationError({ id: translated(fieldMessage('not_found', tctx.lang)) }, tctx.lang);
    }
    if (rel.ownedByOther) await mayChangeOther(tctx, target, targetId);
    const { self, other } = linkColumns(m.name, rel);
    const extraCol = linkField ? sql`, ${sql.id(linkField)}` : sql``;
    const extraVal = linkField ? sql`, ${linkValue}` : sql``;
    const update = linkField ? sql`do update set ${sql.id(linkField)} = excluded.${sql.id(linkField)}` : sql`do nothing`;
    await sql`insert into ${sql.table(rel.table!)} (${sql.id(self)}, ${sql.id(other)}${extraCol}) values (${id}, ${targetId}${extraVal})
      on conflict (${sql.id(self)}, ${sql.id(other)}) ${update}`.execute(tctx.db);
    await writeAudit(tctx.db, { module: m.name, recordId: id, userId: tctx.user.id, action: 'link', changes: { [relation]: [null, targetId] } });
  });
}

export async function unlinkRelated(ctx: RequestContext, moduleName: string, id: string, relation: string, targetId: string): Promise<void> {
  const m = ctx.registry.module(moduleName);
  const rel = relationOf(m, relation);
  if (!isUuid(targetId)) throw new AppError('NOT_FOUND', 'No such link');
  if (rel.kind === 'one_to_many') {
    await findVisibleRow(ctx, m, id, ['id']);
    const target = ctx.registry.module(rel.module);
    const child = await findVisibleRow(ctx, target, targetId, [rel.field!]);
    if (child[rel.field!] !== id) throw new AppError('NOT_FOUND', 'No such link');
    await updateRecord(ctx, target.name, targetId, { [rel.field!]: null });
    return;
  }
  requirePermission(ctx, m.name, 'edit');
  const target = ctx.registry.module(rel.module);
  await runWrite(ctx, async (tctx) => {
    await lockForWrite(tctx, m, id);
    // As for linking: a record the caller may not see is one they cannot name (nor learn is linked).
    if (!can(tctx, target.name, 'view') || !(await isVisible(tctx, target, targetId, 'read'))) throw new AppError('NOT_FOUND', 'No such link');
    if (rel.ownedByOther) await mayChangeOther(tctx, target, targetId);
    const { self, other } = linkColumns(m.name, rel);
    const r = await sql`delete from ${sql.table(rel.table!)} where ${sql.id(self)} = ${id} and ${sql.id(other)} = ${targetId} returning 1`.execute(tctx.db);
    if (!r.rows.length) throw new AppError('NOT_FOUND', 'No such link');
    await writeAudit(tctx.db, { module: m.name, recordId: id, userId: tctx.user.id, action: 'unlink', changes: { [relation]: [targetId, null] } });
  });
}

/** A link that is the other record's (a price book's prices) is the business of who may change that record. */
async function mayChangeOther(ctx: RequestContext, target: ResolvedModule, id: string): Promise<void> {
  requirePermission(ctx, target.name, 'edit');
  await lockForWrite(ctx, target, id);
}

async function exists(ctx: RequestContext, module: string, id: string): Promise<boolean> {
  const r = await sql`select 1 from ${sql.table(module)} where id = ${id} and deleted_at is null`.execute(ctx.db);
  return r.rows.length > 0;
}
