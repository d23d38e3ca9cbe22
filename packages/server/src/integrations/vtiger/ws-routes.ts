import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { parse } from 'node:querystring';
import type { AppContext } from '../../app-context.js';
import { runOperation } from './ws-operations.js';
import { wsErrorOf } from './ws-error.js';

/**
 * `/webservice.php`: vTiger's webservice, so existing vTiger integrations keep working against Karta. Always
 * HTTP 200 with `{"success":true,"result"}` or `{"success":false,"error":{"message","code"}}`; parameters from
 * the query string (GET) or a form body (POST); the session is the `sessionName` parameter, never a cookie.
 */
const MAX_BODY = 5 * 1024 * 1024;
const failure = (code: string | number, message: string) => ({ success: false, error: { message, code } });

export function webserviceRoutes(app: AppContext) {
  return async (f: FastifyInstance): Promise<void> => {
    // PHP's cURL posts an array as multipart/form-data: its fields are the parameters; a file's bytes are dropped
    // unread. Bounded like the form body: 5 MB declared, and at most 30 fields of 2 MB when sent in chunks.
    await f.register(multipart, {
      attachFieldsToBody: 'keyValues', onFile: (part) => { part.file.resume(); },
      limits: { fieldSize: 2 * 1024 * 1024, fields: 30, parts: 40, fileSize: MAX_BODY },
    });
    f.addHook('onRequest', async (req, reply) => {
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return reply.send(failure('INVALID_PARAMETER', 'The request is too large'));
    });
    // Whatever fails before an operation runs (a malformed or oversized body) still answers in vTiger's envelope.
    f.setErrorHandler(async (err, _req, reply) => reply.code(200).send(failure('INVALID_PARAMETER', (err as Error).message || 'Invalid request')));
    f.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_BODY }, (_req, body, done) => {
      done(null, parse(body as string));
    });
    const handle = async (method: 'GET' | 'POST', query: unknown, body: unknown) => {
      const params = { ...(query as Record<string, unknown>), ...(method === 'POST' && body && typeof body === 'object' ? body as Record<string, unknown> : {}) };
      for (const [k, v] of Object.entries(params)) if (Array.isArray(v)) params[k] = v[v.length - 1];
      try {
        const { result } = await runOperation(app, method, params);
        return { success: true, result };
      } catch (err) {
        const e = wsErrorOf(err, 'en');
        if (e.code === 'INTERNAL_SERVER_ERROR') f.log.error({ err }, 'webservice operation failed');
        return failure(e.code, e.message);
      }
    };
    const schema = { hide: true } as never;
    f.get('/webservice.php', { schema }, async (req) => handle('GET', req.query, undefined));
    f.post('/webservice.php', { schema }, async (req) => handle('POST', req.query, req.body));
  };
}
