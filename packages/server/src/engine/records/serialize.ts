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

/** Column list for a select, with companion columns of polymorphic references. */
export function selectColumns(fields: FieldDef[], alias = 't'): RawBuilder<unknown> {
  const cols: RawBuilder<unknown>[] = [];
  for (const f of fields) {
    cols.push(sql.ref(`${alias}.${f.name}`));
    const companion = plugin(f).companion?.(f);
    if (companion) cols.push(sql.ref(`${alias}.${companion}`));
  }
  return sql.join(cols);
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
