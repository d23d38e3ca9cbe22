/**
 * `/portal/api/*` — the customer portal's API, its own realm (portal-session.ts): sign-in with the e-mail and the
 * password set from the invitation link, the customer's tickets (list, read, open with attachments, reply, close),
 * published FAQs, their account's quotes and invoices with PDFs. Everything is scoped to the signed-in contact
 * (portal-records.ts); writes go through the record pipeline.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isLang, isUuid } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { createRecord } from '../../engine/records/create.js';
import { updateRecord } from '../../engine/records/update.js';
import { runWrite } from '../../engine/records/write-helpers.js';
import { inTransaction } from '../../platform/db.js';
import { publicBase } from '../../platform/config.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { dummyHash, hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { clearLoginFailures, recordLoginFailure, refuseWhenThrottled } from '../../platform/auth/login-throttle.js';
import { sha256 } from '../../platform/auth/tokens.js';
import { localStorageIn } from '../../platform/storage.js';
import { chooseTemplate, printRecords } from '../print/print-render.js';
import { disposition } from '../../platform/http/disposition.js';
import { attachFiles } from '../support/attach-files.js';
import { authenticatePortal, createPortalSession, endAllPortalSessions, endPortalSession, loadPortalUser, type PortalUser } from './portal-session.js';
import { contactOwner, conversation, customerScope, documentScope, PORTAL_DOCUMENTS, portalActor, portalText, scopedTicket, ticketFiles } from './portal-records.js';
import { portalClaimRoutes } from './portal-claims.js';
import { mailPasswordReset, portalLinks } from './portal-invite.js';

const me = (u: PortalUser) => ({ email: u.email, name: u.name, language: u.language, account_name: u.account_name, sees_account: u.sees_account });
const text = portalText;

function newPassword(v: unknown): string {
  if (typeof v !== 'string' || v.length < 8 || v.length > 200) throw new AppError('VALIDATION_FAILED', 'Invalid password', { password: 'at least 8 characters' });
  return v;
}

/** Attachments sent as JSON: `[{"name","content"}]`, content in base64; at most 20. */
function attachments(v: unknown, errors: FieldErrors): { name: string; content: Buffer }[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > 20 || v.some((a) => !a || typeof a.name !== 'string' || typeof a.content !== 'string')) {
    errors.attachments = 'must be a list of up to 20 files {name, content in base64}';
    return [];
  }
  return v.map((a: { name: string; content: string }) => ({ name: a.name, content: Buffer.from(a.content, 'base64') }));
}

export function portalRoutes(app: AppContext) {
  portalLinks.base = publicBase(app.config);
  const storage = localStorageIn(app.config.dataDir);
  const db = app.database.db;
  return async (f: FastifyInstance): Promise<void> => {
    // Public: sign in, set the password from the invitation.
    f.post('/portal/api/auth/login', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const email = text(body.email, 320).toLowerCase();
      const password = typeof body.password === 'string' ? body.password : '';
      if (!email || !password) throw new AppError('VALIDATION_FAILED', 'Wrong e-mail or password', { email: 'is required', password: 'is required' });
      const keys: [string, string] = [`p:${email}`, `ip:${req.ip}`];
      await refuseWhenThrottled(db, keys, [app.config.loginMaxAttempts, app.config.loginMaxPerAddress], reply);
      const user = await loadPortalUser(db, { email });
      const ok = user?.password_hash ? await verifyPassword(user.password_hash, password) : (await verifyPassword(await dummyHash(), password), false);
      if (!ok || !user) {
        await recordLoginFailure(db, keys);
        throw new AppError('UNAUTHENTICATED', 'Wrong e-mail or password');
      }
      await clearLoginFailures(db, keys[0]);
      return { user: me(user), csrf_token: await createPortalSession(app, req, reply, user.id) };
    });

    // Always 204, known address or not; throttled like a login so it cannot be used to flood a mailbox.
    f.post('/portal/api/auth/forgot', async (req, reply) => {
      const email = text((req.body as Record<string, unknown> | null)?.email, 320).toLowerCase();
      if (!email) throw new AppError('VALIDATION_FAILED', 'Check the highlighted fields', { email: 'is required' });
      const keys: [string, string] = [`f:${email}`, `ip:${req.ip}`];
      await refuseWhenThrottled(db, keys, [3, app.config.loginMaxPerAddress], reply);
      await recordLoginFailure(db, keys);
      const user = await loadPortalUser(db, { email });
      // Not awaited: the answer takes as long for a known address as for an unknown one.
      if (user) void mailPasswordReset(db, user).catch((err) => req.log.warn({ err }, 'portal password reset mail failed'));
      reply.code(204).send();
    });

    f.post('/portal/api/auth/set_password', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const password = newPassword(body.password);
      const token = typeof body.token === 'string' ? body.token : '';
      const userId = await inTransaction(db, async (trx) => {
        const r = await sql<{ portal_user_id: string }>`update portal_tokens set used_at = now()
          where id = ${sha256(token)} and used_at is null and expires_at > now() returning portal_user_id::text`.execute(trx);
        const id = r.rows[0]?.portal_user_id;
        if (!id) throw new AppError('VALIDATION_FAILED', 'This link has expired or was already used: ask for a new invitation', { token: 'has expired or was already used' });
        // Nothing is written for a contact the portal is closed to.
        if (!(await loadPortalUser(trx, { id }))) throw new AppError('FORBIDDEN', 'The portal is closed to this contact');
        await sql`update portal_users set password_hash = ${await hashPassword(password)} where id = ${id}`.execute(trx);
        await endAllPortalSessions(trx, id);
        return id;
      });
      const user = await loadPortalUser(db, { id: userId });
      if (!user) throw new AppError('FORBIDDEN', 'The portal is closed to this contact');
      return { user: me(user), csrf_token: await createPortalSession(app, req, reply, user.id) };
    });

    await f.register(async (p) => {
      p.addHook('preHandler', authenticatePortal(app));
      p.get('/portal/api/me', async (req) => ({ user: me(req.portal!.user), csrf_token: req.portal!.csrf }));
      portalClaimRoutes(p, app);
      p.put('/portal/api/me', async (req) => {
        const lang = (req.body as Record<string, unknown> | null)?.language;
        if (!isLang(lang)) throw new AppError('VALIDATION_FAILED', 'Invalid language', { language: 'must be one of en, ru, uk, zh' });
        await sql`update portal_users set language = ${lang} where id = ${req.portal!.user.id}`.execute(db);
        return { user: { ...me(req.portal!.user), language: lang } };
      });
      p.post('/portal/api/auth/logout', async (req, reply) => {
        await endPortalSession(app, req, reply);
        reply.code(204).send();
      });
      p.post('/portal/api/auth/change_password', async (req, reply) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const u = await loadPortalUser(db, { id: req.portal!.user.id });
        const current = typeof body.current_password === 'string' ? body.current_password : '';
        // Guessing the current password from a stolen session is slowed like a login.
        const keys: [string, string] = [`p:${req.portal!.user.email}`, `ip:${req.ip}`];
        await refuseWhenThrottled(db, keys, [app.config.loginMaxAttempts, app.config.loginMaxPerAddress], reply);
        if (!u?.password_hash || !(await verifyPassword(u.password_hash, current))) {
          await recordLoginFailure(db, keys);
          throw new AppError('VALIDATION_FAILED', 'Wrong e-mail or password', { current_password: 'is wrong' });
        }
        const password = newPassword(body.password);
        await sql`update portal_users set password_hash = ${await hashPassword(password)} where id = ${u.id}`.execute(db);
        await endAllPortalSessions(db, u.id); // other devices signed in with the old password are signed out
        return { user: me(u), csrf_token: await createPortalSession(app, req, reply, u.id) };
      });

      p.get('/portal/api/tickets', async (req) => {
        const u = req.portal!.user;
        const r = await sql`select t.id::text, t.number, t.title, t.status, t.priority, t.created_at, t.updated_at,
            t.contact_id::text = ${u.contact_id} as mine
          from tickets t where t.deleted_at is null and ${customerScope(u)} order by t.updated_at desc, t.id desc limit 500`.execute(db);
        return { data: r.rows };
      });
      p.get<{ Params: { id: string } }>('/portal/api/tickets/:id', async (req) => {
        const t = await scopedTicket(db, req.portal!.user, req.params.id);
        const { assigned_to: _a, ...ticket } = t;
        return { data: { ...ticket, messages: await conversation(db, String(t.id)), files: await ticketFiles(db, String(t.id)) } };
      });
      p.post('/portal/api/tickets', async (req, reply) => {
        const u = req.portal!.user;
        const body = (req.body ?? {}) as Record<string, unknown>;
        const errors: FieldErrors = {};
        const title = text(body.title, 500);
        if (!title) errors.title = 'is required';
        const files = attachments(body.attachments, errors);
        if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Check the highlighted fields', errors);
        const actor = await portalActor(app, u);
        const owner = await contactOwner(db, u);
        const created = await runWrite(actor, async (tctx) => {
          const ticket = await createRecord(tctx, 'tickets', {
            title, description: text(body.description, 60_000) || null, channel: 'portal', contact_id: u.contact_id, account_id: u.account_id,
            ...(['low', 'normal', 'high', 'urgent'].includes(String(body.priority)) ? { priority: body.priority } : {}),
            ...(owner ? { assigned_to: owner } : {}),
          }, { systemValues: { from_portal: true } });
          await attachFiles(tctx, storage, String(ticket.id), ticket.assigned_to, files, app.config.maxUpload);
          return ticket;
        });
        reply.code(201);
        return { data: { id: created.id, number: created.number } };
      });
      p.post<{ Params: { id: string } }>('/portal/api/tickets/:id/replies', async (req, reply) => {
        const u = req.portal!.user;
        const t = await scopedTicket(db, u, req.params.id);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const errors: FieldErrors = {};
        const message = text(body.body, 60_000);
        if (!message) errors.body = 'is required';
        const files = attachments(body.attachments, errors);
        if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Check the highlighted fields', errors);
        await runWrite(await portalActor(app, u), async (tctx) => {
          await createRecord(tctx, 'comments', { body: message, related_to: t.id, is_private: false }, { systemValues: { author_contact_id: u.contact_id } });
          if (t.status === 'closed' || t.status === 'wait_for_response') await updateRecord(tctx, 'tickets', String(t.id), { status: 'open' });
          await attachFiles(tctx, storage, String(t.id), t.assigned_to, files, app.config.maxUpload);
        });
        reply.code(201);
        return { data: { ok: true } };
      });
      p.post<{ Params: { id: string } }>('/portal/api/tickets/:id/close', async (req) => {
        const u = req.portal!.user;
        const t = await scopedTicket(db, u, req.params.id);
        if (t.status !== 'closed') await updateRecord(await portalActor(app, u), 'tickets', String(t.id), { status: 'closed' });
        return { data: { id: t.id, status: 'closed' } };
      });
      p.get<{ Params: { id: string; file: string } }>('/portal/api/tickets/:id/files/:file', async (req, reply) => {
        const t = await scopedTicket(db, req.portal!.user, req.params.id);
        const file = (await ticketFiles(db, String(t.id))).find((x) => x.id === req.params.file);
        if (!file) throw new AppError('NOT_FOUND', 'Record not found');
        const row = (await sql<{ storage_key: string; mime: string }>`select f.storage_key, f.mime from documents d join files f on f.id = d.file_id where d.id = ${file.id}`.execute(db)).rows[0];
        return reply.type('application/octet-stream').header('Content-Disposition', disposition('attachment', file.name)).send(storage.read(row.storage_key));
      });

      p.get<{ Querystring: { q?: string } }>('/portal/api/faqs', async (req) => {
        const q = text(req.query.q, 200);
        const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const r = await sql`select f.id::text, f.number, f.question, f.answer, f.category from faqs f
          where f.deleted_at is null and f.status = 'published' ${q ? sql`and (f.question ilike ${like} or f.answer ilike ${like})` : sql``}
          order by f.updated_at desc, f.id limit 200`.execute(db);
        return { data: r.rows };
      });

      // The contact's surveys still to answer: each opens the survey's own page by its personal link.
      p.get('/portal/api/surveys', async (req) => {
        const u = req.portal!.user;
        const r = await sql<{ name: string; token: string; expires_at: string | null }>`select s.name, i.token, i.expires_at from invitations i
          join surveys s on s.id = i.parent_id and s.deleted_at is null and s.status <> 'closed'
          where i.kind = 'survey' and i.record_id = ${u.contact_id} and i.responded_at is null and (i.expires_at is null or i.expires_at > now())
          order by i.created_at desc limit 50`.execute(db);
        return { data: r.rows.map((x) => ({ name: x.name, url: `/s/${x.token}`, expires_at: x.expires_at })) };
      });

      p.get('/portal/api/documents', async (req) => {
        const u = req.portal!.user;
        const [quotes, invoices] = await Promise.all(PORTAL_DOCUMENTS.map((m) => sql`select ${m} as module, d.id::text, d.number, d.subject, d.status, d.currency,
            d.grand_total::text, ${m === 'quotes' ? sql`d.valid_until_date` : sql`d.invoice_date`} as date, d.created_at
          from ${sql.table(m)} d where ${documentScope(u)} order by d.created_at desc, d.id desc limit 500`.execute(db)));
        return { data: [...quotes.rows, ...invoices.rows] };
      });
      p.get<{ Params: { id: string } }>('/portal/api/documents/:id/pdf', async (req, reply) => {
        const u = req.portal!.user;
        if (!isUuid(req.params.id)) throw new AppError('NOT_FOUND', 'Record not found');
        let module: string | undefined;
        for (const m of PORTAL_DOCUMENTS) {
          const r = await sql`select 1 from ${sql.table(m)} d where d.id = ${req.params.id} and ${documentScope(u)}`.execute(db);
          if (r.rows.length) { module = m; break; }
        }
        if (!module) throw new AppError('NOT_FOUND', 'Record not found');
        const actor = await portalActor(app, u);
        const pdf = await printRecords(actor, await chooseTemplate(actor, module), module, [req.params.id], `portal:${req.portal!.user.id}`);
        return reply.type('application/pdf').header('Content-Disposition', disposition('attachment', pdf.filename)).send(pdf.content);
      });
    });
  };
}
