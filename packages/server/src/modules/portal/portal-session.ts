/**
 * The customer portal's own sign-in realm: portal users (one per contact), their sessions in `portal_sessions` under
 * the `karta_portal` cookie (path /portal), their CSRF token. Nothing here reads the staff session, and the staff
 * authentication never reads this one: a portal session opens no `/api/v1` route, a staff session no portal route.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Lang } from '@karta/shared';
import { isLang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { randomToken, sha256 } from '../../platform/auth/tokens.js';
import { servedOverHttps } from '../../platform/http/security-headers.js';

export const PORTAL_COOKIE = 'karta_portal';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who is signed in to the portal: the contact, and what of their account they see. */
export interface PortalUser {
  id: string; contact_id: string; email: string; language: Lang; name: string;
  account_id: string | null; account_name: string | null; sees_account: boolean;
}

declare module 'fastify' {
  interface FastifyRequest { portal?: { user: PortalUser; csrf: string; token: string } }
}

/**
 * A portal user who may sign in now: active, their contact not deleted and still marked a portal user, and today
 * within the contact's support dates when they are set.
 */
export async function loadPortalUser(db: Tx, where: { id: string } | { email: string }): Promise<(PortalUser & { password_hash: string | null }) | undefined> {
  const cond = 'id' in where ? sql`p.id = ${where.id}` : sql`p.email = ${where.email.trim().toLowerCase()}`;
  const r = await sql<PortalUser & { password_hash: string | null; first_name: string | null; last_name: string | null }>`
    select p.id::text, p.contact_id::text, p.email, p.language, p.password_hash, c.first_name, c.last_name,
      a.id::text as account_id, a.name as account_name, coalesce(c.portal_sees_account, false) as sees_account
    from portal_users p join contacts c on c.id = p.contact_id and c.deleted_at is null
    left join accounts a on a.id = c.account_id and a.deleted_at is null
    where ${cond} and p.active and coalesce(c.is_portal_user, false)
      and (c.support_start_date is null or c.support_start_date <= current_date)
      and (c.support_end_date is null or c.support_end_date >= current_date)`.execute(db);
  const u = r.rows[0];
  if (!u) return undefined;
  return { ...u, language: isLang(u.language) ? u.language : 'en', name: [u.first_name, u.last_name].filter(Boolean).join(' ') || u.email };
}

export async function createPortalSession(app: AppContext, req: FastifyRequest, reply: FastifyReply, userId: string): Promise<string> {
  const token = randomToken();
  const csrf = randomToken(24);
  await sql`insert into portal_sessions (id, portal_user_id, csrf_token, expires_at)
    values (${sha256(token)}, ${userId}, ${csrf}, now() + ${`${app.config.sessionAbsoluteMs} milliseconds`}::interval)`.execute(app.database.db);
  await sql`update portal_users set last_login_at = now() where id = ${userId}`.execute(app.database.db);
  reply.setCookie(PORTAL_COOKIE, token, {
    httpOnly: true, sameSite: 'lax', path: '/portal', secure: servedOverHttps(req, app.config.publicUrl), maxAge: Math.floor(app.config.sessionAbsoluteMs / 1000),
  });
  return csrf;
}

export async function endPortalSession(app: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.portal) await sql`delete from portal_sessions where id = ${sha256(req.portal.token)}`.execute(app.database.db);
  reply.clearCookie(PORTAL_COOKIE, { path: '/portal' });
}

/** The portal's authentication hook: the portal cookie only; writes carry the session's CSRF token. */
export function authenticatePortal(app: AppContext) {
  return async (req: FastifyRequest): Promise<void> => {
    const token = req.cookies?.[PORTAL_COOKIE];
    if (!token) throw new AppError('UNAUTHENTICATED', 'Please log in');
    const db = app.database.db;
    const s = (await sql<{ portal_user_id: string; csrf_token: string; stale: boolean }>`
      select portal_user_id::text, csrf_token, last_seen_at < now() - interval '1 minute' as stale from portal_sessions
      where id = ${sha256(token)} and expires_at > now() and last_seen_at > now() - ${`${app.config.sessionIdleMs} milliseconds`}::interval`.execute(db)).rows[0];
    if (!s) throw new AppError('UNAUTHENTICATED', 'Please log in');
    if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== s.csrf_token) throw new AppError('CSRF', 'Missing or wrong X-CSRF-Token header');
    const user = await loadPortalUser(db, { id: s.portal_user_id });
    if (!user) throw new AppError('UNAUTHENTICATED', 'Please log in');
    if (s.stale) await sql`update portal_sessions set last_seen_at = now() where id = ${sha256(token)}`.execute(db);
    req.portal = { user, csrf: s.csrf_token, token };
  };
}

/** Every session of a portal user ends (access switched off, password changed elsewhere). */
export async function endAllPortalSessions(db: Tx, portalUserId: string): Promise<void> {
  await sql`delete from portal_sessions where portal_user_id = ${portalUserId}`.execute(db);
}
