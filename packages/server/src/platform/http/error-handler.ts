/**
 * Every failure answers with the error envelope of API.md in the caller's language — Karta's own errors,
 * Fastify's (bad JSON, too large, wrong media type), the database being away (503, retried by the caller) and
 * requests so malformed that Node's HTTP parser refuses them before any route runs.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { requestLang } from '../auth/authenticate.js';
import { isDatabaseUnavailable } from '../db.js';
import { AppError } from '../errors.js';
import { tr, type MessageKey } from '../messages.js';
import { BASE_SECURITY_HEADERS } from './security-headers.js';

type Lang = ReturnType<typeof requestLang>;

function callerLang(req: FastifyRequest): Lang {
  return (req as { ctx?: { lang: Lang } }).ctx?.lang ?? requestLang(req);
}

function send(reply: FastifyReply, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).send({ error: { code, message, ...extra } });
}

export function errorHandler(f: FastifyInstance) {
  return (err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    const lang = callerLang(req);
    const say = (key: MessageKey, params?: Record<string, string>) => tr(key, lang, params);
    if (err instanceof AppError) {
      return send(reply, err.status, err.code, err.message, err.fields ? { fields: err.fields } : {});
    }
    if (isDatabaseUnavailable(err)) {
      reply.header('retry-after', '5');
      return send(reply, 503, 'UNAVAILABLE', say('db_unavailable'));
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 413, 'PAYLOAD_TOO_LARGE', say('body_too_large'));
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(reply, 400, 'VALIDATION_FAILED', say('send_json'));
    if (fe.statusCode === 429) return send(reply, 429, 'RATE_LIMITED', say('too_many_requests'));
    if (fe.code === 'KARTA_INVALID_UTF8') return send(reply, 400, 'VALIDATION_FAILED', say('invalid_utf8'));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const bad = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe instanceof SyntaxError;
      return send(reply, 400, 'VALIDATION_FAILED', say(bad ? 'invalid_json' : 'invalid_request'));
    }
    // Invalid input values that reached the database (e.g. an out-of-range number) are the caller's fault.
    const pgCode = (err as { code?: string }).code;
    if (pgCode && /^22/.test(pgCode)) return send(reply, 400, 'VALIDATION_FAILED', say('out_of_range'));
    if (pgCode === '23505') return send(reply, 409, 'CONFLICT', say('duplicate_value'));
    f.log.error({ err, reqId: req.id }, 'request failed');
    if (!f.log.level || f.log.level === 'silent') console.error(`request ${req.id} failed`, err);
    return send(reply, 500, 'INTERNAL', say('internal', { id: String(req.id) }), { request_id: req.id });
  };
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  return send(reply, 404, 'NOT_FOUND', tr('no_route', callerLang(req), { method: req.method, path: req.url.split('?')[0] }));
}

/**
 * A request Node's parser refuses (control bytes in a header, a broken request line) never reaches Fastify's
 * hooks: answer it here, with the envelope and the security headers, then close the connection.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const body = JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: tr(err.code === 'HPE_INVALID_HEADER_TOKEN' ? 'bad_header' : 'invalid_request', 'en') } });
  const headers = { ...BASE_SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  socket.end(`HTTP/1.1 400 Bad Request\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
}
