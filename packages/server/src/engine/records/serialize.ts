import type { FieldDef } from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../platform/errors.js';
import { plugin, valueFromDb } from '../fields/field-types.js';
import type { ResolvedModule } from '../registry/registry.js';
import { msg } from '../../platform/messages/say.js';

/** The fields a read returns: all, or a projection that always keeps id, number, title, owner and version. */
export function selectedFields(m: ResolvedModule, fields?: string[]): FieldDef[] {
  if (!fields || !fields.length) return m.allFields;
  const wanted = new Set([...fields, 'id', 'number', 'version', 'assigned_to', 'updated_at', ...m.titleFields]);
  const unknown = fields.filter((f) => !m.fieldMap.has(f));
  if (unknown.length) {
    throw new AppError('VALIDATION_FAILED', msg('Unknown field(s) in fields=: {names}', { names: unknown.join(', ') }),
      Object.fromEntries(unknown.map((u) => [u, 'is not a field of this module'])));
  }
  return m.allFields.filter((f) => wanted.has(f.name));
}

/** A quoted SQL identifier (as Kysely's `sql.ref` writes it). */
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Built column lists by field list and alias: a record's 60 columns as 60 `sql.ref`s cost ~40 µs to build and compile. */
const columnLists = new WeakMap<FieldDef[], Map<string, RawBuilder<unknown>>>();

/**
 * Column list for a select, with companion columns of polymorphic references. The names are the registry's field
 * names (identifiers checked when a field is declared or added), quoted; one raw fragment per field list and alias.
 */
export function selectColumns(fields: FieldDef[], alias = 't'): RawBuilder<unknown> {
  let byAlias = columnLists.get(fields);
  if (!byAlias) columnLists.set(fields, (byAlias = new Map()));
  const known = byAlias.get(alias);
  if (known) return known;
  const cols: string[] = [];
  for (const f of fields) {
    cols.push(`${quoted(alias)}.${quoted(f.name)}`);
    const companion = plugin(f).companion?.(f);
    if (companion) cols.push(`${quoted(alias)}.${quoted(companion)}`);
  }
  const list = sql.raw(cols.join(', '));
  byAlias.set(alias, list);
  return list;
}

export type RecordJson = Record<string, unknown>;

export function rowToRecord(fields: FieldDef[], row: Record<string, unknown>): RecordJson {
  const out: RecordJson = {};
  for (const f of fields) out[f.name] = valueFromDb(f, row[f.name]);
  return out;
}

/** The label of a record: its title fields joined. */
export function recordLabel(m: ResolvedModule, row: Record<string, unknown>): string {
  return m.titleFields.map((n) => row[n]).filter((v) => v != null && v !== '').join(' ');
}
