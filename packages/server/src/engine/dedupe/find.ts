import { isUuid, pickText } from '@karta/shared';
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { can, requirePermission, visibilityPredicate } from '../access/permissions.js';
import type { RequestContext } from '../context.js';
import { listRecords } from '../query/list.js';
import type { ResolvedModule } from '../registry/registry.js';
import { recordLabel } from '../records/serialize.js';
import type { Refs } from '../records/refs.js';
import { keyKind, keySql, normalizeKey } from './normalize.js';

const MAX_FIELDS = 4;
const GROUP_PAGE = 50;
const GROUP_SIZE = 20;
const SEP = '\u001f';

/** `name` on a module whose name is in parts (a contact's first and last name): the whole name, compared as one. */
const isPartedName = (m: ResolvedModule, name: string) => name === 'name' && !m.fieldMap.has('name') && m.titleFields.length > 1;

/** Fields a duplicate search may compare: stored values of the record, not system or JSON fields. */
function comparable(m: ResolvedModule, name: string): boolean {
  if (isPartedName(m, name)) return true;
  const f = m.fieldMap.get(name);
  return !!f && !f.hidden && !['json', 'image', 'file', 'boolean', 'multipicklist'].includes(f.type) && !['id', 'created_at', 'updated_at', 'version', 'created_by'].includes(name);
}

/**
 * Groups of records (the caller may see) whose chosen fields are all the same once normalised — case and
 * spaces, phone digits with +7/8, e-mail case, web domain, tax ids by digits, company names without the legal
 * form. Biggest groups first; each with up to 20 records. One grouping statement over the module.
 */
export async function findDuplicates(ctx: RequestContext, moduleName: string, body: unknown): Promise<Record<string, unknown>> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'view');
  const b = (body ?? {}) as { fields?: unknown; offset?: unknown };
  const fields = Array.isArray(b.fields) ? [...new Set(b.fields as unknown[])] : [];
  if (!fields.length || fields.length > MAX_FIELDS || !fields.every((f) => typeof f === 'string' && comparable(m, f))) {
    throw new AppError('VALIDATION_FAILED', msg('Choose 1 to {n} fields to compare', { n: MAX_FIELDS }), { fields: msg('Choose 1 to {n} fields to compare', { n: MAX_FIELDS }) });
  }
  const offset = Math.max(0, Math.min(Number(b.offset) || 0, 100_000));
  const vis = visibilityPredicate(ctx, m.name, 'read');
  // Each field's key is computed once per record (inner select), then checked and joined (outer).
  const parts = (fields as string[]).map((name, i) => {
    const key = isPartedName(m, name)
      ? keySql('person', sql`concat_ws(' ', ${sql.join(m.titleFields.map((f) => sql.ref(`t.${f}`)))})`)
      : keySql(keyKind(m.fieldMap.get(name)!), sql.ref(`t.${name}`));
    return sql`${key} as ${sql.ref(`p${i}`)}`;
  });
  const refs = (fields as string[]).map((_, i) => sql.ref(`k.p${i}`));
  const key = refs.length === 1 ? refs[0] : sql`concat_ws(${SEP}, ${sql.join(refs)})`;
  const filled = sql.join(refs.map((p) => sql`${p} <> ''`), sql` and `);
  const r = await sql<{ key: string; count: number; ids: string[] }>`
    select ${key} as key, count(*)::int as count, (array_agg(k.id order by k.id))[1:${GROUP_SIZE}] as ids
    from (select t.id, ${sql.join(parts)} from ${sql.table(m.name)} t where t.deleted_at is null ${vis ? sql`and ${vis}` : sql``} offset 0) k
    where ${filled}
    group by 1 having count(*) > 1 order by count(*) desc, 1 limit ${GROUP_PAGE + 1} offset ${offset}`.execute(ctx.db);
  const page = r.rows.slice(0, GROUP_PAGE);
  const ids = page.flatMap((g) => g.ids);
  // A page names up to GROUP_PAGE × GROUP_SIZE records; a list gives at most 500, so they come in pieces.
  const list: { data: Record<string, unknown>[]; refs: Refs } = { data: [], refs: {} };
  for (let i = 0; i < ids.length; i += 500) {
    const part = await listRecords(ctx, m, { where: { and: [{ field: 'id', op: 'in', value: ids.slice(i, i + 500) }] }, limit: 500, count: false });
    list.data.push(...(part.data as Record<string, unknown>[]));
    Object.assign(list.refs, part.refs);
  }
  const byId = new Map(list.data.map((rec) => [rec.id as string, rec]));
  return {
    fields, offset, has_more: r.rows.length > GROUP_PAGE,
    groups: page.map((g) => ({ key: g.key.split(SEP).join(' · '), count: g.count, records: g.ids.map((id) => byId.get(id)).filter(Boolean) })),
    refs: list.refs,
  };
}

/** The fields a new record is checked on: e-mails, phones, tax id, web site; the name when it is one field (a company). */
export function checkedFields(m: ResolvedModule): string[] {
  return m.allFields.filter((f) => f.type === 'email' || f.type === 'phone' || ['inn', 'website'].includes(f.name)
    || (m.titleFields.length === 1 && f.name === m.titleFields[0])).map((f) => f.name);
}

/**
 * Likely duplicates of a record about to be saved: visible records sharing any checked value (phones
 * compared across all phone fields). Up to 5, with the fields they share.
 */
export async function checkDuplicate(ctx: RequestContext, moduleName: string, body: unknown): Promise<{ id: string; number: string; label: string; matched_on: string[] }[]> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'view');
  const values = ((body as { values?: unknown })?.values ?? body ?? {}) as Record<string, unknown>;
  const exclude = isUuid((body as { id?: unknown })?.id) ? (body as { id: string }).id : null;
  const fields = checkedFields(m);
  const phones = fields.filter((f) => m.fieldMap.get(f)!.type === 'phone');
  const conds: { label: string; cond: ReturnType<typeof sql> }[] = [];
  for (const name of fields) {
    const f = m.fieldMap.get(name)!;
    const key = normalizeKey(keyKind(f), values[name]);
    if (!key || (f.type === 'phone' && key.length < 6)) continue;
    const against = f.type === 'phone' ? phones : [name];
    for (const other of against) conds.push({ label: other === name ? name : `${name}~${other}`, cond: sql`${keySql(keyKind(m.fieldMap.get(other)!), sql.ref(`t.${other}`))} = ${key}` });
  }
  if (!conds.length) return [];
  const vis = visibilityPredicate(ctx, m.name, 'read');
  const matched = sql.join(conds.map((c) => sql`case when ${c.cond} then ${c.label.split('~')[0]} end`));
  const r = await sql<Record<string, unknown> & { karta_matched: (string | null)[] }>`
    select t.*, array[${matched}] as karta_matched from ${sql.table(m.name)} t
    where t.deleted_at is null and (${sql.join(conds.map((c) => c.cond), sql` or `)}) ${exclude ? sql`and t.id <> ${exclude}::uuid` : sql``}
      ${vis ? sql`and ${vis}` : sql``} order by t.id limit 5`.execute(ctx.db);
  return r.rows.map((row) => ({
    id: row.id as string, number: row.number as string, label: recordLabel(m, row) || pickText(m.label.one, ctx.lang),
    matched_on: [...new Set(row.karta_matched.filter((x): x is string => !!x))],
  }));
}

/**
 * `POST /records/{module}?duplicates=refuse`: a create refused (409) while a likely duplicate is visible, naming it and
 * each field it shares — vTiger's duplicate prevention, asked for per call. Without it a create saves, as before.
 */
export async function refuseDuplicates(ctx: RequestContext, moduleName: string, body: unknown): Promise<void> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'create');
  if (!can(ctx, m.name, 'view')) return; // nothing to compare with that the caller may see
  const found = await checkDuplicate(ctx, moduleName, { values: body && typeof body === 'object' ? body : {} });
  if (!found.length) return;
  const fields: Record<string, ReturnType<typeof msg>> = {};
  for (const d of found) for (const f of d.matched_on) fields[f] ??= msg('is the same as on {number}', { number: d.number });
  throw new AppError('CONFLICT', msg('A likely duplicate is already here: {records}', { records: found.map((d) => `${d.number} «${d.label}»`).join(', ') }), fields);
}
