import { sql } from 'kysely';
import { whereFields, type FieldDef } from '@karta/shared';
import type { Tx } from '../../platform/db.js';
import { Registry, type ResolvedModule } from '../registry/registry.js';

/** Field security of one user: module → field → what their profiles allow (absent = editable). */
export type FieldRules = Record<string, Record<string, 'hidden' | 'read_only'>>;

/** Fields no profile may hide or lock: a record is not a record without them. */
export const ALWAYS_VISIBLE: ReadonlySet<string> = new Set(['id', 'number', 'version', 'created_at', 'updated_at', 'deleted_at']);

const views = new WeakMap<Registry, Map<string, Registry>>();
const bases = new WeakMap<Registry, Registry>();

/**
 * The registry as a user with field rules sees it: hidden fields are not fields at all (not selected, not filterable,
 * not sortable, not in metadata, exports or reports — each of those asks the registry), read-only fields are read-only.
 * Users without rules get the shared registry itself; views are built once per registry and rule set.
 */
export function registryFor(registry: Registry, rules: FieldRules | undefined): Registry {
  if (!rules || !Object.keys(rules).length) return registry;
  const key = JSON.stringify(rules);
  let cache = views.get(registry);
  if (!cache) views.set(registry, (cache = new Map()));
  let view = cache.get(key);
  if (!view) {
    view = restrict(registry, rules);
    bases.set(view, registry);
    if (cache.size > 200) cache.clear();
    cache.set(key, view);
  }
  return view;
}

/** The registry every field is in: what writes store, search text and audit are computed from. */
export function fullRegistry(registry: Registry): Registry {
  return bases.get(registry) ?? registry;
}

/** The module with every field, for a write's internals, whatever the caller may see. */
export function fullModule(registry: Registry, name: string): ResolvedModule {
  return fullRegistry(registry).module(name);
}

function restrict(registry: Registry, rules: FieldRules): Registry {
  const view = Object.create(Registry.prototype) as Registry & { modules: Map<string, ResolvedModule> };
  const modules = new Map<string, ResolvedModule>();
  // A related list through a reference field the user cannot see would tell that field's value: it goes too.
  const relations = (m: ResolvedModule) => m.relations.filter((r) => !(r.field && rules[r.module]?.[r.field] === 'hidden'));
  for (const m of registry.list()) {
    const restricted = rules[m.name] ? restrictModule(m, rules[m.name]) : m;
    const kept = relations(m);
    modules.set(m.name, kept.length === m.relations.length ? restricted : Object.freeze({ ...restricted, relations: kept }));
  }
  Object.defineProperty(view, 'modules', { value: modules });
  return view;
}

function restrictModule(m: ResolvedModule, rules: Record<string, 'hidden' | 'read_only'>): ResolvedModule {
  const hidden = (name: string) => rules[name] === 'hidden' && !ALWAYS_VISIBLE.has(name);
  const shape = (f: FieldDef): FieldDef => (rules[f.name] === 'read_only' && !ALWAYS_VISIBLE.has(f.name) ? { ...f, readOnly: true, required: false } : f);
  const allFields = m.allFields.filter((f) => !hidden(f.name)).map(shape);
  return Object.freeze({
    ...m, allFields, fieldMap: new Map(allFields.map((f) => [f.name, f])),
    fields: m.fields.filter((f) => !hidden(f.name)).map(shape),
    titleFields: m.titleFields.some((n) => !hidden(n)) ? m.titleFields.filter((n) => !hidden(n)) : ['number'],
    blocks: m.blocks.map((b) => ({ ...b, fields: b.fields.filter((n) => !hidden(n)) })),
    list: {
      columns: m.list.columns.filter((n) => !hidden(n)), sort: hidden(m.list.sort.replace(/^-/, '')) ? '-updated_at' : m.list.sort,
      // The working list's filter stays, unless it names a field the user may not see (then it could not run).
      ...(m.list.where && !whereFields(m.list.where).some(hidden) ? { where: m.list.where } : {}),
    },
    // Searching by a hidden field would tell its value: such users search the visible fields only (see search-text.ts).
    hiddenSearchable: m.allFields.some((f) => hidden(f.name) && (f.searchable || m.titleFields.includes(f.name))),
  });
}

/**
 * Shows audit entries' changes to a user (a record's history, its timeline): what `withoutHiddenFields` keeps, less
 * the values of the module's deleted custom fields — a field no one sees any more, whoever its rules hid it from
 * (restored, it shows again; purged, its values leave the audit too).
 */
export async function auditViewer(ctx: { db: Tx; registry: Registry }, module: string): Promise<(changes: Record<string, unknown>) => Record<string, unknown>> {
  const r = await sql<{ name: string }>`select name from custom_fields where module = ${module} and deleted_at is not null`.execute(ctx.db);
  const retired = new Set(r.rows.map((x) => x.name));
  return (changes) => {
    const shown = withoutHiddenFields(ctx.registry, module, changes);
    return retired.size ? Object.fromEntries(Object.entries(shown).filter(([k]) => !retired.has(k))) : shown;
  };
}

/** An audit entry's changes as the user may see them: the values of fields hidden from them are left out. */
export function withoutHiddenFields<T>(registry: Registry, module: string, changes: Record<string, T>): Record<string, T> {
  const base = fullRegistry(registry);
  if (base === registry || !registry.has(module)) return changes;
  const view = registry.module(module);
  const full = base.module(module);
  return Object.fromEntries(Object.entries(changes).filter(([k]) => view.fieldMap.has(k) || !full.fieldMap.has(k)));
}
