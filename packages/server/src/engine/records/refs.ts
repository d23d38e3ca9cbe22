import { sql, type RawBuilder } from 'kysely';
import type { RequestContext } from '../context.js';
import { can, visibilityPredicate } from '../access/permissions.js';
import { plugin } from '../fields/field-types.js';
import type { FieldDef } from '@karta/shared';
import type { ResolvedModule } from '../registry/registry.js';
import { recordLabel, type RecordJson } from './serialize.js';
import type { OwnerLabel } from '../access/access-cache.js';

export interface RefEntry {
  module: string;
  number: string | null;
  label: string;
}
export type Refs = Record<string, RefEntry>;

/**
 * Labels for every id the records mention (references, owners), one query per referenced module —
 * never one per row. Records the caller may not see are left out, so a label never leaks.
 */
export async function collectRefs(ctx: RequestContext, m: ResolvedModule, records: RecordJson[], rows?: Record<string, unknown>[]): Promise<Refs> {
  const byModule = new Map<string, Set<string>>();
  const owners = new Set<string>();
  const add = (mod: string, id: unknown) => {
    if (typeof id !== 'string') return;
    if (!byModule.has(mod)) byModule.set(mod, new Set());
    byModule.get(mod)!.add(id);
  };
  const refs: Refs = {};
  records.forEach((rec, i) => {
    for (const f of m.allFields) {
      const v = rec[f.name];
      if (v == null || f.name === 'id') continue;
      if (f.type === 'owner') owners.add(v as string);
      else if (f.type === 'reference' && f.reference) {
        // Labelled in the row statement already (inlineRefColumns): null when the caller may not see the target.
        const inlined = rows?.[i]?.[inlineAlias(f.name)];
        if (inlined !== undefined) {
          if (inlined !== null) refs[v as string] = inlineEntry(ctx, f.reference[0], inlined as unknown[]);
          continue;
        }
        const companion = plugin(f).companion?.(f);
        const target = companion ? (rows?.[i]?.[companion] as string | undefined) : f.reference[0];
        if (target) add(target, v);
      }
    }
  });
  await Promise.all([
    ...[...byModule].map(async ([mod, ids]) => Object.assign(refs, await recordRefs(ctx, mod, [...ids]))),
    owners.size ? ownerRefs(ctx, [...owners]).then((r) => Object.assign(refs, r)) : undefined,
  ]);
  return refs;
}

const inlineAlias = (field: string) => `__ref_${field}`;

/**
 * The number and title of each single-target reference among `fields`, as columns of the row statement itself
 * (`alias` is the row's table) — a record page or a list then needs no second round trip for its labels. A target
 * the caller may not see gives null, and collectRefs leaves it out, as recordRefs would.
 */
export function inlineRefColumns(ctx: RequestContext, fields: FieldDef[], alias = 't'): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  for (const f of fields) {
    if (f.type !== 'reference' || f.reference?.length !== 1 || !ctx.registry.has(f.reference[0])) continue;
    const target = ctx.registry.module(f.reference[0]);
    // A module the caller's profile may not view names nothing: its records' titles are what it keeps.
    if (!can(ctx, target.name, 'view')) { out.push(sql`null::json as ${sql.id(inlineAlias(f.name))}`); continue; }
    const vis = visibilityPredicate(ctx, target.name, 'read', '__r');
    const cells = [sql.ref('__r.number'), ...target.titleFields.map((n) => sql`${sql.ref(`__r.${n}`)}::text`)];
    out.push(sql`(select json_build_array(${sql.join(cells)}) from ${sql.table(target.name)} __r
      where __r.id = ${sql.ref(`${alias}.${f.name}`)}${vis ? sql` and ${vis}` : sql``}) as ${sql.id(inlineAlias(f.name))}`);
  }
  return out;
}

function inlineEntry(ctx: RequestContext, mod: string, cells: unknown[]): RefEntry {
  const target = ctx.registry.module(mod);
  const row: Record<string, unknown> = {};
  target.titleFields.forEach((n, k) => { row[n] = cells[k + 1]; });
  return { module: mod, number: (cells[0] as string | null) ?? null, label: recordLabel(target, row) };
}

/** Number and label of the records of one module among `ids` that the caller may see (one query; live or not). */
export async function recordRefs(ctx: RequestContext, mod: string, ids: string[], opts: { live?: boolean } = {}): Promise<Refs> {
  if (!ids.length || !ctx.registry.has(mod) || !can(ctx, mod, 'view')) return {};
  const target = ctx.registry.module(mod);
  const vis = visibilityPredicate(ctx, mod, 'read');
  const titles = target.titleFields.map((n) => sql.ref(`t.${n}`));
  const r = await sql<Record<string, unknown>>`
    select t.id, t.number, ${sql.join(titles)} from ${sql.table(mod)} t
    where t.id = any(${ids}::uuid[]) ${vis ? sql`and ${vis}` : sql``} ${opts.live ? sql`and t.deleted_at is null` : sql``}`.execute(ctx.db);
  const refs: Refs = {};
  for (const row of r.rows) refs[row.id as string] = { module: mod, number: row.number as string, label: recordLabel(target, row) };
  return refs;
}

/** Users and groups by id, labelled by full name / group name: from the request's cache, the rest in one query. */
export async function ownerRefs(ctx: RequestContext, ids: string[]): Promise<Refs> {
  // Inside a transaction a name may be one not yet committed: read, never kept.
  const names = (ctx.db.isTransaction ? undefined : ctx.ownerLabels) ?? new Map<string, OwnerLabel>();
  const missing = ids.filter((id) => !names.has(id));
  if (missing.length) {
    const r = await sql<{ id: string; module: 'users' | 'groups'; label: string; username: string | null }>`
      select id, 'users' as module, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) as label, username from users where id = any(${missing}::uuid[])
      union all select id, 'groups', name, null from groups where id = any(${missing}::uuid[])`.execute(ctx.db);
    for (const row of r.rows) names.set(row.id, { module: row.module, label: row.label || row.username || '' });
  }
  const refs: Refs = {};
  for (const id of ids) { const o = names.get(id); if (o) refs[id] = { module: o.module, number: null, label: o.label }; }
  return refs;
}
