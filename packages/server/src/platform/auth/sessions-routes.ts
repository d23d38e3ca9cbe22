import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../errors.js';
import { inTransaction } from '../db.js';
import { requireAdmin } from '../../engine/access/permissions.js';
import { bool, dateTime, doc, int, listOf, nullable, obj, str } from '../../engine/http/openapi/schema.js';
import { logSignIn, origin } from './login-audit.js';
import { sessionPublicId, signOutEverywhere } from './sessions.js';
import { sha256 } from './tokens.js';

const SESSION = obj({ id: str(), created_at: dateTime(), last_seen_at: dateTime(), ip: nullable(str()), user_agent: nullable(str()), current: bool() }, ['id', 'created_at', 'current']);

/** The user's own sessions, or (administrators) anyone's. */
function subject(req: FastifyRequest<{ Params: { id: string } }>): string {
  if (req.params.id !== req.ctx.user.id) requireAdmin(req.ctx);
  return req.params.id;
}

/** Where a user is signed in, one device at a time or everywhere at once. */
export async function sessionsRoutes(f: FastifyInstance): Promise<void> {
  f.get<{ Params: { id: string } }>('/users/:id/sessions', doc({ tags: ['auth'], summary: 'Where the user is signed in (the user, or administrators)', response: { 200: listOf(SESSION) } }), async (req) => {
    const userId = subject(req);
    const r = await sql<{ id: string; created_at: string; last_seen_at: string; ip: string | null; user_agent: string | null }>`
      select id, created_at, last_seen_at, ip, user_agent from sessions where user_id::text = ${userId} and expires_at > now() order by last_seen_at desc`.execute(req.ctx.db);
    const mine = req.sessionToken ? sha256(req.sessionToken) : null;
    return { data: r.rows.map((s) => ({ id: sessionPublicId(s.id), created_at: s.created_at, last_seen_at: s.last_seen_at, ip: s.ip, user_agent: s.user_agent, current: s.id === mine })) };
  });
  f.delete<{ Params: { id: string; session: string } }>('/users/:id/sessions/:session', doc({ tags: ['auth'], summary: 'Sign one session out', response: { 204: 'signed out' } }), async (req, reply) => {
    const userId = subject(req);
    const r = await sql<{ id: string }>`select id from sessions where user_id::text = ${userId}`.execute(req.ctx.db);
    const target = r.rows.find((s) => sessionPublicId(s.id) === req.params.session);
    if (!target) throw new AppError('NOT_FOUND', 'No such session');
    await inTransaction(req.ctx.db, async (trx) => {
      await sql`delete from sessions where id = ${target.id}`.execute(trx);
      await logSignIn(trx, { event: 'sessions_revoked', userId, ...origin(req), detail: { by: req.ctx.user.username, sessions: 1 } });
    });
    reply.code(204).send();
  });
  f.delete<{ Params: { id: string } }>('/users/:id/sessions', doc({ tags: ['auth'], summary: 'Sign out everywhere (your own current session stays)', response: { 200: obj({ signed_out: int() }, ['signed_out']) } }), async (req) => {
    const userId = subject(req);
    const keep = userId === req.ctx.user.id && req.sessionToken ? sha256(req.sessionToken) : '';
    const n = await inTransaction(req.ctx.db, async (trx) => {
      const n = await signOutEverywhere(trx, userId, keep);
      await logSignIn(trx, { event: 'sessions_revoked', userId, ...origin(req), detail: { by: req.ctx.user.username, sessions: n } });
      return n;
    });
    return { signed_out: n };
  });
}
