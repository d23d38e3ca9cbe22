import { LANGUAGES, isUuid, type FieldDef } from '@karta/shared';
import { sql } from 'kysely';
import type { RequestContext } from '../context.js';

const TRUE = new Set(['1', 'true', 'yes', 'y', 'да', 'так', '是', 'x', '+']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'нет', 'ні', '否', '-']);

/**
 * A spreadsheet cell → the JSON value the pipeline expects. Picklists accept the stored value or the
 * label in any language; references accept an id, a number (ACC12) or an exact title.
 * Unconvertible cells are passed through unchanged so the pipeline reports them per field.
 */
export async function cellToValue(ctx: RequestContext, f: FieldDef, raw: unknown): Promise<unknown> {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return f.type === 'date' ? raw.toISOString().slice(0, 10) : raw.toISOString();
  const s = typeof raw === 'object' ? String((raw as any).text ?? (raw as any).result ?? '') : String(raw).trim();
  if (s === '') return null;
  switch (f.type) {
    case 'integer': return /^-?\d+$/.test(s.replace(/[\s\u00a0]/g, '')) ? Number(s.replace(/[\s\u00a0]/g, '')) : s;
    case 'boolean': return TRUE.has(s.toLowerCase()) ? true : FALSE.has(s.toLowerCase()) ? false : s;
    case 'picklist': return optionValue(f, s);
    case 'multipicklist': return s.split(/[;|]/).map((p) => optionValue(f, p.trim())).filter(Boolean);
    case 'json': try { return JSON.parse(s); } catch { return s; }
    case 'reference': return isUuid(s) ? s : (await findReference(ctx, f, s)) ?? s;
    case 'owner': return isUuid(s) ? s : (await findOwner(ctx, s)) ?? s;
    default: return s;
  }
}

function optionValue(f: FieldDef, s: string): string {
  const lower = s.toLowerCase();
  const hit = f.options?.find((o) => o.value === s || LANGUAGES.some((l) => o.label[l]?.toLowerCase() === lower));
  return hit?.value ?? s;
}

async function findReference(ctx: RequestContext, f: FieldDef, s: string): Promise<string | null> {
  for (const target of f.reference ?? []) {
    const m = ctx.registry.module(target);
    const title = m.titleFields.map((n) => sql`coalesce(${sql.ref(`t.${n}`)}, '')`);
    const r = await sql<{ id: string }>`select t.id from ${sql.table(target)} t where t.deleted_at is null
      and (t.number = ${s} or lower(trim(concat_ws(' ', ${sql.join(title)}))) = ${s.toLowerCase()}) limit 1`.execute(ctx.db);
    if (r.rows[0]) return r.rows[0].id;
  }
  return null;
}

async function findOwner(ctx: RequestContext, s: string): Promise<string | null> {
  const r = await sql<{ id: string }>`select id from users where lower(username) = ${s.toLowerCase()}
    or lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) = ${s.toLowerCase()}
    union all select id from groups where lower(name) = ${s.toLowerCase()} limit 1`.execute(ctx.db);
  return r.rows[0]?.id ?? null;
}
