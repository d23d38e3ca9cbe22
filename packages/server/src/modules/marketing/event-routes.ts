/**
 * A marketing event's participants and results behind sign-in, and the public RSVP of an invitation:
 * `GET /rsvp/{token}` shows the event and asks (a GET never answers: mail scanners open links), `POST /rsvp/{token}`
 * `answer=yes|no` registers or declines.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { isLang, isUuid, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { getRecord } from '../../engine/records/get.js';
import { arr, dataOf, doc, int, nullable, obj, str } from '../../engine/http/openapi/schema.js';
import { AppError } from '../../platform/errors.js';
import { inTransaction } from '../../platform/db.js';
import { writeAudit } from '../../engine/audit/audit.js';
import { msg } from '../../platform/messages/say.js';
import { wonFigures } from './campaign-results.js';
import { invalidEvent } from './event-plan.js';
import { readEvent, RSVP_WORDS } from './event-actions.js';
import { invitationByToken } from './invitations.js';
import { escapeHtml, PUBLIC_STYLE, thanksPage } from './web-form-page.js';
import { parseUrlEncoded } from './web-form-routes.js';
import { AUDIENCE_MODULES } from './mailing-audience.js';
import { shownDelivery } from './recipient-visibility.js';

export const ATTENDANCE = ['invited', 'registered', 'declined', 'attended', 'no_show'] as const;
const ID = obj({ id: str() }, ['id']);

/** The event, readable by the caller (and writable when `write`). */
async function eventOf(req: FastifyRequest<{ Params: { id: string } }>, write = false) {
  const { data } = await getRecord(req.ctx, 'marketing_events', req.params.id);
  if (write) {
    requirePermission(req.ctx, 'marketing_events', 'edit');
    const vis = visibilityPredicate(req.ctx, 'marketing_events', 'write', 'r') ?? sql`true`;
    const ok = await sql`select 1 from marketing_events r where r.id = ${req.params.id} and ${vis}`.execute(req.ctx.db);
    if (!ok.rows.length) throw new AppError('FORBIDDEN', msg('You may not {action} {module}', { action: 'edit', module: 'marketing_events' }));
  }
  return data;
}

export async function eventRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { id: string } }>('/marketing_events/:id/participants', doc({ tags: ['marketing'], summary: "An event's participants the caller may see, with their attendance",
    params: ID, response: { 200: obj({ data: arr(obj({})), counts: obj({}) }, ['data', 'counts']) } }), async (req) => {
    await eventOf(req);
    const rows: Record<string, unknown>[] = [];
    for (const module of AUDIENCE_MODULES) {
      if (!can(req.ctx, module, 'view')) continue;
      const m = req.ctx.registry.module(module);
      const vis = visibilityPredicate(req.ctx, module, 'read', 'r') ?? sql`true`;
      const title = sql.join(m.titleFields.map((f) => sql`r.${sql.id(f)}::text`), sql`, `);
      const r = await sql<Record<string, unknown>>`select i.id::int8 as id, i.module, i.record_id::text, concat_ws(' ', ${title}) as label, i.address, i.status,
          i.sent_at, i.error, i.responded_at
        from invitations i join ${sql.table(module)} r on r.id = i.record_id and r.deleted_at is null
        where i.kind = 'event' and i.parent_id = ${req.params.id} and i.module = ${module} and ${vis} order by i.id limit 2000`.execute(req.ctx.db);
      rows.push(...r.rows.map((x) => ({ ...shownDelivery(req.ctx, module, x), id: Number(x.id) })));
    }
    // Counted in the database: a list stops at 2,000 per module, the counts do not.
    return { data: rows, counts: await attendance(req.ctx, req.params.id) };
  });

  api.post<{ Params: { id: string } }>('/marketing_events/:id/participants', doc({ tags: ['marketing'], summary: 'Adds participants by hand (walk-ins) with a status; records the caller may see',
    params: ID, body: obj({ ids: arr(str()), status: str({ enum: [...ATTENDANCE] }) }, ['ids']), response: { 200: dataOf(obj({ added: int() }, ['added'])) } }), async (req) => {
    await eventOf(req, true);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ids = body.ids;
    const status = String(body.status ?? 'registered');
    if (!(ATTENDANCE as readonly string[]).includes(status)) throw invalidEvent('status', 'is not an attendance status');
    if (!Array.isArray(ids) || !ids.length || ids.length > 1000 || !ids.every(isUuid)) throw invalidEvent('ids', 'must list 1 to 1000 record ids');
    const added = await inTransaction(req.ctx.db, async (trx) => {
      const who: string[] = [];
      for (const module of AUDIENCE_MODULES) {
        if (!can(req.ctx, module, 'view')) continue;
        const vis = visibilityPredicate(req.ctx, module, 'read', 'r') ?? sql`true`;
        const r = await sql<{ record_id: string }>`insert into invitations (kind, parent_id, module, record_id, address, language, token, status, created_by, sent_at, responded_at)
          select 'event', ${req.params.id}::uuid, ${module}, r.id, coalesce(r.email, ''), ${req.ctx.lang}, replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''),
            ${status}, ${req.ctx.user.id}::uuid, now(), now()
          from ${sql.table(module)} r where r.id = any(${ids}::uuid[]) and r.deleted_at is null and ${vis}
          on conflict (kind, parent_id, record_id) do nothing returning record_id::text`.execute(trx);
        who.push(...r.rows.map((x) => x.record_id));
      }
      // On the event's history: who was added by hand, with which attendance.
      if (who.length) await writeAudit(trx, { module: 'marketing_events', recordId: req.params.id, userId: req.ctx.user.id, action: 'participants', changes: { participants: [null, who], status: [null, status] } });
      return who.length;
    });
    return { data: { added } };
  });

  api.patch<{ Params: { id: string; pid: string } }>('/marketing_events/:id/participants/:pid', doc({ tags: ['marketing'], summary: "Marks a participant's attendance",
    params: obj({ id: str(), pid: int() }, ['id', 'pid']), body: obj({ status: str({ enum: [...ATTENDANCE] }) }, ['status']), response: { 200: dataOf(obj({ id: int(), status: str() }, ['id', 'status'])) } }), async (req) => {
    await eventOf(req, true);
    const status = String((req.body as Record<string, unknown> | undefined)?.status ?? '');
    if (!(ATTENDANCE as readonly string[]).includes(status)) throw invalidEvent('status', 'is not an attendance status');
    const pid = /^\d{1,18}$/.test(req.params.pid) ? req.params.pid : '0';
    const p = (await sql<{ module: string; record_id: string }>`select module, record_id::text from invitations where id = ${pid}::bigint and kind = 'event' and parent_id = ${req.params.id}`.execute(req.ctx.db)).rows[0];
    const vis = p && can(req.ctx, p.module, 'view') ? visibilityPredicate(req.ctx, p.module, 'read', 'r') ?? sql`true` : null;
    const seen = p && vis ? (await sql`select 1 from ${sql.table(p.module)} r where r.id = ${p.record_id} and r.deleted_at is null and ${vis}`.execute(req.ctx.db)).rows.length > 0 : false;
    if (!seen) throw new AppError('NOT_FOUND', 'Record not found');
    await inTransaction(req.ctx.db, async (trx) => {
      const before = (await sql<{ status: string }>`select status from invitations where id = ${pid}::bigint for update`.execute(trx)).rows[0]?.status ?? null;
      await sql`update invitations set status = ${status}, responded_at = coalesce(responded_at, now()) where id = ${pid}::bigint`.execute(trx);
      // Attendance is the organiser's word: whoever changes it, and from what, is on the event's history.
      if (before !== status) await writeAudit(trx, { module: 'marketing_events', recordId: req.params.id, userId: req.ctx.user.id, action: 'participants', changes: { participants: [p.record_id, p.record_id], status: [before, status] } });
    });
    return { data: { id: Number(pid), status } };
  });

  api.get<{ Params: { id: string } }>('/marketing_events/:id/results', doc({ tags: ['marketing'], summary: "What an event brought: participants by attendance, leads, deals, won revenue, cost, ROI",
    params: ID, response: { 200: dataOf(obj({ participants: obj({}), leads: int(), deals: int(), won_deals: int(), won_revenue: nullable(str()), budget: nullable(str()), actual_cost: nullable(str()),
      roi_percent: nullable(str()), cost_per_lead: nullable(str()) }, ['participants', 'leads', 'deals', 'won_deals', 'won_revenue'])) } }), async (req) => {
    const event = await eventOf(req);
    const ctx = req.ctx;
    const visible = (m: string) => visibilityPredicate(ctx, m, 'read', 'r') ?? sql`true`;
    const leads = can(ctx, 'leads', 'view')
      ? Number((await sql<{ n: number }>`select count(*)::int as n from leads r where r.marketing_event_id = ${req.params.id} and r.deleted_at is null and ${visible('leads')}`.execute(ctx.db)).rows[0].n) : 0;
    const deals = can(ctx, 'deals', 'view')
      ? (await sql<{ n: number; won: number; revenue: string }>`select count(*)::int as n, count(*) filter (where r.status = 'won')::int as won,
          coalesce(sum(r.amount) filter (where r.status = 'won'), 0)::text as revenue
        from deals r where r.marketing_event_id = ${req.params.id} and r.deleted_at is null and ${visible('deals')}`.execute(ctx.db)).rows[0]
      : { n: 0, won: 0, revenue: '0' };
    const money = (v: unknown) => (v === null || v === undefined ? null : String(v));
    return { data: {
      participants: await attendance(ctx, req.params.id),
      leads, deals: Number(deals.n), won_deals: Number(deals.won), budget: money(event.budget), actual_cost: money(event.actual_cost),
      ...wonFigures(ctx, String(deals.revenue), money(event.actual_cost), leads),
    } };
  });
}

/** An event's participants by attendance, of the records the caller may see (as its participant list shows them). */
async function attendance(ctx: RequestContext, eventId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = Object.fromEntries(ATTENDANCE.map((s) => [s, 0]));
  for (const module of AUDIENCE_MODULES) {
    if (!can(ctx, module, 'view')) continue;
    const vis = visibilityPredicate(ctx, module, 'read', 'r') ?? sql`true`;
    const r = await sql<{ status: string; n: number }>`select i.status, count(*)::int as n from invitations i
      join ${sql.table(module)} r on r.id = i.record_id and r.deleted_at is null
      where i.kind = 'event' and i.parent_id = ${eventId} and i.module = ${module} and ${vis} group by i.status`.execute(ctx.db);
    for (const row of r.rows) if (row.status in out) out[row.status] += Number(row.n);
  }
  return out;
}

const ASK: Record<Lang, { title: string; thanks_yes: string; thanks_no: string; gone: string; choose: string }> = {
  en: { title: 'Will you come?', thanks_yes: 'Thank you! We look forward to seeing you.', thanks_no: 'Thank you for letting us know.', gone: 'This link is not valid.', choose: 'Answer yes or no.' },
  ru: { title: 'Вы придёте?', thanks_yes: 'Спасибо! Будем рады вас видеть.', thanks_no: 'Спасибо, что сообщили.', gone: 'Эта ссылка недействительна.', choose: 'Ответьте «да» или «нет».' },
  uk: { title: 'Ви прийдете?', thanks_yes: 'Дякуємо! Будемо раді вас бачити.', thanks_no: 'Дякуємо, що повідомили.', gone: 'Це посилання недійсне.', choose: 'Дайте відповідь «так» або «ні».' },
  zh: { title: '您会参加吗？', thanks_yes: '谢谢！期待与您见面。', thanks_no: '感谢告知。', gone: '此链接无效。', choose: '请回答“是”或“否”。' },
};

export function rsvpPublicRoutes(app: AppContext) {
  const db = app.database.db;
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const langOf = (req: FastifyRequest, fallback: unknown): Lang => {
    const q = (req.query as Record<string, unknown>).lang;
    return isLang(q) ? q : isLang(fallback) ? fallback : 'en';
  };
  return async (f: FastifyInstance): Promise<void> => {
    f.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, parseUrlEncoded(String(body))));
    f.get<{ Params: { token: string }; Querystring: { answer?: string } }>('/rsvp/:token', async (req, reply) => {
      const inv = await invitationByToken(db, 'event', req.params.token);
      const lang = langOf(req, inv?.language);
      const event = inv && (await readEvent(db, inv.parent_id));
      if (!inv || !event) return html(reply, 404, thanksPage(ASK[lang].title, ASK[lang].gone, lang));
      const w = RSVP_WORDS[lang];
      const button = (answer: 'yes' | 'no', label: string) => `<button type="submit" name="answer" value="${answer}"${req.query.answer === answer ? ' autofocus' : ''}>${escapeHtml(label)}</button>`;
      const where = event.place || event.online_url;
      return html(reply, 200, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(event.name)}</title><style>${PUBLIC_STYLE}form button+button{margin-left:.5rem;background:#64748b}</style></head><body><h1>${escapeHtml(event.name)}</h1>
<p>${escapeHtml(w.when)}: ${escapeHtml(event.start_date)}${event.end_date && event.end_date !== event.start_date ? ` — ${escapeHtml(event.end_date)}` : ''}${where ? `<br>${escapeHtml(w.where)}: ${escapeHtml(where)}` : ''}</p>
<h2>${escapeHtml(ASK[lang].title)}</h2><form method="post" action="/rsvp/${req.params.token}?lang=${lang}">${button('yes', w.yes)}${button('no', w.no)}</form></body></html>`);
    });
    f.post<{ Params: { token: string } }>('/rsvp/:token', async (req, reply) => {
      const inv = await invitationByToken(db, 'event', req.params.token);
      const lang = langOf(req, inv?.language);
      const answer = ((req.body ?? {}) as Record<string, unknown>).answer;
      const isJson = String(req.headers['content-type'] ?? '').includes('json');
      const live = inv ? await sql`select 1 from marketing_events where id = ${inv.parent_id} and deleted_at is null and coalesce(status, '') not in ('cancelled', 'held')`.execute(db) : null;
      if (!inv || !live?.rows.length || (answer !== 'yes' && answer !== 'no')) {
        const bad = Boolean(inv && live?.rows.length);
        // A good link without a yes or a no is asked again, not called invalid.
        if (isJson) return reply.code(bad ? 400 : 404).send({ error: { code: bad ? 'VALIDATION_FAILED' : 'NOT_FOUND', message: bad ? ASK[lang].choose : ASK[lang].gone, ...(bad ? { fields: { answer: ASK[lang].choose } } : {}) } });
        return html(reply, bad ? 400 : 404, thanksPage(ASK[lang].title, bad ? ASK[lang].choose : ASK[lang].gone, lang));
      }
      // Attendance already marked (attended, no-show) is the organiser's word and stays.
      await sql`update invitations set status = ${answer === 'yes' ? 'registered' : 'declined'}, responded_at = now()
        where id = ${inv.id}::bigint and status in ('invited', 'registered', 'declined')`.execute(db);
      if (isJson) return { data: { status: answer === 'yes' ? 'registered' : 'declined' } };
      return html(reply, 200, thanksPage(ASK[lang].title, answer === 'yes' ? ASK[lang].thanks_yes : ASK[lang].thanks_no, lang));
    });
  };
}
