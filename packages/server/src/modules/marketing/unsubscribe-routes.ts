/**
 * The links in a mailing's messages, no sign-in: `GET /u/{token}` (and the one-click `POST` of RFC 8058) unsubscribes —
 * the address joins the suppression list, the record is marked opted out, the campaign member `unsubscribed`;
 * `GET /u/{token}/open.gif` notes an open; `GET /u/{token}/click?url=&s=` notes a click and goes on to the link, only
 * when its signature matches (never an open redirect).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { isLang, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { administratorContext } from '../../engine/system-context.js';
import { updateRecord } from '../../engine/records/update.js';
import { readCompany } from '../../admin/company-routes.js';
import type { Tx } from '../../platform/db.js';
import { signatureMatches, signingKey } from '../../platform/signing.js';
import { escapeHtml, thanksPage } from './web-form-page.js';
import { KEPT_MEMBER_STATUSES, memberStatus } from './mailing-run.js';
import { AppError } from '../../platform/errors.js';
import { applyDeliveryReport, smsProvider } from '../automation/sms.js';

interface Recipient { id: string; token: string; mailing_id: string; module: string; record_id: string; address: string; channel: string; campaign_id: string | null; language: string | null; unsubscribed_at: string | null; opened_at: string | null; clicked_at: string | null }

async function recipient(db: Tx, token: string): Promise<Recipient | null> {
  if (!/^[0-9a-f]{64}$/.test(token)) return null;
  const r = await sql<Recipient>`select r.id::text, r.token, r.mailing_id::text, r.module, r.record_id::text, r.address, m.channel, m.campaign_id::text, m.language, r.unsubscribed_at, r.opened_at, r.clicked_at
    from mailing_recipients r join mailings m on m.id = r.mailing_id where r.token = ${token}`.execute(db);
  return r.rows[0] ?? null;
}

const TEXT: Record<Lang, { done: string; gone: string; title: string; undo: string; back: string }> = {
  en: { title: 'Unsubscribed', done: '{address} will receive no more mailings from {company}.', gone: 'This link is not valid.', undo: 'That was a mistake: keep sending me mailings', back: 'You will receive our mailings again.' },
  ru: { title: 'Вы отписались', done: 'На {address} больше не будут приходить рассылки {company}.', gone: 'Эта ссылка недействительна.', undo: 'Это ошибка: продолжайте присылать рассылки', back: 'Вы снова будете получать наши рассылки.' },
  uk: { title: 'Ви відписалися', done: 'На {address} більше не надходитимуть розсилки {company}.', gone: 'Це посилання недійсне.', undo: 'Це помилка: надсилайте мені розсилки й далі', back: 'Ви знову отримуватимете наші розсилки.' },
  zh: { title: '已退订', done: '{address} 将不再收到 {company} 的群发邮件。', gone: '此链接无效。', undo: '这是误操作：继续给我发送邮件', back: '您将再次收到我们的群发邮件。' },
};

/**
 * Undoes an unsubscribe made through this link (a mail scanner that opened every link, or a slip of the finger): the
 * address leaves the suppression list it joined by this link, the record's opt-out is cleared, the member is `sent`.
 */
export async function resubscribe(app: AppContext, r: Recipient): Promise<void> {
  if (!r.unsubscribed_at) return;
  const address = r.address.toLowerCase();
  const listed = await app.database.db.transaction().execute(async (trx) => {
    await sql`update mailing_recipients set unsubscribed_at = null where id = ${r.id}::bigint`.execute(trx);
    const removed = await sql`delete from mail_suppressions where address = ${address} and reason = 'unsubscribed' and mailing_id = ${r.mailing_id} returning 1`.execute(trx);
    // Another mailing's unsubscribe of the same address found it listed already and left no row of its own: it keeps
    // the address out now (undoing one unsubscribe never undoes another).
    if (removed.rows.length) {
      await sql`insert into mail_suppressions (address, reason, mailing_id)
        select ${address}, 'unsubscribed', mailing_id from mailing_recipients
        where lower(address) = ${address} and unsubscribed_at is not null and id <> ${r.id}::bigint order by unsubscribed_at limit 1
        on conflict (address) do nothing`.execute(trx);
    }
    // The member gets back what this mailing had brought about; a response or a conversion recorded since stays.
    await memberStatus(trx, r.campaign_id, r.module, r.record_id, r.clicked_at ? 'clicked' : r.opened_at ? 'opened' : 'sent', KEPT_MEMBER_STATUSES);
    const still = await sql`select 1 from mail_suppressions where address = ${address}`.execute(trx);
    return { byThisLink: removed.rows.length > 0, still: still.rows.length > 0 };
  });
  // The record's opt-out is cleared only when this link set it and nothing else keeps the address out (another
  // mailing's unsubscribe, a bounce): an earlier choice is never undone by this one's undo.
  const field = r.channel === 'sms' ? (r.module === 'contacts' ? 'do_not_call' : null) : 'email_opt_out';
  if (field && listed.byThisLink && !listed.still) await updateRecord(await administratorContext(app), r.module, r.record_id, { [field]: false }).catch(() => undefined);
}

/** Unsubscribes once; a second click changes nothing. */
export async function unsubscribe(app: AppContext, r: Recipient): Promise<void> {
  if (r.unsubscribed_at) return;
  const db = app.database.db;
  await db.transaction().execute(async (trx) => {
    await sql`update mailing_recipients set unsubscribed_at = now() where id = ${r.id}::bigint`.execute(trx);
    await sql`insert into mail_suppressions (address, reason, mailing_id) values (${r.address.toLowerCase()}, 'unsubscribed', ${r.mailing_id})
      on conflict (address) do nothing`.execute(trx);
    await memberStatus(trx, r.campaign_id, r.module, r.record_id, 'unsubscribed', KEPT_MEMBER_STATUSES);
  });
  // The record's own opt-out, through the pipeline (audited); a record deleted since is left alone.
  const field = r.channel === 'sms' ? (r.module === 'contacts' ? 'do_not_call' : null) : 'email_opt_out';
  if (!field) return;
  const ctx = await administratorContext(app);
  await updateRecord(ctx, r.module, r.record_id, { [field]: true }).catch(() => undefined);
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function unsubscribeRoutes(app: AppContext) {
  const db = app.database.db;
  return async (f: FastifyInstance): Promise<void> => {
    // The one-click POST carries `List-Unsubscribe=One-Click` as a form body; nothing in it matters.
    f.addContentTypeParser(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data'], { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, {}));
    const page = async (reply: FastifyReply, r: Recipient | null, query: Record<string, unknown>) => {
      const lang: Lang = isLang(query.lang) ? query.lang : isLang(r?.language) ? r.language : 'en';
      const text = TEXT[lang];
      const company = (await readCompany(db)).name ?? 'Karta';
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!r) return reply.code(404).send(thanksPage(text.title, text.gone, lang));
      if (query.resubscribed) return thanksPage(text.title, text.back, lang);
      // GET unsubscribes (the link in the message); the page offers the undo a prefetching scanner would need.
      const undo = `<form method="post" action="/u/${r.token}/resubscribe?lang=${lang}"><button type="submit">${escapeHtml(text.undo)}</button></form>`;
      return thanksPage(text.title, text.done.replace('{address}', () => r.address).replace('{company}', () => String(company)), lang).replace('</body>', `${undo}</body>`);
    };
    f.get<{ Params: { token: string } }>('/u/:token', async (req, reply) => {
      const r = await recipient(db, req.params.token);
      if (r) await unsubscribe(app, r);
      return page(reply, r, req.query as Record<string, unknown>);
    });
    // Mail programs' one-click unsubscribe (List-Unsubscribe-Post): any body, no page.
    f.post<{ Params: { token: string } }>('/u/:token', async (req, reply) => {
      const r = await recipient(db, req.params.token);
      if (r) await unsubscribe(app, r);
      return reply.code(r ? 200 : 404).type('text/plain; charset=utf-8').send(r ? 'unsubscribed' : 'not found');
    });
    f.post<{ Params: { token: string } }>('/u/:token/resubscribe', async (req, reply) => {
      const r = await recipient(db, req.params.token);
      if (r) await resubscribe(app, r);
      return page(reply, r, { ...(req.query as Record<string, unknown>), resubscribed: true });
    });
    f.get<{ Params: { token: string } }>('/u/:token/open.gif', async (req, reply) => {
      const r = await recipient(db, req.params.token);
      if (r) {
        await sql`update mailing_recipients set opened_at = coalesce(opened_at, now()) where id = ${r.id}::bigint`.execute(db);
        await memberStatus(db, r.campaign_id, r.module, r.record_id, 'opened', ['clicked', 'responded', 'converted', 'unsubscribed', 'bounced']);
      }
      return reply.type('image/gif').header('cache-control', 'no-store').header('cross-origin-resource-policy', 'cross-origin').send(GIF);
    });
    f.get<{ Params: { token: string }; Querystring: { url?: string; s?: string } }>('/u/:token/click', async (req, reply) => {
      const url = String(req.query.url ?? '');
      const r = await recipient(db, req.params.token);
      if (!r || !/^https?:\/\//i.test(url) || !signatureMatches(await signingKey(db), `${req.params.token}:${url}`, req.query.s)) return page(reply, null, req.query);
      await sql`update mailing_recipients set clicked_at = coalesce(clicked_at, now()), opened_at = coalesce(opened_at, now()) where id = ${r.id}::bigint`.execute(db);
      await memberStatus(db, r.campaign_id, r.module, r.record_id, 'clicked', ['responded', 'converted', 'unsubscribed', 'bounced']);
      return reply.redirect(url, 302);
    });
  };
}

/** `POST /sms/status`: the SMS gateway's delivery reports, accepted only with its token. */
export function smsStatusRoutes(app: AppContext) {
  return async (f: FastifyInstance): Promise<void> => {
    f.post('/sms/status', { bodyLimit: 16 * 1024 }, async (req, reply) => {
      const provider = smsProvider();
      const report = provider.deliveryReport?.(req.headers.authorization, req.body) ?? null;
      if (!report) throw new AppError('FORBIDDEN', 'Not a delivery report of the configured SMS gateway');
      const found = await applyDeliveryReport(app.database.db, provider.name, report);
      return reply.code(found ? 200 : 404).send({ data: { id: report.id, state: report.state, found } });
    });
  };
}
