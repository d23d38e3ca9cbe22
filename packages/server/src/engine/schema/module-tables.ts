import type { FieldDef, RelationDef } from '@karta/shared';
import { sql, type Tx } from '../../platform/db.js';
import { plugin } from '../fields/field-types.js';
import type { Registry, ResolvedModule } from '../registry/registry.js';
import { SCHEMA_LOCK } from './migrate.js';

/**
 * Plans module tables from the registry: a missing table, column or index is created; nothing is
 * ever dropped or retyped here (that is a versioned migration's job). Runs in one transaction.
 */
export async function syncModuleTables(db: Tx, registry: Registry, opts: { dryRun?: boolean } = {}): Promise<string[]> {
  const existing = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = current_schema()`.execute(db);
  const columns = new Map<string, Set<string>>();
  for (const r of existing.rows) {
    if (!columns.has(r.table_name)) columns.set(r.table_name, new Set());
    columns.get(r.table_name)!.add(r.column_name);
  }
  const plan: string[] = [];
  for (const m of registry.list()) plan.push(...planModule(m, columns.get(m.name)));
  plan.push(...planLinkTables(registry, columns));
  if (plan.length && !opts.dryRun) {
    await sql`select pg_advisory_xact_lock(${SCHEMA_LOCK})`.execute(db);
    for (const statement of plan) await sql.raw(statement).execute(db);
  }
  return plan;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A finer sample of search_text than the default 100: with it the planner sees that a long search term matches
 * few rows and takes the trigram index, instead of walking the recent-first index through the whole table.
 */
export const SEARCH_TEXT_STATISTICS = 1000;

/**
 * The trigram index's pending list (kB): new rows wait there, unsorted, until it is full or a vacuum merges it, and
 * every search reads all of it. PostgreSQL's 4 MB default made a search on an embedded database that had taken a
 * few thousand new contacts cost 40 ms instead of 1.4; at 256 kB a search reads at most a sixteenth of that, and a
 * bulk insert pays ~0.013 ms more per row (a list of 0 — no pending list — would cost ~0.1 ms per row).
 * Migration 12 sets it on existing indexes.
 */
export const SEARCH_PENDING_LIST_KB = 256;

export function fieldColumns(f: FieldDef): [string, string][] {
  const cols: [string, string][] = [[f.name, plugin(f).column(f)]];
  const companion = plugin(f).companion?.(f);
  if (companion) cols.push([companion, 'text']);
  return cols;
}

function planModule(m: ResolvedModule, have: Set<string> | undefined): string[] {
  const t = q(m.name);
  const out: string[] = [];
  const declared = m.allFields.filter((f) => !['id', 'number', 'assigned_to', 'created_by', 'created_at', 'updated_at', 'version'].includes(f.name));
  if (!have) {
    const cols = declared.flatMap(fieldColumns).map(([n, type]) => `${q(n)} ${type}`);
    out.push(`create table ${t} (
      id uuid primary key, number text not null, assigned_to uuid, created_by uuid,
      created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
      version integer not null default 1, deleted_at timestamptz, search_text text not null default ''${cols.length ? ',\n      ' + cols.join(',\n      ') : ''})`);
    out.push(`create unique index ${q(m.name + '_number')} on ${t} (number)`);
    out.push(`create index ${q(m.name + '_owner_updated')} on ${t} (assigned_to, updated_at desc, id desc) where deleted_at is null`);
    out.push(`create index ${q(m.name + '_updated')} on ${t} (updated_at desc, id desc) where deleted_at is null`);
    out.push(`create index ${q(m.name + '_search')} on ${t} using gin (search_text gin_trgm_ops) with (gin_pending_list_limit = ${SEARCH_PENDING_LIST_KB})`);
    out.push(`alter table ${t} alter column search_text set statistics ${SEARCH_TEXT_STATISTICS}`);
    const title = m.titleFields[m.titleFields.length - 1];
    out.push(`create index ${q(m.name + '_title')} on ${t} (lower(${q(title)}), id) where deleted_at is null`);
    for (const f of declared) out.push(...fieldIndexes(m.name, f));
    return out;
  }
  for (const f of declared) {
    const missing = fieldColumns(f).filter(([n]) => !have.has(n));
    for (const [n, type] of missing) out.push(`alter table ${t} add column ${q(n)} ${type}`);
    if (missing.length) out.push(...fieldIndexes(m.name, f));
  }
  return out;
}

/** References and owners are joined and filtered on, so they get an index. */
function fieldIndexes(table: string, f: FieldDef): string[] {
  if (f.type === 'reference' || f.type === 'owner') {
    return [`create index if not exists ${q(`${table}_${f.name}`)} on ${q(table)} (${q(f.name)})`];
  }
  return [];
}

export function singular(module: string): string {
  return module.endsWith('ies') ? module.slice(0, -3) + 'y' : module.replace(/s$/, '');
}

/** Column names of a many-to-many link table: `<singular>_id` of each side (self links get `related_`). */
export function linkColumns(from: string, rel: RelationDef): { self: string; other: string } {
  const self = `${singular(from)}_id`;
  const other = rel.module === from ? `related_${singular(rel.module)}_id` : `${singular(rel.module)}_id`;
  return { self, other };
}

function planLinkTables(registry: Registry, columns: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const planned = new Set<string>();
  for (const m of registry.list()) {
    for (const rel of m.relations) {
      if (rel.kind !== 'many_to_many' || !rel.table || planned.has(rel.table)) continue;
      planned.add(rel.table);
      const { self, other } = linkColumns(m.name, rel);
      const extra = rel.linkField ? [rel.linkField.name] : [];
      const have = columns.get(rel.table);
      if (!have) {
        out.push(`create table ${q(rel.table)} (${q(self)} uuid not null, ${q(other)} uuid not null,${extra.map((e) => ` ${q(e)} text,`).join('')} linked_at timestamptz not null default now(), primary key (${q(self)}, ${q(other)}))`);
        out.push(`create index ${q(rel.table + '_' + other)} on ${q(rel.table)} (${q(other)})`);
      } else {
        for (const e of extra) if (!have.has(e)) out.push(`alter table ${q(rel.table)} add column ${q(e)} text`);
      }
    }
  }
  return out;
}
