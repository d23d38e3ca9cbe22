import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { can, visibilityPredicate } from '../access/permissions.js';
import { recordLabel } from '../records/serialize.js';
import { rankPatterns, searchPattern } from './search-text.js';

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
 * ranked, limited branch per module (one round trip, one connection).
 */
export async function globalSearch(ctx: RequestContext, q: string, modules?: string[], limit = 20): Promise<SearchHit[]> {
  const pattern = searchPattern(q ?? '');
  const rank = rankPatterns(q ?? '');
  if (!pattern || !rank) throw new AppError('VALIDATION_FAILED', 'q is required', { q: 'is required' });
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AppError('VALIDATION_FAILED', 'limit must be 1 to 100', { limit: 'must be 1 to 100' });
  const names = modules?.length ? modules : ctx.registry.list().map((m) => m.name);
  for (const n of names) ctx.registry.module(n);
  const needle = q.trim().toLowerCase();
  const branches = names.filter((n) => can(ctx, n, 'view')).map((name) => {
    const m = ctx.registry.module(name);
    const vis = visibilityPredicate(ctx, name, 'read');
    const titles = sql.join(m.titleFields.map((f) => sql`${f}::text, ${sql.ref(`t.${f}`)}`));
    return sql`(select ${name}::text as module, t.id, t.number, jsonb_build_object(${titles}) as titles, t.search_text,
        case when ' ' || t.search_text || ' ' like ${rank.word} then 1 when ' ' || t.search_text like ${rank.wordStart} then 0.75 else 0.5 end as score
      from ${sql.table(name)} t
      where t.deleted_at is null and t.search_text like ${pattern} ${vis ? sql`and ${vis}` : sql``}
      order by score desc, t.updated_at desc limit ${limit})`;
  });
  if (!branches.length) return [];
  const r = await sql<{ module: string; id: string; number: string; titles: Record<string, unknown>; search_text: string; score: number }>`
    ${sql.join(branches, sql` union all `)}`.execute(ctx.db);
  return r.rows.map((row): SearchHit => {
    const label = recordLabel(ctx.registry.module(row.module), row.titles);
    const starts = label.toLowerCase().startsWith(needle) || String(row.number).toLowerCase() === needle;
    return {
      module: row.module, id: row.id, number: row.number, label,
      snippet: snippet(String(row.search_text), needle), score: Number(row.score) + (starts ? 1 : 0),
    };
  }).sort((a, b) => b.score - a.score).slice(0, limit);
}

function snippet(text: string, needle: string): string {
  const at = text.indexOf(needle);
  if (at < 0) return text.slice(0, 80);
  const from = Math.max(0, at - 30);
  return (from > 0 ? '…' : '') + text.slice(from, at + needle.length + 40);
}
