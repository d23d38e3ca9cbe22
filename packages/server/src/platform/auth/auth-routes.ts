import type { FastifyInstance } from 'fastify';
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
import { dateTime, doc, listOf, nullable, obj, ref, str, uuid } from '../../engine/http/openapi/schema.js';
import { USER } from '../../engine/http/openapi/common.js';


/** Public login plus the authenticated session/token routes. */
export function loginRoutes(app: AppContext) {
  return async (f: FastifyInstance) => {
    f.post('/auth/login', doc({
      tags: ['auth'], summary: 'Sign in: a session cookie and the CSRF token for writes', public: true,
      body: obj({ username: str(), password: str() }, ['username', 'password']),
      response: { 200: obj({ user: USER, csrf_token: str() }, ['user', 'csrf_token']), 401: ref('Error'), 429: ref('Error') },
    }), async (req, reply) => {
      const lang = requestLang(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const username = typeof body.username === 'string' ? body.username.trim().toLowerCase() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      if (!username || !password) throw new AppError('VALIDATION_FAILED', 'Wrong username or password', { username: 'is required', password: 'is required' });
      const db = app.database.db;
      const keys: [string, string] = [`u:${username}`, `ip:${req.ip}`];
      await refuseWhenThrottled(db, keys, [app.config.loginMaxAttempts, app.config.loginMaxPerAddress], reply);
      const r = await sql<Record<string, unknown>>`select ${sql.raw(USER_COLUMNS)}, password_hash from users where lower(username) = ${username} and active`.execute(db);
      const user = r.rows[0];
      const ok = user ? await verifyPassword(user.password_hash as string, password) : (await verifyPassword(await dummyHash(), password), false);
      if (!ok) {
        await recordLoginFailure(db, keys);
        throw new AppError('UNAUTHENTICATED', 'Wrong username or password');
      }
      await clearLoginFailures(db, keys[0]);
      const session = await createSession(db, user.id as string, { idleMs: app.config.sessionIdleMs, absoluteMs: app.config.sessionAbsoluteMs });
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true, sameSite: 'lax', path: '/', secure: servedOverHttps(req, app.config.publicUrl), maxAge: Math.floor(app.config.sessionAbsoluteMs / 1000),
      });
      return { user: userJson(user), csrf_token: session.csrf };
    });
  };
}

export function sessionRoutes(app: AppContext) {
  return async (f: FastifyInstance) => {
    f.post('/auth/logout', doc({ tags: ['auth'], summary: 'Sign out', response: { 204: 'signed out' } }), async (req, reply) => {
      if (req.sessionToken) await deleteSession(app.database.db, req.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.code(204).send();
    });
    f.get('/auth/me', doc({ tags: ['auth'], summary: 'The signed-in user and the CSRF token', response: { 200: obj({ user: USER, csrf_token: nullable(str()) }, ['user']) } }), async (req) => {
      const r = await sql<Record<string, unknown>>`select ${sql.raw(USER_COLUMNS)} from users where id = ${req.ctx.user.id}`.execute(req.ctx.db);
      return { user: userJson(r.rows[0]), csrf_token: req.csrfToken ?? null };
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
      reply.code(201);
      return { id, token };
    });
    f.delete<{ Params: { id: string } }>('/auth/tokens/:id', doc({ tags: ['auth'], summary: 'Revoke an API token', response: { 204: 'revoked' } }), async (req, reply) => {
      const r = await sql`update api_tokens set revoked_at = now() where id::text = ${req.params.id}
        and user_id = ${req.ctx.user.id} and revoked_at is null returning id`.execute(req.ctx.db);
      if (!r.rows.length) throw new AppError('NOT_FOUND', 'No such token');
      reply.code(204).send();
    });
  };
}
