/**
 * Marketing routes behind sign-in: a web form's snippet to paste into a site and its submission counts.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isLang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { getRecord } from '../../engine/records/get.js';
import { publicBase } from '../../platform/config.js';
import { formSnippet } from './web-form-page.js';
import { formView, type StoredForm } from './web-form-submit.js';
import { dataOf, doc, int, nullable, obj, str, dateTime } from '../../engine/http/openapi/schema.js';

const ID = obj({ id: str() }, ['id']);

export async function marketingRoutes(api: FastifyInstance, app: AppContext): Promise<void> {
  const base = publicBase(app.config);

  api.get<{ Params: { id: string }; Querystring: { lang?: string } }>('/web_forms/:id/snippet', doc({ tags: ['marketing'], summary: 'The HTML to paste into a site for this form, and its hosted page', params: ID, querystring: obj({ lang: str({ enum: ['en', 'ru', 'uk', 'zh'] }) }),
    response: { 200: dataOf(obj({ html: str(), page_url: str(), script_url: str() }, ['html', 'page_url', 'script_url'])) } }), async (req) => {
    const form = (await getRecord(req.ctx, 'web_forms', req.params.id)).data as unknown as StoredForm;
    const lang = isLang(req.query.lang) ? req.query.lang : req.ctx.lang;
    const view = formView(req.ctx.registry, { ...form, fields: form.fields ?? [] }, `${base}/forms/${form.key}`, lang);
    return { data: { html: formSnippet(view, `${base}/forms/${form.key}.js`), page_url: `${base}/forms/${form.key}?lang=${lang}`, script_url: `${base}/forms/${form.key}.js` } };
  });

  api.get<{ Params: { id: string } }>('/web_forms/:id/stats', doc({ tags: ['marketing'], summary: 'Submissions of this form: accepted, refused and why', params: ID,
    response: { 200: dataOf(obj({ accepted: int(), rejected: int(), by_outcome: obj({}), last_at: nullable(dateTime()) }, ['accepted', 'rejected', 'by_outcome', 'last_at'])) } }), async (req) => {
    const { data } = await getRecord(req.ctx, 'web_forms', req.params.id);
    const r = await sql<{ outcome: string; n: number; last_at: string }>`select outcome, count(*)::int as n, max(at) as last_at
      from web_form_submissions where form_id = ${data.id as string} group by outcome`.execute(req.ctx.db);
    const by = Object.fromEntries(r.rows.map((x) => [x.outcome, Number(x.n)]));
    const accepted = by.accepted ?? 0;
    const total = r.rows.reduce((s, x) => s + Number(x.n), 0);
    const last = r.rows.map((x) => new Date(x.last_at).toISOString()).sort().at(-1) ?? null;
    return { data: { accepted, rejected: total - accepted, by_outcome: by, last_at: last } };
  });
}
