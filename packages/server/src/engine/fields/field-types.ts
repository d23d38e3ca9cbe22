import type { FieldDef, FieldType } from '@karta/shared';

/**
 * Server side of each field type: its column, how values cross the database boundary,
 * and how they are written to CSV/XLSX. The value schema is shared (`@karta/shared` validation).
 */
export interface FieldTypePlugin {
  column: (f: FieldDef) => string;
  /** JS value read from the driver → API JSON. */
  fromDb?: (v: any) => unknown;
  /** Normalized API value → driver parameter. */
  toDb?: (v: any) => unknown;
  /** API value → a cell of an export. */
  toCell?: (v: any) => string | number | boolean | null;
  /** A polymorphic reference keeps the target module in a companion column. */
  companion?: (f: FieldDef) => string | null;
}

const iso = (v: any) => (v instanceof Date ? v.toISOString() : v == null ? v : new Date(v).toISOString());
const plain = (sqlType: string): FieldTypePlugin => ({ column: () => sqlType });
const numeric = (sqlType: string): FieldTypePlugin => ({
  column: () => sqlType,
  toCell: (v) => (v == null ? null : Number(v)),
});

export const FIELD_TYPE_PLUGINS: Record<FieldType, FieldTypePlugin> = {
  text: plain('text'), textarea: plain('text'), email: plain('text'), phone: plain('text'), url: plain('text'),
  picklist: plain('text'),
  integer: { column: () => 'bigint' },
  decimal: numeric('numeric(20,4)'), money: numeric('numeric(18,2)'), percent: numeric('numeric(9,3)'),
  boolean: plain('boolean'),
  date: plain('date'),
  datetime: { column: () => 'timestamptz', fromDb: iso },
  multipicklist: { column: () => 'text[]', fromDb: (v) => v ?? [], toCell: (v) => (v ?? []).join('; ') },
  reference: {
    column: () => 'uuid',
    companion: (f) => ((f.reference?.length ?? 0) > 1 ? `${f.name}_module` : null),
  },
  owner: plain('uuid'), image: plain('uuid'), file: plain('uuid'),
  json: {
    column: () => 'jsonb',
    toDb: (v) => (v == null ? null : JSON.stringify(v)),
    toCell: (v) => (v == null ? null : JSON.stringify(v)),
  },
};

export function plugin(f: FieldDef): FieldTypePlugin {
  return FIELD_TYPE_PLUGINS[f.type];
}

export function valueFromDb(f: FieldDef, v: unknown): unknown {
  const p = plugin(f);
  if (p.fromDb) return p.fromDb(v);
  return v ?? null;
}

export function valueToDb(f: FieldDef, v: unknown): unknown {
  const p = plugin(f);
  return p.toDb ? p.toDb(v) : v;
}
