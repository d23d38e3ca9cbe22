import { CUSTOM_FIELD_TYPES, LANGUAGES, type FieldDef, type FieldType, type I18nText } from '@karta/shared';
import { sql } from 'kysely';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { writeAudit } from '../audit/audit.js';
import { MetaStore } from '../meta-store.js';
import { fieldColumns } from '../schema/module-tables.js';
import { SCHEMA_LOCK } from '../schema/migrate.js';
import { RESERVED_NAMES } from './system-fields.js';
import { parseOptions } from './picklist-edit.js';
import { uuidv7 } from 'uuidv7';
import { inTransaction } from '../../platform/db.js';
import { msg } from '../../platform/messages/say.js';

const NAME = /^[a-z][a-z0-9_]{1,40}$/;

function bad(fields: FieldErrors): AppError {
  return new AppError('VALIDATION_FAILED', 'The custom field is not valid', fields);
}

/** A label in every language (English where one is not given), each at most 100 characters: it travels in every metadata answer. */
function i18n(label: unknown): I18nText | null {
  const cut = (v: unknown) => String(v).trim().slice(0, 100);
  if (typeof label === 'string' && label.trim()) return Object.fromEntries(LANGUAGES.map((l) => [l, cut(label)])) as I18nText;
  if (label && typeof label === 'object' && typeof (label as any).en === 'string' && (label as any).en.trim()) {
    const l = label as Record<string, unknown>;
    return Object.fromEntries(LANGUAGES.map((k) => [k, cut(typeof l[k] === 'string' && (l[k] as string).trim() ? l[k] : l.en)])) as I18nText;
  }
  return null;
}

/** PostgreSQL's 1,600 columns a table, less a margin for the engine's own later columns. */
const MAX_COLUMNS = 1_590;

/**
 * Adds a custom field: a real, typed column on the module's table (plus its index), recorded in
 * custom_fields, in one transaction — then every instance reloads its registry.
 */
export async function addCustomField(ctx: RequestContext, moduleName: string, body: any): Promise<string> {
  const m = ctx.registry.module(moduleName);
  const errors: FieldErrors = {};
  const name = body?.name;
  const type = body?.type as FieldType;
  if (typeof name !== 'string' || !NAME.test(name)) errors.name = 'must be snake_case: a–z, 0–9 and _, starting with a letter';
  else if (RESERVED_NAMES.has(name) || m.fieldMap.has(name) || m.fieldMap.has(name.replace(/_module$/, ''))) errors.name = 'is already used in this module';
  if (!CUSTOM_FIELD_TYPES.includes(type)) errors.type = msg('must be one of {values}', { values: CUSTOM_FIELD_TYPES.join(', ') });
  const label = i18n(body?.label);
  if (!label) errors.label = 'is required';
  let options: FieldDef['options'];
  if (type === 'picklist' || type === 'multipicklist') {
    // The same rules as editing the list later (1–500 values of a plain pattern), so what is made can be edited.
    const parsed = parseOptions(body?.options);
    if ('errors' in parsed) Object.assign(errors, parsed.errors);
    else options = parsed.options;
  }
  let reference: string[] | undefined;
  if (type === 'reference') {
    reference = Array.isArray(body?.reference) ? body.reference : typeof body?.reference === 'string' ? [body.reference] : [];
    if (!reference!.length || !reference!.every((r) => ctx.registry.has(r))) errors.reference = 'must name the module(s) it points to';
  }
  if (body?.required !== undefined && typeof body.required !== 'boolean') errors.required = 'must be true or false';
  if (Object.keys(errors).length) throw bad(errors);
  const field: FieldDef = { name, type, label: label!, required: !!body.required, options, reference, custom: true };
  await inTransaction(ctx.db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${SCHEMA_LOCK})`.execute(trx);
    const dup = await sql`select 1 from custom_fields where module = ${m.name} and name = ${name}`.execute(trx);
    if (dup.rows.length) throw new AppError('CONFLICT', msg('The field {name} already exists', { name }), { name: 'is already used in this module' });
    // A column of the table already (another field's `…_module`, a deleted field's kept data): its name is taken.
    const columns = fieldColumns(field).map(([col]) => col);
    const taken = await sql`select 1 from information_schema.columns where table_schema = current_schema() and table_name = ${m.name}
      and column_name = any(${columns}::text[])`.execute(trx);
    if (taken.rows.length) throw new AppError('CONFLICT', msg('The field {name} already exists', { name }), { name: 'is already used in this module' });
    // A table holds at most 1,600 columns, dropped ones (purged fields) included: said plainly before the database refuses.
    const used = await sql<{ n: number }>`select count(*)::int as n from pg_attribute where attrelid = to_regclass(${m.name}) and attnum > 0`.execute(trx);
    if (Number(used.rows[0].n) + columns.length > MAX_COLUMNS) throw new AppError('CONFLICT', msg('{module} has room for no more fields', { module: m.name }), { name: 'no room left in this module' });
    await sql`insert into custom_fields (module, name, type, label, options, required, reference)
      values (${m.name}, ${name}, ${type}, ${JSON.stringify(label)}::jsonb, ${options ? JSON.stringify(options) : null}::jsonb,
              ${!!body.required}, ${reference ? JSON.stringify(reference) : null}::jsonb)`.execute(trx);
    for (const [col, colType] of fieldColumns(field)) {
      await sql`alter table ${sql.table(m.name)} add column ${sql.id(col)} ${sql.raw(colType)}`.execute(trx);
    }
    // `cf` keeps the name apart from the table's own indexes (`<module>_title`, `_search`, `_updated`…).
    if (type === 'reference' || type === 'owner') await sql`create index ${sql.id(`${m.name}_cf_${name}`)} on ${sql.table(m.name)} (${sql.id(name)})`.execute(trx);
    await writeAudit(trx, { module: 'custom_fields', recordId: uuidv7(), userId: ctx.user.id, ip: ctx.ip, action: 'create', changes: { [`${m.name}.${name}`]: [null, { type, label }] } });
    await MetaStore.bump(trx);
  });
  return name;
}
