import { pickText, type FieldDef, type Lang } from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';
import type { ResolvedModule } from '../registry/registry.js';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { can, visibilityPredicate } from '../access/permissions.js';
import { recordLabel } from '../records/serialize.js';
import { rankPatterns, searchCondition, searchPattern, searchTextOf } from './search-text.js';
import { broadVisibility, checkableOnEachRow, checkedOnEachRow } from './search-plan.js';

export interface SearchHit {
  module: string;
  id: string;
  number: string;
  label: string;
  snippet: string;
  score: number;
}

/**
 * Global search: every module the caller may view, its visible live records whose search text
 * matches (trigram-indexed LIKE), ranked by how the query matches (a whole word, the start of a word,
 * inside a word), then the most recently changed; one statement, a UNION ALL of one
 * ranked, limited branch per module that holds any row (after one quick statement asking which do).
 */
export async function globalSearch(ctx: RequestContext, q: string, modules?: string[], limit = 20): Promise<SearchHit[]> {
  const pattern = searchPattern(q ?? '');
  const rank = rankPatterns(q ?? '');
  if (!pattern || !rank) throw new AppError('VALIDATION_FAILED', 'q is required', { q: 'is required' });
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AppError('VALIDATION_FAILED', 'limit must be 1 to 100', { limit: 'must be 1 to 100' });
  // Each module once: a name repeated would be searched again (a branch of the statement each time).
  const names = modules?.length ? [...new Set(modules)] : ctx.registry.list().map((m) => m.name);
  for (const n of names) ctx.registry.module(n);
  const needle = q.trim().toLowerCase();
  const branches = [];
  for (const name of await withRows(ctx, names.filter((n) => can(ctx, n, 'view')))) {
    const m = ctx.registry.module(name);
    const vis = await searchVisibility(ctx, m);
    const text = searchTextOf(m);
    const titles = sql.join(m.titleFields.map((f) => sql`${f}::text, ${sql.ref(`t.${f}`)}`));
    const others = shownFields(m).map((f) => sql`${f.name}::text, ${sql.ref(`t.${f.name}`)}`);
    branches.push(sql`(select ${name}::text as module, t.id, t.number, jsonb_build_object(${titles}) as titles,
        ${others.length ? sql`jsonb_build_object(${sql.join(others)})` : sql`'{}'::jsonb`} as found,
        case when ' ' || ${text} || ' ' like ${rank.word} then 1 when ' ' || ${text} like ${rank.wordStart} then 0.75 else 0.5 end as score
      from ${sql.table(name)} t
      where t.deleted_at is null and ${searchCondition(m, q)!} ${vis ? sql`and ${vis}` : sql``}
      order by score desc, t.updated_at desc limit ${limit})`);
  }
  if (!branches.length) return [];
  const r = await sql<{ module: string; id: string; number: string; titles: Record<string, unknown>; found: Record<string, unknown>; score: number }>`
    ${sql.join(branches, sql` union all `)}`.execute(ctx.db);
  return r.rows.map((row): SearchHit => {
    const m = ctx.registry.module(row.module);
    const label = recordLabel(m, row.titles);
    const starts = label.toLowerCase().startsWith(needle) || String(row.number).toLowerCase() === needle;
    return {
      module: row.module, id: row.id, number: row.number, label,
      snippet: snippet(m, row.found, needle, ctx.lang), score: Number(row.score) + (starts ? 1 : 0),
    };
  }).sort((a, b) => b.score - a.score).slice(0, limit);
}

/**
 * The caller's visibility for one module's branch: checked on each match for a caller who sees a large share of a
 * big table, so the planner does not read all they see from the owner index to intersect it (search-plan.ts).
 */
async function searchVisibility(ctx: RequestContext, m: ResolvedModule): Promise<RawBuilder<unknown> | null> {
  const vis = visibilityPredicate(ctx, m.name, 'read');
  return vis && checkableOnEachRow(m) && (await broadVisibility(ctx, m.name, vis)) ? checkedOnEachRow(vis) : vis;
}

/**
 * The modules whose tables hold any row at all, in one quick statement: an unused module (no page on disk) has nothing
 * to find, and leaving it out spares planning its branch — planning was a third of a search's time.
 */
async function withRows(ctx: RequestContext, names: string[]): Promise<string[]> {
  if (!names.length) return [];
  // A partitioned table keeps its rows in its partitions: it is always searched. (Each name is resolved once — a
  // join on to_regclass would resolve every name against every row of pg_class.)
  const r = await sql<{ name: string }>`select n as name from (select n, i, to_regclass(quote_ident(n)) as r
    from unnest(${names}::text[]) with ordinality u(n, i)) x
    where pg_relation_size(r) > 0 or (select c.relkind from pg_class c where c.oid = x.r) = 'p' order by i`.execute(ctx.db);
  return r.rows.map((row) => row.name);
}

/** The searchable fields besides the title, which a hit's snippet may quote. */
function shownFields(m: ResolvedModule): FieldDef[] {
  return m.allFields.filter((f) => f.searchable && !m.titleFields.includes(f.name)).slice(0, 8);
}

/**
 * What to show under a hit: the field that matched, as "E-mail: ivan@…" in the caller's language, around the
 * match; when the title matched, the first filled field — never the raw search text.
 */
export function snippet(m: ResolvedModule, found: Record<string, unknown>, needle: string, lang: Lang): string {
  const digits = needle.replace(/\D/g, '');
  const fields = shownFields(m).filter((f) => found[f.name] !== null && found[f.name] !== undefined && found[f.name] !== '');
  const hit = fields.find((f) => String(found[f.name]).toLowerCase().includes(needle))
    ?? (digits.length >= 4 ? fields.find((f) => f.type === 'phone' && String(found[f.name]).replace(/\D/g, '').includes(digits)) : undefined)
    ?? fields[0];
  if (!hit) return '';
  const value = String(found[hit.name]).replace(/\s+/g, ' ');
  const at = value.toLowerCase().indexOf(needle);
  const from = at > 40 ? at - 30 : 0;
  const shown = (from > 0 ? '…' : '') + value.slice(from, from + 90) + (value.length > from + 90 ? '…' : '');
  return `${pickText(hit.label, lang)}: ${shown}`;
}
