import { isLang, type Lang } from '@karta/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { loadCurrentUser } from '../../engine/access/load-user.js';
import { AppError } from '../errors.js';
import { SESSION_COOKIE, findApiToken, findSession } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    sessionToken?: string;
    csrfToken?: string;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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
export function authenticate(app: AppContext) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const db = app.database.db;
    let userId: string | null = null;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      userId = await findApiToken(db, auth.slice(7).trim());
    } else {
      const token = req.cookies?.[SESSION_COOKIE];
      if (token) {
        const session = await findSession(db, token, { idleMs: app.config.sessionIdleMs, absoluteMs: app.config.sessionAbsoluteMs });
        if (session) {
          userId = session.userId;
          req.sessionToken = token;
          req.csrfToken = session.csrf;
          if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== session.csrf) {
            throw new AppError('CSRF', 'Missing or wrong X-CSRF-Token header');
          }
        }
      }
    }
    if (!userId) throw new AppError('UNAUTHENTICATED', 'Please log in');
    const user = await loadCurrentUser(db, userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Please log in');
    const meta = await app.meta.fresh();
    const lang = (req.query as Record<string, unknown>)?.lang;
    req.ctx = {
      db, registry: meta.registry, user, sharing: meta.sharing, events: app.events,
      lang: isLang(lang) ? lang : user.language,
    };
  };
}
