import { isLang, type Lang } from '@karta/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { callerContext } from '../../engine/system-context.js';
import { markAuthenticated } from '../http/server-timing.js';
import { replicaReader } from '../http/read-replica.js';
import { AppError } from '../errors.js';
import type { CallerCache } from './caller-cache.js';
import { sha256 } from './tokens.js';
import { SESSION_COOKIE, findApiToken, findSession } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    sessionToken?: string;
    csrfToken?: string;
    /** The session may only set up two-factor sign-in (the role requires it and the user has none yet). */
    enrollOnly?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What a session that must first set up two-factor sign-in may call. */
const ENROLL_ROUTES = new Set(['/api/v1/auth/me', '/api/v1/auth/logout', '/api/v1/auth/2fa/enroll', '/api/v1/auth/2fa/confirm']);

/** The caller's language when no user is known: Accept-Language, else English. */
export function requestLang(req: FastifyRequest): Lang {
  const header = String(req.headers['accept-language'] ?? '');
  const first = header.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return isLang(first) ? first : 'en';
}

/**
 * Resolves the caller from a Bearer API token or the session cookie and builds the request context.
 * Cookie-authenticated unsafe requests must carry the session's CSRF token.
 */
export function authenticate(app: AppContext, callers: CallerCache) {
  const times = { idleMs: app.config.sessionIdleMs, absoluteMs: app.config.sessionAbsoluteMs };
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const db = app.database.db;
    let userId: string | null = null;
    let accessVersion = '';
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const token = auth.slice(7).trim();
      const found = await callers.read(`token:${sha256(token)}`, () => findApiToken(db, token));
      // A role that requires two-factor sign-in holds the token until its user has set it up (in a session).
      if (found?.enrollOnly) throw new AppError('FORBIDDEN', 'Set up two-factor sign-in first: your role requires it');
      if (found) ({ userId, accessVersion } = found);
    } else {
      const token = req.cookies?.[SESSION_COOKIE];
      if (token) {
        const session = await callers.read(`session:${sha256(token)}`, () => findSession(db, token, times));
        if (session) {
          userId = session.userId;
          accessVersion = session.accessVersion;
          req.sessionToken = token;
          req.csrfToken = session.csrf;
          req.enrollOnly = session.enrollOnly;
          if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== session.csrf) {
            throw new AppError('CSRF', 'Missing or wrong X-CSRF-Token header');
          }
        }
      }
    }
    if (!userId) throw new AppError('UNAUTHENTICATED', 'Please log in');
    if (req.enrollOnly && !ENROLL_ROUTES.has(req.routeOptions.url ?? '')) {
      throw new AppError('FORBIDDEN', 'Set up two-factor sign-in first: your role requires it');
    }
    const lang = (req.query as Record<string, unknown>)?.lang;
    const ctx = await callerContext(app, userId, accessVersion, isLang(lang) ? lang : undefined);
    if (!ctx) throw new AppError('UNAUTHENTICATED', 'Please log in');
    markAuthenticated();
    req.ctx = {
      ...ctx, ip: req.ip,
      ...(app.database.readDb ? { readDb: replicaReader(db, app.database.readDb, ctx.user.id, app.meta.loadedVersion) } : {}),
    };
  };
}
