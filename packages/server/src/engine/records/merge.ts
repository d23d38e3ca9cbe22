import { isUuid } from '@karta/shared';
import { sql } from 'kysely';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { requirePermission } from '../access/permissions.js';
import { fullRegistry } from '../access/field-view.js';
import { writeAudit, writeAuditMany } from '../audit/audit.js';
import type { RequestContext } from '../context.js';
import type { ResolvedModule } from '../registry/registry.js';
import { linkColumns } from '../schema/module-tables.js';
import { deleteMany } from './delete.js';
import { getRecord } from './get.js';
import type { RecordJson } from './serialize.js';
import { updateRecord } from './update.js';
import { lockManyForWrite, raise, runWrite, toRecord } from './write-helpers.js';

export const MAX_MERGE = 10;

/**
 * Merges two or more records into the first (`ids[0]`), in one transaction: the survivor takes, field by
 * field, the value of the record `values` names (tags are joined); everything that points at the others
 * (references from any module, many-to-many links, comments, activities, documents, the modules' own
 * tables through onMerge) and their history move to the survivor; the others go to the recycle bin.
 * What points at them moves whoever can see it, so nothing is left pointing at a deleted record.
 */
export async function mergeRecords(ctx: RequestContext, moduleName: string, body: unknown): Promise<{ data: RecordJson }> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'edit');
  requirePermission(ctx, m.name, 'delete');
  const b = (body ?? {}) as { ids?: unknown; values?: unknown };
  const ids = Array.isArray(b.ids) ? [...new Set(b.ids as unknown[])] : [];
  if (ids.length < 2 || ids.length > MAX_MERGE || !ids.every(isUuid)) {
    throw new AppError('VALIDATION_FAILED', msg('Name 2 to {n} records to merge', { n: MAX_MERGE }), { ids: msg('must be a list of 2 to {n} record ids', { n: MAX_MERGE }) });
  }
  const values = (b.values ?? {}) as Record<string, unknown>;
  if (typeof values !== 'object' || Array.isArray(values)) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { values: 'must be JSON' });
  const [survivor, ...others] = ids as string[];
  return runWrite(ctx, async (tctx) => {
    const rows = await lockManyForWrite(tctx, m, ids as string[]);
    const records = new Map(rows.map((r) => [r.id as string, toRecord(m, r)]));
    const changes = chosenValues(m, records, survivor, values);
    if (Object.keys(changes).length) await updateRecord(tctx, m.name, survivor, changes);
    await moveReferences(tctx, m, survivor, others);
    await moveLinks(tctx, m, survivor, others);
    await m.behaviour.onMerge?.(tctx, survivor, others);
    // Their history becomes the survivor's; a line says what was merged in.
    await sql`update audit_log set record_id = ${survivor} where record_id = any(${others}::uuid[])`.execute(tctx.db);
    await writeAudit(tctx.db, { module: m.name, recordId: survivor, userId: tctx.user.id, action: 'merge', changes: { merged: [null, others.map((id) => records.get(id)!.number)] } });
    await deleteMany(tctx, m.name, others, { source: 'merge' });
    raise(tctx, `${m.name}.merged`, { module: m.name, id: survivor, merged: others, userId: tctx.user.id });
    return getRecord(tctx, m.name, survivor);
  });
}

/** Field → the value of the record chosen for it (one of the merged); tags of all of them together. */
function chosenValues(m: ResolvedModule, records: Map<string, RecordJson>, survivor: string, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [field, from] of Object.entries(values)) {
    const f = m.fieldMap.get(field);
    if (!f || f.readOnly) { errors[field] = 'is not a field of this module'; continue; }
    if (typeof from !== 'string' || !records.has(from)) { errors[field] = 'must be one of the merged records'; continue; }
    const v = records.get(from)![field];
    if (JSON.stringify(v ?? null) !== JSON.stringify(records.get(survivor)![field] ?? null)) out[field] = v ?? null;
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', errors);
  const tags = [...new Set([...records.values()].flatMap((r) => (r.tags as string[] | undefined) ?? []))];
  if (m.fieldMap.has('tags') && tags.length !== ((records.get(survivor)!.tags as string[] | undefined) ?? []).length) out.tags = tags;
  return out;
}

/** Every reference field of every module that can point here: rows pointing at the others now point at the survivor. */
async function moveReferences(ctx: RequestContext, m: ResolvedModule, survivor: string, others: string[]): Promise<void> {
  // Every reference moves, through fields the caller sees or not: nothing may be left pointing at a deleted record.
  for (const target of fullRegistry(ctx.registry).list()) {
    for (const f of target.allFields.filter((x) => x.type === 'reference' && x.name !== 'id' && x.reference?.includes(m.name))) {
      const polymorphic = (f.reference?.length ?? 0) > 1;
      const pointing = await sql<{ id: string; old: string }>`select t.id, t.${sql.id(f.name)} as old from ${sql.table(target.name)} t
        where t.${sql.id(f.name)} = any(${others}::uuid[]) ${polymorphic ? sql`and t.${sql.id(`${f.name}_module`)} = ${m.name}` : sql``} for update`.execute(ctx.db);
      if (!pointing.rows.length) continue;
      await sql`update ${sql.table(target.name)} t set ${sql.id(f.name)} = ${survivor}, version = t.version + 1, updated_at = now()
        where t.id = any(${pointing.rows.map((x) => x.id)}::uuid[])`.execute(ctx.db);
      await writeAuditMany(ctx.db, pointing.rows.map((row) => ({ module: target.name, recordId: row.id, userId: ctx.user.id, action: 'update', changes: { [f.name]: [row.old, survivor] } })));
      // A record of the same module that pointed at a merged one and is the survivor itself must not point at itself.
      if (target.name === m.name) await sql`update ${sql.table(m.name)} set ${sql.id(f.name)} = null where id = ${survivor} and ${sql.id(f.name)} = ${survivor}`.execute(ctx.db);
    }
  }
}

/** Many-to-many links of the others become the survivor's (a link it already has is kept once). */
async function moveLinks(ctx: RequestContext, m: ResolvedModule, survivor: string, others: string[]): Promise<void> {
  const done = new Set<string>();
  for (const rel of m.relations) {
    if (rel.kind !== 'many_to_many' || !rel.table || done.has(rel.table)) continue;
    done.add(rel.table);
    const { self, other } = linkColumns(m.name, rel);
    // Links that are the other record's (a price book's prices) move only for who may change those records.
    if (rel.ownedByOther && (await sql`select 1 from ${sql.table(rel.table)} where ${sql.id(self)} = any(${others}::uuid[]) limit 1`.execute(ctx.db)).rows.length) {
      requirePermission(ctx, rel.module, 'edit');
    }
    const extra = [...(rel.linkField ? [rel.linkField.name] : []), 'linked_at'];
    const sides = rel.module === m.name ? [self, other] : [self];
    for (const side of sides) {
      const keep = side === self ? other : self;
      const rest = sql.join([sql.id(keep), ...extra.map((c) => sql.id(c))]);
      // Two merged records linked to the same record leave one link.
      await sql`insert into ${sql.table(rel.table)} (${sql.id(side)}, ${rest})
        select distinct on (${sql.id(keep)}) ${survivor}::uuid, ${rest} from ${sql.table(rel.table)} where ${sql.id(side)} = any(${others}::uuid[])
        on conflict do nothing`.execute(ctx.db);
      await sql`delete from ${sql.table(rel.table)} where ${sql.id(side)} = any(${others}::uuid[])`.execute(ctx.db);
    }
    if (rel.module === m.name) await sql`delete from ${sql.table(rel.table)} where ${sql.id(self)} = ${survivor} and ${sql.id(other)} = ${survivor}`.execute(ctx.db);
  }
}
