/**
 * Every failure answers with the error envelope of API.md in the caller's language — Karta's own errors,
 * Fastify's (bad JSON, too large, wrong media type), the database being away (503, retried by the caller) and
 * requests so malformed that Node's HTTP parser refuses them before any route runs.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { isLang } from '@karta/shared';
import { sql } from 'kysely';
import { requestLang } from '../auth/authenticate.js';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { sha256 } from '../auth/tokens.js';
import { isDatabaseUnavailable, type DB } from '../db.js';
import { AppError } from '../errors.js';
import { tr, type MessageText } from '../messages/say.js';
import { BASE_SECURITY_HEADERS } from './security-headers.js';

type Lang = ReturnType<typeof requestLang>;

/** A signed-in portal customer's language (the portal is not the staff API: it has no `ctx`). */
const portalLang = (req: FastifyRequest): Lang | undefined => {
  const lang = (req as { portal?: { user: { language: string } } }).portal?.user.language;
  return isLang(lang) ? lang : undefined;
};

function callerLang(req: FastifyRequest): Lang {
  return (req as { ctx?: { lang: Lang } }).ctx?.lang ?? portalLang(req) ?? requestLang(req);
}

/**
 * The language of a request that failed before it was authenticated (a malformed body): `?lang=`, the signed-in
 * user's language when the session cookie says who it is, else Accept-Language. Only errors pay for the lookup.
 */
export type LangOf = (req: FastifyRequest) => Promise<Lang>;
export function langOfRequest(db: DB): LangOf {
  return async (req) => {
    const ctx = (req as { ctx?: { lang: Lang } }).ctx;
    if (ctx) return ctx.lang;
    const portal = portalLang(req);
    if (portal) return portal;
    const asked = (req.query as Record<string, unknown> | undefined)?.lang;
    if (isLang(asked)) return asked;
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      const r = await sql<{ language: string }>`select u.language from sessions s join users u on u.id = s.user_id
        where s.id = ${sha256(token)} and s.expires_at > now()`.execute(db).catch(() => null);
      if (isLang(r?.rows[0]?.language)) return r.rows[0].language as Lang;
    }
    return requestLang(req);
  };
}

function send(reply: FastifyReply, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).send({ error: { code, message, ...extra } });
}

const MULTIPART_BROKEN = /^(Multipart: |Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|Unsupported Content-Type\.|Boundary required|The needle cannot have a length bigger than 256\.)/;

export function errorHandler(f: FastifyInstance, langOf: LangOf) {
  return async (err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    const lang = isDatabaseUnavailable(err) ? callerLang(req) : await langOf(req);
    const say = (key: MessageText, params?: Record<string, string>) => tr(key, lang, params);
    if (err instanceof AppError) {
      const { message, fields } = err.render(lang);
      return send(reply, err.status, err.code, message, fields ? { fields } : {});
    }
    if (isDatabaseUnavailable(err)) {
      reply.header('retry-after', '5');
      return send(reply, 503, 'UNAVAILABLE', say('The database cannot be reached right now; try again in a moment'));
    }
    const fe = err as FastifyError;
    // An upload over the multipart limit says 413 too (FST_REQ_FILE_TOO_LARGE and kin).
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) return send(reply, 413, 'PAYLOAD_TOO_LARGE', say('The request body is too large'));
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(reply, 400, 'VALIDATION_FAILED', say('Send JSON (Content-Type: application/json)'));
    if (fe.statusCode === 429) return send(reply, 429, 'RATE_LIMITED', say('Too many requests; wait a moment and try again'));
    // The multipart parser's own refusals of a broken body (no boundary, cut short) are plain Errors.
    if (!fe.statusCode && MULTIPART_BROKEN.test(fe.message ?? '')) return send(reply, 400, 'VALIDATION_FAILED', say('Send the file as multipart/form-data'));
    if (fe.code === 'KARTA_INVALID_UTF8') return send(reply, 400, 'VALIDATION_FAILED', say('The body is not valid UTF-8 text'));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const bad = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe instanceof SyntaxError;
      return send(reply, 400, 'VALIDATION_FAILED', say(bad ? 'The body is not valid JSON' : 'The request is not valid'));
    }
    // Invalid input values that reached the database (e.g. an out-of-range number) are the caller's fault.
    const pgCode = (err as { code?: string }).code;
    if (pgCode && /^22/.test(pgCode)) return send(reply, 400, 'VALIDATION_FAILED', say('A value is out of range or malformed'));
    if (pgCode === '23505') return send(reply, 409, 'CONFLICT', say('A record with this value already exists'));
    f.log.error({ err, reqId: req.id }, 'request failed');
    if (!f.log.level || f.log.level === 'silent') console.error(`request ${req.id} failed`, err);
    return send(reply, 500, 'INTERNAL', say('Internal error (request {id})', { id: String(req.id) }), { request_id: req.id });
  };
}

export function notFoundHandler(langOf: LangOf) {
  return async (req: FastifyRequest, reply: FastifyReply) =>
    send(reply, 404, 'NOT_FOUND', tr('No route {method} {path}', await langOf(req), { method: req.method, path: req.url.split('?')[0] }));
}

/**
 * A request Node's parser refuses (control bytes in a header, a broken request line) never reaches Fastify's
 * hooks: answer it here, with the envelope and the security headers, then close the connection.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const body = JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: tr(err.code === 'HPE_INVALID_HEADER_TOKEN' ? 'A request header is not valid' : 'The request is not valid', 'en') } });
  const headers = { ...BASE_SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  socket.end(`HTTP/1.1 400 Bad Request\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
}
