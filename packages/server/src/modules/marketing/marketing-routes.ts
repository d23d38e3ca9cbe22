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
import { AUDIENCE_MODULES, checkAudience, resolveAudience, type Channel } from './mailing-audience.js';
import { findReadable, sendSmsFromRecord } from './sms-send.js';
import { campaignResults } from './campaign-results.js';
import { readSegment } from './segment-members.js';
import { recipientVisible, shownDelivery } from './recipient-visibility.js';
import { compileRule, invalidRule } from './segment-rule.js';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { msg } from '../../platform/messages/say.js';
import { AppError } from '../../platform/errors.js';
import { arr, bool, dataOf, dateTime, doc, int, nullable, obj, str, uuid } from '../../engine/http/openapi/schema.js';
import { userTimeZone } from '../../platform/time-zone.js';

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
    response: { 200: dataOf(obj({ recipients: int(), skipped: int(), without_address: int(), address_hidden: int(), duplicates: int(), more: bool() }, ['recipients', 'skipped', 'without_address', 'address_hidden', 'duplicates', 'more'])) } }), async (req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const channel: Channel = body.channel === 'sms' ? 'sms' : 'email';
    const { counts } = await resolveAudience(req.ctx, checkAudience(body.audience), channel);
    return { data: counts };
  });

  api.get<{ Params: { id: string }; Querystring: { state?: string; limit?: string; after?: string } }>('/records/mailings/:id/recipients', doc({ tags: ['marketing'],
    summary: "A mailing's recipients the caller may see with what happened to each (queued, sent, failed with the reason, skipped, bounced), and the counts of all",
    params: ID, querystring: obj({ state: str(), limit: int({ minimum: 1, maximum: 500 }), after: int() }),
    response: { 200: obj({ data: arr(obj({})), counts: obj({}), next: nullable(int()) }, ['data', 'counts']) } }), async (req) => {
    await getRecord(req.ctx, 'mailings', req.params.id);
    const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const after = Number(req.query.after ?? 0) || 0;
    const state = req.query.state && /^[a-z_]{1,20}$/.test(req.query.state) ? req.query.state : null;
    const rows = await sql<Record<string, unknown>>`select id::int8 as id, module, record_id::text, address, state, error, sent_at, opened_at, clicked_at, unsubscribed_at, email_id::text
      from mailing_recipients mr where mailing_id = ${req.params.id} and id > ${after} ${state ? sql`and state = ${state}` : sql``}
        and ${recipientVisible(req.ctx, 'mr')}
      order by id limit ${limit + 1}`.execute(req.ctx.db);
    const counts = await sql<Record<string, number>>`select count(*)::int as total,
        count(*) filter (where state = 'queued')::int as queued, count(*) filter (where state = 'sending')::int as sending,
        count(*) filter (where state = 'sent')::int as sent, count(*) filter (where state = 'failed')::int as failed,
        count(*) filter (where state = 'skipped')::int as skipped, count(*) filter (where state = 'bounced')::int as bounced,
        count(*) filter (where state = 'cancelled')::int as cancelled, count(opened_at)::int as opened, count(clicked_at)::int as clicked,
        count(unsubscribed_at)::int as unsubscribed
      from mailing_recipients where mailing_id = ${req.params.id}`.execute(req.ctx.db);
    const page = rows.rows.slice(0, limit).map((r) => ({ ...shownDelivery(req.ctx, r.module, r), id: Number(r.id) }));
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
    params: ID, response: { 200: dataOf(obj({ members: obj({}), member_total: int(), responses: int(), leads: int(), deals: int(), won_deals: int(), won_revenue: nullable(str()),
      actual_cost: nullable(str()), roi_percent: nullable(str()), cost_per_lead: nullable(str()) }, ['members', 'responses', 'leads', 'deals', 'won_deals', 'won_revenue'])) } }),
  async (req) => ({ data: await campaignResults(req.ctx, req.params.id) }));

  api.get<{ Querystring: { related_to?: string } }>('/sms', doc({ tags: ['marketing'], summary: 'The SMS sent about a record (newest first), with their delivery state',
    querystring: obj({ related_to: uuid() }, ['related_to']),
    response: { 200: obj({ data: arr(obj({ id: int(), to: str(), text: str(), state: str(), error: nullable(str()), sent_at: dateTime() })) }, ['data']) } }), async (req) => {
    const id = String(req.query.related_to ?? '');
    const { module } = await findReadable(req.ctx, id);
    const r = await sql<Record<string, unknown>>`select id::int8 as id, to_number as address, text, state, error, created_at as sent_at
      from sms_messages where record_id = ${id} order by id desc limit 200`.execute(req.ctx.db);
    // A number sent to from an audience record (a mailing, an invitation) is shown as that record's phone fields are.
    const shown = (x: Record<string, unknown>) => (AUDIENCE_MODULES.includes(module as never) ? shownDelivery(req.ctx, module, x) : x);
    return { data: r.rows.map((x) => { const { address, ...rest } = shown(x); return { ...rest, to: address, id: Number(x.id) }; }) };
  });

  api.get<{ Params: { id: string }; Querystring: { history?: string; limit?: string; after?: string } }>('/records/segments/:id/members', doc({ tags: ['marketing'],
    summary: "A segment's members the caller may see (with since; `history=1` adds those who left, with until)",
    params: ID, querystring: obj({ history: str({ enum: ['0', '1'] }), limit: int({ minimum: 1, maximum: 500 }), after: int() }),
    response: { 200: obj({ data: arr(obj({})), count: int(), next: nullable(int()) }, ['data', 'count']) } }), async (req) => {
    await getRecord(req.ctx, 'segments', req.params.id);
    const seg = await readSegment(req.ctx.db, req.params.id);
    if (!seg) throw new AppError('NOT_FOUND', 'Record not found');
    // Members are records of the segment's module: only for whoever may view it.
    if (!can(req.ctx, seg.module, 'view')) throw new AppError('FORBIDDEN', msg('You may not view {module}', { module: seg.module }));
    const m = req.ctx.registry.module(seg.module);
    const vis = visibilityPredicate(req.ctx, seg.module, 'read', 'r') ?? sql`true`;
    const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const after = Number(req.query.after ?? 0) || 0;
    const current = req.query.history === '1' ? sql`true` : sql`sm.until is null`;
    const title = sql.join(m.titleFields.map((f) => sql`r.${sql.id(f)}::text`), sql`, `);
    const rows = await sql<Record<string, unknown>>`select sm.id::int8 as id, r.id::text as record_id, r.number, concat_ws(' ', ${title}) as label, sm.since, sm.until
      from segment_members sm join ${sql.table(seg.module)} r on r.id = sm.record_id and r.deleted_at is null
      where sm.segment_id = ${seg.id} and ${current} and sm.id > ${after} and ${vis} order by sm.id limit ${limit + 1}`.execute(req.ctx.db);
    const count = await sql<{ n: number }>`select count(*)::int as n from segment_members sm join ${sql.table(seg.module)} r on r.id = sm.record_id and r.deleted_at is null
      where sm.segment_id = ${seg.id} and sm.until is null and ${vis}`.execute(req.ctx.db);
    const page = rows.rows.slice(0, limit).map((r) => ({ ...r, id: Number(r.id), module: seg.module }));
    return { data: page, count: Number(count.rows[0].n), next: rows.rows.length > limit ? page[page.length - 1].id : null };
  });

  api.post('/segments/preview', doc({ tags: ['marketing'], summary: 'How many records a segment rule selects now, of those the caller may see (the rule editor\'s live count)',
    body: obj({ module: str({ enum: ['accounts', 'contacts', 'leads', 'products'] }), rule: obj({}) }, ['module']), response: { 200: dataOf(obj({ count: int() }, ['count'])) } }), async (req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const module = String(body.module ?? '');
    if (!['accounts', 'contacts', 'leads', 'products'].includes(module)) throw invalidRule('module', 'must be accounts, contacts, leads or products');
    requirePermission(req.ctx, module, 'view');
    const cond = compileRule(req.ctx.registry, module, body.rule, req.ctx.lang, 'r', await userTimeZone(req.ctx.db, null), { reader: req.ctx, countVisibleOnly: true });
    const vis = visibilityPredicate(req.ctx, module, 'read', 'r') ?? sql`true`;
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(module)} r where r.deleted_at is null and ${cond} and ${vis}`.execute(req.ctx.db);
    return { data: { count: Number(r.rows[0].n) } };
  });
}
