import { LANGUAGES, PICKLIST_VALUE, type FieldDef, type I18nText } from '@karta/shared';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { inTransaction } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { writeAudit } from '../audit/audit.js';
import type { RequestContext } from '../context.js';
import { MetaStore } from '../meta-store.js';
import { msg } from '../../platform/messages/say.js';
import type { FieldErrors } from '../../platform/errors.js';


/** Parses `[{value, label: {en, ru, uk, zh} | "text"}]`; a missing translation falls back to English. */
export function parseOptions(raw: unknown): { options: NonNullable<FieldDef['options']> } | { errors: FieldErrors } {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 500) return { errors: { options: 'must be a list of 1 to 500 values' } };
  const errors: FieldErrors = {};
  const options = raw.map((o: any, i) => {
    const value = typeof o === 'string' ? o : o?.value;
    const rawLabel = typeof o === 'string' ? o : o?.label ?? value;
    if (typeof value !== 'string' || !PICKLIST_VALUE.test(value)) errors[`options[${i}].value`] = 'must be 1–100 letters, digits, spaces, _ . or -';
    const en = typeof rawLabel === 'string' ? rawLabel : rawLabel?.en;
    if (typeof en !== 'string' || !en.trim()) errors[`options[${i}].label`] = 'needs at least an English label';
    const label = Object.fromEntries(LANGUAGES.map((l) => {
      const text = typeof rawLabel === 'string' ? rawLabel : rawLabel?.[l];
      // Cut as field and block labels are: every user loads every list's labels with the modules.
      return [l, (typeof text === 'string' && text.trim() ? text.trim() : String(en ?? '').trim()).slice(0, 100)];
    })) as I18nText;
    return { value, label };
  });
  const seen = new Set<string>();
  options.forEach((o, i) => {
    if (seen.has(o.value)) errors[`options[${i}].value`] = 'is listed twice';
    seen.add(o.value);
  });
  return Object.keys(errors).length ? { errors } : { options };
}

/**
 * Replaces the values of a picklist (order, labels in every language, new values). A value that records
 * still hold cannot be removed — they would no longer validate — so the administrator reassigns them first.
 */
export async function editPicklist(ctx: RequestContext, moduleName: string, fieldName: string, body: any): Promise<void> {
  const m = ctx.registry.module(moduleName);
  const f = m.fieldMap.get(fieldName);
  if (!f || (f.type !== 'picklist' && f.type !== 'multipicklist')) throw new AppError('NOT_FOUND', msg('{module} has no picklist "{field}"', { module: moduleName, field: fieldName }));
  const parsed = parseOptions(body?.options);
  if ('errors' in parsed) throw new AppError('VALIDATION_FAILED', 'Invalid picklist values', parsed.errors);
  const kept = new Set(parsed.options.map((o) => o.value));
  await inTransaction(ctx.db, async (trx) => {
    // What is removed, from the stored list under its lock: this instance's registry may be a moment behind another
    // administrator's edit, whose new value would otherwise go without its records being counted.
    // (A list never edited gets its row first, so that two first edits wait for each other too.)
    await sql`insert into picklist_options (module, field, options) values (${m.name}, ${f.name}, ${JSON.stringify(f.options ?? [])}::jsonb)
      on conflict (module, field) do nothing`.execute(trx);
    const stored = await sql<{ options: { value: string }[] }>`select options from picklist_options where module = ${m.name} and field = ${f.name} for update`.execute(trx);
    const removed = (stored.rows[0]?.options ?? []).map((o) => o.value).filter((v) => !kept.has(v));
    // New records take the default: it stays among the values.
    if (typeof f.default === 'string' && removed.includes(f.default)) {
      throw new AppError('CONFLICT', msg('"{value}" is the default of new records and cannot be removed', { value: f.default }), { options: msg('"{value}" is the default of new records and cannot be removed', { value: f.default }) });
    }
    for (const value of removed) {
      const col = sql.ref(f.name);
      const used = f.type === 'multipicklist'
        ? await sql<{ n: number }>`select count(*)::int as n from ${sql.table(m.name)} where ${value} = any(${col})`.execute(trx)
        : await sql<{ n: number }>`select count(*)::int as n from ${sql.table(m.name)} where ${col} = ${value}`.execute(trx);
      const n = Number(used.rows[0].n);
      if (n > 0) {
        throw new AppError('CONFLICT', msg('"{value}" is used by {n} record(s); change them to another value first', { value, n }), { options: msg('"{value}" is still used by {n} record(s)', { value, n }) });
      }
    }
    await sql`insert into picklist_options (module, field, options) values (${m.name}, ${f.name}, ${JSON.stringify(parsed.options)}::jsonb)
      on conflict (module, field) do update set options = excluded.options, updated_at = now()`.execute(trx);
    await writeAudit(trx, {
      module: 'picklists', recordId: uuidv7(), userId: ctx.user.id, ip: ctx.ip, action: 'update',
      changes: { [`${m.name}.${f.name}`]: [f.options ?? [], parsed.options] },
    });
    await MetaStore.bump(trx);
  });
}
