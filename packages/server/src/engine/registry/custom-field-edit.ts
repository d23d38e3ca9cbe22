/**
 * Custom fields after they are made: relabelled, made required or optional, deleted — which hides the field but keeps
 * its column and data until an administrator confirms (purge) — and restored. Every change is audited and makes
 * every instance reload its registry.
 */
import { LANGUAGES, type I18nText } from '@karta/shared';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { inTransaction } from '../../platform/db.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { writeAudit } from '../audit/audit.js';
import type { RequestContext } from '../context.js';
import { MetaStore } from '../meta-store.js';
import { fieldColumns } from '../schema/module-tables.js';

interface Row { module: string; name: string; type: string; label: I18nText; required: boolean; reference: string[] | null; deleted_at: string | null }

async function customField(ctx: RequestContext, module: string, name: string): Promise<Row> {
  ctx.registry.module(module);
  const r = await sql<Row>`select module, name, type, label, required, reference, deleted_at from custom_fields where module = ${module} and name = ${name}`.execute(ctx.db);
  if (!r.rows[0]) throw new AppError('NOT_FOUND', msg('{module} has no custom field "{field}"', { module, field: name }));
  return r.rows[0];
}

function label(raw: unknown, errors: FieldErrors): I18nText | undefined {
  if (raw === undefined) return undefined;
  const l = typeof raw === 'string' ? { en: raw } : raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
  if (!l || typeof l.en !== 'string' || !l.en.trim()) { errors.label = 'needs at least an English label'; return undefined; }
  return Object.fromEntries(LANGUAGES.map((k) => [k, typeof l[k] === 'string' && (l[k] as string).trim() ? (l[k] as string).trim().slice(0, 100) : (l.en as string).trim().slice(0, 100)])) as I18nText;
}

async function change(ctx: RequestContext, row: Row, action: string, changes: Record<string, [unknown, unknown]>, write: (trx: RequestContext['db']) => Promise<void>) {
  await inTransaction(ctx.db, async (trx) => {
    await write(trx);
    await writeAudit(trx, { module: 'custom_fields', recordId: uuidv7(), userId: ctx.user.id, ip: ctx.ip, action, changes: Object.fromEntries(Object.entries(changes).map(([k, v]) => [`${row.module}.${row.name}.${k}`, v])) });
    await MetaStore.bump(trx);
  });
}

/** `PATCH …/fields/{field}` `{"label"?, "required"?}`. */
export async function editCustomField(ctx: RequestContext, module: string, name: string, body: any): Promise<void> {
  const row = await customField(ctx, module, name);
  if (row.deleted_at) throw new AppError('CONFLICT', msg('The field {name} is deleted; restore it first', { name }));
  const errors: FieldErrors = {};
  const next = label(body?.label, errors);
  if (body?.required !== undefined && typeof body.required !== 'boolean') errors.required = 'must be true or false';
  const unknown = Object.keys(body ?? {}).filter((k) => k !== 'label' && k !== 'required');
  for (const k of unknown) errors[k] = 'is not a field of this module';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'The custom field is not valid', errors);
  await change(ctx, row, 'update', { ...(next ? { label: [row.label, next] } : {}), ...(body?.required !== undefined ? { required: [row.required, body.required] } : {}) }, async (trx) => {
    await sql`update custom_fields set label = coalesce(${next ? JSON.stringify(next) : null}::jsonb, label),
      required = coalesce(${body?.required ?? null}::boolean, required) where module = ${module} and name = ${name}`.execute(trx);
  });
}

/** `DELETE …/fields/{field}`: hidden from everything at once, its data kept; `?purge=1` on a deleted field drops the data. */
export async function deleteCustomField(ctx: RequestContext, module: string, name: string, purge: boolean): Promise<void> {
  const row = await customField(ctx, module, name);
  if (!purge) {
    if (row.deleted_at) return;
    await change(ctx, row, 'delete', { deleted: [false, true] }, async (trx) => {
      await sql`update custom_fields set deleted_at = now() where module = ${module} and name = ${name}`.execute(trx);
    });
    return;
  }
  if (!row.deleted_at) throw new AppError('CONFLICT', msg('Delete the field {name} first; its data goes only after that', { name }));
  const purgedAt = (await sql<{ at: string }>`select clock_timestamp()::text as at`.execute(ctx.db)).rows[0].at;
  await change(ctx, row, 'purge', { data: ['kept', null] }, async (trx) => {
    for (const [col] of fieldColumns({ name, type: row.type as never, label: row.label, ...(row.reference ? { reference: row.reference } : {}) })) {
      await sql`alter table ${sql.table(module)} drop column if exists ${sql.id(col)}`.execute(trx);
    }
    await sql`delete from custom_fields where module = ${module} and name = ${name}`.execute(trx);
    // Nothing of it stays to come back with a new field of the same name (its options replaced the new field's).
    await sql`delete from picklist_options where module = ${module} and field = ${name}`.execute(trx);
    // Nor its place in the layout (a new field of its name starts where new fields go)…
    await sql`update module_layouts set updated_at = now(), blocks = coalesce((
        select jsonb_agg(jsonb_set(b.value, '{fields}', coalesce((select jsonb_agg(f.value order by f.ord)
          from jsonb_array_elements(b.value->'fields') with ordinality f(value, ord) where f.value <> to_jsonb(${name}::text)), '[]'::jsonb)) order by b.ord)
        from jsonb_array_elements(blocks) with ordinality b(value, ord)), '[]'::jsonb)
      where module = ${module} and blocks @> ${JSON.stringify([{ fields: [name] }])}::jsonb`.execute(trx);
    // …nor in profiles' field rules.
    await sql`update profiles set fields = fields #- ${`{${module},${name}}`}::text[] where fields -> ${module} ? ${name}::text`.execute(trx);
  });
  // Nor in the records' history: the values it held leave the audit with the data — after the purge has committed,
  // not under its lock of the module's table (the audit is read whole for this; the module stays usable meanwhile).
  // Entries written before the purge only (a field of the same name made meanwhile keeps its own).
  // The purge is done whatever happens here: a failure is logged, not answered as the purge's.
  await sql`update audit_log set changes = changes - ${name}::text where module = ${module} and changes ? ${name}::text and at <= ${purgedAt}::timestamptz`.execute(ctx.db)
    .catch((err: Error) => console.warn(`karta: the audit still holds values of the purged field ${module}.${name}: ${err.message}`));
}

/** `POST …/fields/{field}/restore`: a deleted field back, with its data. */
export async function restoreCustomField(ctx: RequestContext, module: string, name: string): Promise<void> {
  const row = await customField(ctx, module, name);
  if (!row.deleted_at) return;
  await change(ctx, row, 'restore', { deleted: [true, false] }, async (trx) => {
    await sql`update custom_fields set deleted_at = null where module = ${module} and name = ${name}`.execute(trx);
  });
}

/** Custom fields that are deleted and still hold their data. */
export async function deletedCustomFields(ctx: RequestContext, module: string): Promise<{ name: string; type: string; label: I18nText; deleted_at: string }[]> {
  const r = await sql<{ name: string; type: string; label: I18nText; deleted_at: Date }>`select name, type, label, deleted_at from custom_fields
    where module = ${module} and deleted_at is not null order by deleted_at desc`.execute(ctx.db);
  return r.rows.map((x) => ({ ...x, deleted_at: new Date(x.deleted_at).toISOString() }));
}
