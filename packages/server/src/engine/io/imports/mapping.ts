import { LANGUAGES, isUuid, type FieldDef } from '@karta/shared';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { AppError, type FieldErrors } from '../../../platform/errors.js';
import { msg } from '../../../platform/messages/say.js';
import type { RequestContext } from '../../context.js';
import { requirePermission } from '../../access/permissions.js';
import type { ResolvedModule } from '../../registry/registry.js';

/** A column header as people write it: any case, spaces, a "*" for required, "(optional)" hints. */
const simplify = (s: string) => s.toLowerCase().replace(/\*|\(.*?\)/g, '').replace(/[\s_]+/g, ' ').trim();

/** Fields a file may fill: not system, not read-only, not hidden. */
export function importableFields(m: ResolvedModule): FieldDef[] {
  return m.allFields.filter((f) => !f.readOnly && !f.hidden);
}

/**
 * Column → field: the explicit mapping first ("" or null leaves a column out), then the field name, then the
 * label in any of the four languages. A column is used for one field at most, a field by one column.
 */
export function mapColumns(m: ResolvedModule, header: string[], mapping: Record<string, string | null> = {}): (string | null)[] {
  const fields = importableFields(m);
  for (const field of Object.values(mapping)) {
    if (field && !fields.some((f) => f.name === field)) {
      throw new AppError('VALIDATION_FAILED', msg('Unknown field in mapping: {field}', { field }), { mapping: msg('"{field}" is not a field', { field }) });
    }
  }
  const taken = new Set<string>();
  const out = header.map((h) => {
    if (Object.hasOwn(mapping, h)) {
      const explicit = mapping[h];
      if (!explicit || taken.has(explicit)) return null;
      taken.add(explicit);
      return explicit;
    }
    return undefined;
  });
  // Each field under its simplified name and labels, once: a wide header costs one lookup a column.
  const byName = new Map<string, FieldDef[]>();
  for (const f of fields) {
    for (const n of new Set([f.name, ...LANGUAGES.map((l) => f.label[l]).filter(Boolean)].map((x) => simplify(x)))) byName.set(n, [...(byName.get(n) ?? []), f]);
  }
  return out.map((hit, i) => {
    if (hit !== undefined) return hit;
    const f = byName.get(simplify(header[i]))?.find((x) => !taken.has(x.name));
    if (!f) return null;
    taken.add(f.name);
    return f.name;
  });
}

export interface SavedMapping { id: string; module: string; name: string; mapping: Record<string, string | null>; created_at: string }

/** The caller's saved mappings of a module, newest first. */
export async function listMappings(ctx: RequestContext, module: string): Promise<SavedMapping[]> {
  const m = ctx.registry.module(module);
  requirePermission(ctx, m.name, 'import');
  const r = await sql<SavedMapping>`select id, module, name, mapping, created_at from import_mappings
    where module = ${m.name} and owner_id = ${ctx.user.id} order by created_at desc limit 100`.execute(ctx.db);
  return r.rows.map((x) => ({ ...x, created_at: new Date(x.created_at).toISOString() }));
}

/** Saves (or replaces, by name) a mapping of the caller's. */
export async function saveMapping(ctx: RequestContext, body: unknown): Promise<SavedMapping> {
  const b = (body ?? {}) as { module?: unknown; name?: unknown; mapping?: unknown };
  const errors: FieldErrors = {};
  if (typeof b.module !== 'string' || !ctx.registry.has(b.module)) errors.module = 'is not a module';
  if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100) errors.name = 'is required (up to 100 characters)';
  if (!b.mapping || typeof b.mapping !== 'object' || Array.isArray(b.mapping) || !Object.values(b.mapping).every((v) => v === null || typeof v === 'string')) errors.mapping = 'must be JSON';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', errors);
  const m = ctx.registry.module(b.module as string);
  requirePermission(ctx, m.name, 'import');
  const mapping = b.mapping as Record<string, string | null>;
  mapColumns(m, Object.keys(mapping), mapping); // refuses unknown fields
  const r = await sql<SavedMapping>`insert into import_mappings (id, module, owner_id, name, mapping)
    values (${uuidv7()}, ${m.name}, ${ctx.user.id}, ${(b.name as string).trim()}, ${JSON.stringify(mapping)}::jsonb)
    on conflict (module, owner_id, name) do update set mapping = excluded.mapping, created_at = now()
    returning id, module, name, mapping, created_at`.execute(ctx.db);
  return { ...r.rows[0], created_at: new Date(r.rows[0].created_at).toISOString() };
}

export async function deleteMapping(ctx: RequestContext, id: string): Promise<void> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'No such mapping');
  const r = await sql`delete from import_mappings where id = ${id}::uuid and owner_id = ${ctx.user.id}`.execute(ctx.db);
  if (!Number(r.numAffectedRows ?? 0)) throw new AppError('NOT_FOUND', 'No such mapping');
}
