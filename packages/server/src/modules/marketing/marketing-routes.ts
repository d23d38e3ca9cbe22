/**
 * Marketing routes behind sign-in: a web form's snippet and submission counts, a mailing's audience counted before
 * sending and its recipients' log, and SMS from a record.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isLang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { getRecord } from '../../engine/records/get.js';
import { publicBase } from '../../platform/config.js';
import { formSnippet } from './web-form-page.js';
import { formView, type StoredForm } from './web-form-submit.js';
import { checkAudience, resolveAudience, type Channel } from './mailing-audience.js';
import { findReadable, sendSmsFromRecord } from './sms-send.js';
import { campaignResults } from './campaign-results.js';
import { arr, dataOf, dateTime, doc, int, nullable, obj, str, uuid } from '../../engine/http/openapi/schema.js';

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

  api.post('/mailings/audience', doc({ tags: ['marketing'], summary: 'How many a mailing to this audience would reach, before sending it',
    body: obj({ audience: obj({}), channel: str({ enum: ['email', 'sms'] }) }, ['audience']),
    response: { 200: dataOf(obj({ recipients: int(), skipped: int(), without_address: int(), duplicates: int() }, ['recipients', 'skipped', 'without_address', 'duplicates'])) } }), async (req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const channel: Channel = body.channel === 'sms' ? 'sms' : 'email';
    const { counts } = await resolveAudience(req.ctx, checkAudience(body.audience), channel);
    return { data: counts };
  });

  api.get<{ Params: { id: string }; Querystring: { state?: string; limit?: string; after?: string } }>('/records/mailings/:id/recipients', doc({ tags: ['marketing'],
    summary: "A mailing's recipients with what happened to each (queued, sent, failed with the reason, skipped, bounced), and the counts",
    params: ID, querystring: obj({ state: str(), limit: int({ minimum: 1, maximum: 500 }), after: int() }),
    response: { 200: obj({ data: arr(obj({})), counts: obj({}), next: nullable(int()) }, ['data', 'counts']) } }), async (req) => {
    await getRecord(req.ctx, 'mailings', req.params.id);
    const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const after = Number(req.query.after ?? 0) || 0;
    const state = req.query.state && /^[a-z_]{1,20}$/.test(req.query.state) ? req.query.state : null;
    const rows = await sql<Record<string, unknown>>`select id::int8 as id, module, record_id::text, address, state, error, sent_at, opened_at, clicked_at, unsubscribed_at, email_id::text
      from mailing_recipients where mailing_id = ${req.params.id} and id > ${after} ${state ? sql`and state = ${state}` : sql``}
      order by id limit ${limit + 1}`.execute(req.ctx.db);
    const counts = await sql<Record<string, number>>`select count(*)::int as total,
        count(*) filter (where state = 'queued')::int as queued, count(*) filter (where state = 'sending')::int as sending,
        count(*) filter (where state = 'sent')::int as sent, count(*) filter (where state = 'failed')::int as failed,
        count(*) filter (where state = 'skipped')::int as skipped, count(*) filter (where state = 'bounced')::int as bounced,
        count(*) filter (where state = 'cancelled')::int as cancelled, count(opened_at)::int as opened, count(clicked_at)::int as clicked,
        count(unsubscribed_at)::int as unsubscribed
      from mailing_recipients where mailing_id = ${req.params.id}`.execute(req.ctx.db);
    const page = rows.rows.slice(0, limit).map((r) => ({ ...r, id: Number(r.id) }));
    return { data: page, counts: counts.rows[0], next: rows.rows.length > limit ? page[page.length - 1].id : null };
  });

  api.post('/sms', doc({ tags: ['marketing'], summary: 'Sends one SMS (kept with its outcome, on the record when related_to names one)',
    body: obj({ to: str(), text: str(), related_to: uuid() }, ['to', 'text']),
    response: { 201: dataOf(obj({ id: int(), to: str(), state: str(), error: nullable(str()), provider: str() }, ['id', 'to', 'state', 'error', 'provider'])) } }), async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    reply.code(201);
    return { data: await sendSmsFromRecord(req.ctx, body) };
  });

  api.get<{ Params: { id: string } }>('/campaigns/:id/results', doc({ tags: ['marketing'], summary: "A campaign's members by status, responses, leads, deals, won revenue, ROI and cost per lead",
    params: ID, response: { 200: dataOf(obj({ members: obj({}), member_total: int(), responses: int(), leads: int(), deals: int(), won_deals: int(), won_revenue: str(),
      actual_cost: nullable(str()), roi_percent: nullable(str()), cost_per_lead: nullable(str()) }, ['members', 'responses', 'leads', 'deals', 'won_deals', 'won_revenue'])) } }),
  async (req) => ({ data: await campaignResults(req.ctx, req.params.id) }));

  api.get<{ Querystring: { related_to?: string } }>('/sms', doc({ tags: ['marketing'], summary: 'The SMS sent about a record (newest first), with their delivery state',
    querystring: obj({ related_to: uuid() }, ['related_to']),
    response: { 200: obj({ data: arr(obj({ id: int(), to: str(), text: str(), state: str(), error: nullable(str()), sent_at: dateTime() })) }, ['data']) } }), async (req) => {
    const id = String(req.query.related_to ?? '');
    await findReadable(req.ctx, id);
    const r = await sql<Record<string, unknown>>`select id::int8 as id, to_number as to, text, state, error, created_at as sent_at
      from sms_messages where record_id = ${id} order by id desc limit 200`.execute(req.ctx.db);
    return { data: r.rows.map((x) => ({ ...x, id: Number(x.id) })) };
  });
}
