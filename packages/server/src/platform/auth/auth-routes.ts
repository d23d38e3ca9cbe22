import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../errors.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { SESSION_COOKIE, createSession, deleteSession } from './sessions.js';
import { randomToken, sha256 } from './tokens.js';
import { clearLoginFailures, recordLoginFailure, refuseWhenThrottled } from './login-throttle.js';
import { requestLang } from './authenticate.js';
import { servedOverHttps } from '../http/security-headers.js';
import { userJson, USER_COLUMNS } from '../../admin/user-json.js';
import { bool, dateTime, doc, listOf, nullable, obj, ref, str, uuid } from '../../engine/http/openapi/schema.js';
import { USER } from '../../engine/http/openapi/common.js';
import { logSignIn, origin } from './login-audit.js';
import { queueLockoutMail } from './lockout-mail.js';
import { checkTotp, useRecoveryCode } from './two-factor.js';
import { secretKey, unseal } from '../secrets.js';
import type { Tx } from '../db.js';

/** A password step passed (or not) for a user with two-factor sign-in: the second step has five minutes and five tries. */
const CHALLENGE_MS = 5 * 60_000;
const CHALLENGE_TRIES = 5;

type UserRow = Record<string, unknown> & { id: string; username: string; password_hash: string; has_2fa: boolean; require_2fa: boolean };

/** Public login, its second step, and the authenticated session/token routes. */
export function loginRoutes(app: AppContext) {
  const limits: [number, number] = [app.config.loginMaxAttempts, app.config.loginMaxPerAddress];
  /** A failure counts toward the lockout; the failure that reaches it tells the user by e-mail. */
  const fail = async (db: Tx, keys: string[], user: { id: string } | undefined, req: FastifyRequest) => {
    await recordLoginFailure(db, keys);
    if (!user) return;
    const r = await sql<{ n: number }>`select count(*)::int8 as n from login_failures where key = ${keys[0]} and at > now() - interval '1 minute'`.execute(db);
    if (Number(r.rows[0].n) === limits[0]) {
      await logSignIn(db, { event: 'locked_out', userId: user.id, ...origin(req) });
      await queueLockoutMail(db, user.id, req.ip);
    }
  };
  const startSession = async (req: FastifyRequest, reply: FastifyReply, user: UserRow, detail: Record<string, unknown>) => {
    const db = app.database.db;
    const enrollOnly = user.require_2fa && !user.has_2fa;
    const session = await createSession(db, user.id, { idleMs: app.config.sessionIdleMs, absoluteMs: app.config.sessionAbsoluteMs }, { ...origin(req), enrollOnly });
    await logSignIn(db, { event: 'login', userId: user.id, username: user.username, ...origin(req), detail });
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true, sameSite: 'lax', path: '/', secure: servedOverHttps(req, app.config.publicUrl), maxAge: Math.floor(app.config.sessionAbsoluteMs / 1000),
    });
    return { user: userJson(user), csrf_token: session.csrf, ...(enrollOnly ? { enroll_2fa_required: true } : {}) };
  };

  return async (f: FastifyInstance) => {
    f.post('/auth/login', doc({
      tags: ['auth'], summary: 'Sign in: a session cookie and the CSRF token for writes — or, with two-factor sign-in, the second step', public: true,
      body: obj({ username: str(), password: str() }, ['username', 'password']),
      response: { 200: obj({ user: USER, csrf_token: str(), second_factor: str({ enum: ['totp'] }), challenge: str(), enroll_2fa_required: bool() }), 401: ref('Error'), 429: ref('Error') },
    }), async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const username = typeof body.username === 'string' ? body.username.trim().toLowerCase() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      if (!username || !password) throw new AppError('VALIDATION_FAILED', 'Wrong username or password', { username: 'is required', password: 'is required' });
      const db = app.database.db;
      const keys: [string, string] = [`u:${username}`, `ip:${req.ip}`];
      await refuseWhenThrottled(db, keys, limits, reply);
      const r = await sql<UserRow>`select ${sql.raw(USER_COLUMNS)}, password_hash, totp_enabled_at is not null as has_2fa,
          coalesce((select require_2fa from roles where id = users.role_id), false) as require_2fa
        from users where lower(username) = ${username} and active`.execute(db);
      const user = r.rows[0];
      const ok = user ? await verifyPassword(user.password_hash, password) : (await verifyPassword(await dummyHash(), password), false);
      // With two-factor sign-in the answer is the second step whether or not the password was right, after the same
      // work either way (the failure is counted and logged at the second step): only a caller who also has the code
      // learns which it was.
      if (user?.has_2fa) {
        const challenge = randomToken();
        await sql`delete from login_challenges where user_id = ${user.id} and expires_at < now()`.execute(db);
        await sql`insert into login_challenges (id, user_id, password_ok, ip, user_agent, expires_at)
          values (${sha256(challenge)}, ${user.id}, ${ok}, ${req.ip}, ${origin(req).userAgent}, now() + ${`${CHALLENGE_MS} milliseconds`}::interval)`.execute(db);
        return { second_factor: 'totp', challenge };
      }
      if (!ok) {
        await fail(db, keys, user, req);
        await logSignIn(db, { event: 'login_failed', userId: user?.id, username, ...origin(req), detail: { reason: user ? 'password' : 'unknown_user' } });
        throw new AppError('UNAUTHENTICATED', 'Wrong username or password');
      }
      await clearLoginFailures(db, keys[0]);
      return startSession(req, reply, user!, {});
    });

    f.post('/auth/2fa/verify', doc({
      tags: ['auth'], summary: 'The second step of signing in: a code from the authenticator app or a recovery code', public: true,
      body: obj({ challenge: str(), code: str(), recovery_code: str() }, ['challenge']),
      response: { 200: obj({ user: USER, csrf_token: str() }, ['user', 'csrf_token']), 401: ref('Error'), 429: ref('Error') },
    }), async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const challenge = typeof body.challenge === 'string' ? body.challenge : '';
      const code = typeof body.code === 'string' ? body.code : '';
      const recovery = typeof body.recovery_code === 'string' ? body.recovery_code : '';
      if (!challenge || (!code && !recovery)) throw new AppError('VALIDATION_FAILED', 'Enter the code from your authenticator app', { code: 'is required' });
      const db = app.database.db;
      const c = await sql<{ user_id: string; password_ok: boolean; attempts: number }>`update login_challenges set attempts = attempts + 1
        where id = ${sha256(challenge)} and expires_at > now() returning user_id, password_ok, attempts`.execute(db);
      const row = c.rows[0];
      if (!row) throw new AppError('UNAUTHENTICATED', 'The sign-in has expired. Sign in again.');
      const r = await sql<UserRow & { totp_secret: string | null; totp_last_step: string | null }>`select ${sql.raw(USER_COLUMNS)}, password_hash, totp_secret, totp_last_step,
          totp_enabled_at is not null as has_2fa, coalesce((select require_2fa from roles where id = users.role_id), false) as require_2fa
        from users where id = ${row.user_id} and active`.execute(db);
      const user = r.rows[0];
      if (!user) throw new AppError('UNAUTHENTICATED', 'The sign-in has expired. Sign in again.');
      const keys: [string, string] = [`u:${user.username}`, `ip:${req.ip}`];
      await refuseWhenThrottled(db, keys, limits, reply);
      if (row.attempts > CHALLENGE_TRIES) {
        await sql`delete from login_challenges where id = ${sha256(challenge)}`.execute(db);
        reply.header('retry-after', '60');
        throw new AppError('RATE_LIMITED', 'Too many failed attempts. Wait a minute and try again.');
      }
      let step: number | null = null;
      let usedRecovery = false;
      if (row.password_ok && user.totp_secret) {
        if (code) step = await checkTotp(unseal(user.totp_secret, secretKey(app.config.dataDir)), code, user.totp_last_step == null ? null : Number(user.totp_last_step));
        // A recovery code is spent only when the password was right.
        else usedRecovery = await useRecoveryCode(db, user.id, recovery);
      }
      if (step === null && !usedRecovery) {
        await fail(db, keys, user, req);
        await logSignIn(db, { event: row.password_ok ? '2fa_failed' : 'login_failed', userId: user.id, username: user.username, ...origin(req), detail: { reason: row.password_ok ? (code ? 'code' : 'recovery_code') : 'password' } });
        throw new AppError('UNAUTHENTICATED', 'Wrong code or password. Try again.');
      }
      await sql`delete from login_challenges where id = ${sha256(challenge)} or expires_at < now()`.execute(db);
      // A step is spent once, also against a second verify racing this one with the same code.
      if (step !== null) {
        const spent = await sql`update users set totp_last_step = ${step} where id = ${user.id} and (totp_last_step is null or totp_last_step < ${step}) returning 1`.execute(db);
        if (!spent.rows.length) throw new AppError('UNAUTHENTICATED', 'Wrong code or password. Try again.');
      }
      if (usedRecovery) await logSignIn(db, { event: 'recovery_code_used', userId: user.id, username: user.username, ...origin(req) });
      await clearLoginFailures(db, keys[0]);
      return startSession(req, reply, user, { second_factor: usedRecovery ? 'recovery_code' : 'totp' });
    });
  };
}


export function sessionRoutes(app: AppContext) {
  return async (f: FastifyInstance) => {
    f.post('/auth/logout', doc({ tags: ['auth'], summary: 'Sign out', response: { 204: 'signed out' } }), async (req, reply) => {
      if (req.sessionToken) await deleteSession(app.database.db, req.sessionToken);
      await logSignIn(app.database.db, { event: 'logout', userId: req.ctx.user.id, username: req.ctx.user.username, ...origin(req) });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.code(204).send();
    });
    f.get('/auth/me', doc({ tags: ['auth'], summary: 'The signed-in user and the CSRF token', response: { 200: obj({ user: USER, csrf_token: nullable(str()), two_factor: bool(), enroll_2fa_required: bool() }, ['user']) } }), async (req) => {
      const r = await sql<Record<string, unknown>>`select ${sql.raw(USER_COLUMNS)}, totp_enabled_at is not null as two_factor from users where id = ${req.ctx.user.id}`.execute(req.ctx.db);
      return { user: userJson(r.rows[0]), csrf_token: req.csrfToken ?? null, two_factor: Boolean(r.rows[0].two_factor), ...(req.enrollOnly ? { enroll_2fa_required: true } : {}) };
    });
    f.get('/auth/tokens', doc({ tags: ['auth'], summary: 'My API tokens (never the secret)', response: { 200: listOf(obj({ id: uuid(), name: str(), created_at: dateTime(), last_used_at: nullable(dateTime()) }, ['id', 'name'])) } }), async (req) => {
      const r = await sql`select id, name, created_at, last_used_at from api_tokens
        where user_id = ${req.ctx.user.id} and revoked_at is null order by created_at desc`.execute(req.ctx.db);
      return { data: r.rows };
    });
    f.post('/auth/tokens', doc({ tags: ['auth'], summary: 'A new API token, shown once', body: obj({ name: str({ maxLength: 100 }) }, ['name']), response: { 201: obj({ id: uuid(), token: str() }, ['id', 'token']) } }), async (req, reply) => {
      const name = (req.body as any)?.name;
      if (typeof name !== 'string' || !name.trim() || name.length > 100) throw new AppError('VALIDATION_FAILED', 'A token needs a name', { name: 'is required' });
      const id = uuidv7();
      const token = `karta_${randomToken()}`;
      await sql`insert into api_tokens (id, user_id, name, token_hash) values (${id}, ${req.ctx.user.id}, ${name.trim()}, ${sha256(token)})`.execute(req.ctx.db);
      await logSignIn(req.ctx.db, { event: 'token_created', userId: req.ctx.user.id, username: req.ctx.user.username, ...origin(req), detail: { token_id: id, name: name.trim() } });
      reply.code(201);
      return { id, token };
    });
    f.delete<{ Params: { id: string } }>('/auth/tokens/:id', doc({ tags: ['auth'], summary: 'Revoke an API token', response: { 204: 'revoked' } }), async (req, reply) => {
      const r = await sql`update api_tokens set revoked_at = now() where id::text = ${req.params.id}
        and user_id = ${req.ctx.user.id} and revoked_at is null returning id`.execute(req.ctx.db);
      if (!r.rows.length) throw new AppError('NOT_FOUND', 'No such token');
      await logSignIn(req.ctx.db, { event: 'token_revoked', userId: req.ctx.user.id, username: req.ctx.user.username, ...origin(req), detail: { token_id: req.params.id } });
      reply.code(204).send();
    });
  };
}
