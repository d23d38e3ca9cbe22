/**
 * The knowledge base around tickets: a closed ticket becomes an FAQ draft (question from the ticket, answer from
 * its solution), and a ticket's text suggests published FAQs — matched word by word (Chinese by character pairs),
 * ranked by how many words match, within what the caller may read.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { arr, doc, nullable, obj, str } from '../../engine/http/openapi/schema.js';
import { searchTextOf } from '../../engine/query/search-text.js';
import type { ActionHandler } from '../../engine/registry/behaviour.js';
import { createRecord } from '../../engine/records/create.js';
import { getRecord } from '../../engine/records/get.js';
import { AppError } from '../../platform/errors.js';

const MAX_WORDS = 8;
const HAN = /\p{Script=Han}+/gu;

/** The words a text is matched by: lower-case words of 3+ letters, and pairs of Chinese characters (pure). */
export function suggestionWords(text: string): string[] {
  const lower = text.toLowerCase().slice(0, 2000);
  const words = lower.replace(HAN, ' ').split(/[^\p{L}\p{N}]+/u).filter((w) => [...w].length >= 3);
  const pairs = (lower.match(HAN) ?? []).flatMap((run) => {
    const chars = [...run];
    return chars.length < 2 ? [] : chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
  });
  return [...new Set([...words, ...pairs])].slice(0, MAX_WORDS);
}

/** Published FAQs that share words with the text, the best first (at most 5). */
export async function suggestFaqs(ctx: RequestContext, text: string): Promise<{ id: string; number: string; question: string | null; score: number }[]> {
  requirePermission(ctx, 'faqs', 'view');
  const words = suggestionWords(text);
  if (!words.length) return [];
  const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  // Matched and shown only by what the caller's profile shows of an FAQ.
  const m = ctx.registry.module('faqs');
  const answer = m.fieldMap.has('answer') ? sql`lower(coalesce(t.answer, ''))` : sql`''`;
  const searched = searchTextOf(m);
  const score = sql.join(words.map((w) => sql`(case when ${searched} like ${like(w)} or ${answer} like ${like(w)} then 1 else 0 end)`), sql` + `);
  const vis = visibilityPredicate(ctx, 'faqs', 'read');
  const r = await sql<{ id: string; number: string; question: string | null; score: number }>`select * from (
      select t.id, t.number, ${m.fieldMap.has('question') ? sql`t.question` : sql`null::text`} as question, (${score})::int as score from faqs t
      where t.deleted_at is null and t.status = 'published' ${vis ? sql`and ${vis}` : sql``}) s
    where s.score > 0 order by s.score desc, s.number limit 5`.execute(ctx.db);
  return r.rows.map((x) => ({ ...x, score: Number(x.score) }));
}

/** `POST /records/tickets/{id}/actions/convert_to_faq` — a closed ticket with a solution → an FAQ draft (201). */
export const convertToFaq: ActionHandler = async (ctx, id) => {
  const { data: ticket } = await getRecord(ctx, 'tickets', id);
  if (ticket.status !== 'closed') throw new AppError('VALIDATION_FAILED', 'Only a closed ticket becomes an FAQ', { status: 'must be closed' });
  const solution = typeof ticket.solution === 'string' ? ticket.solution.trim() : '';
  if (!solution) throw new AppError('VALIDATION_FAILED', 'The ticket has no solution to publish', { solution: 'is required' });
  const question = [ticket.title, ticket.description].filter((x) => typeof x === 'string' && x.trim()).join('\n\n').slice(0, 1000);
  const faq = await createRecord(ctx, 'faqs', {
    question, answer: solution, status: 'draft', category: 'technical', ...(typeof ticket.product_id === 'string' ? { product_id: ticket.product_id } : {}),
  });
  return { status: 201, body: { data: faq } };
};

export async function knowledgeBaseRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Querystring: { text?: string } }>('/support/faq_suggestions', doc({
    tags: ['support'], summary: 'Published FAQs that may answer a text (a ticket\'s title and description), the best first',
    querystring: obj({ text: str({ maxLength: 2000 }) }),
    response: { 200: obj({ data: arr(obj({ id: str({ format: 'uuid' }), number: str(), question: nullable(str()), score: { type: 'integer' } })) }, ['data']) },
  }), async (req) => ({ data: await suggestFaqs(req.ctx, typeof req.query.text === 'string' ? req.query.text : '') }));
}
