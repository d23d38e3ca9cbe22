/**
 * Where a request's time goes, for `npm run bench` (`KARTA_SERVER_TIMING=1`): a `Server-Timing` header with the time
 * up to the end of authentication (parsing, routing, the session or token and the user), the handler, the SQL of the
 * whole request (summed over its statements, from the query builder's log) and serialisation. Off by default: then
 * no hook is installed and no query is timed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';

interface Timing { start: number; authenticated?: number; handled?: number; sqlMs: number; statements: number }

const current = new AsyncLocalStorage<Timing>();

export const serverTimingOn = (env: NodeJS.ProcessEnv = process.env) => env.KARTA_SERVER_TIMING === '1';

/** Kysely's log callback: each statement's duration, added to the request it ran for. */
export function timeStatement(event: { level: string; queryDurationMillis: number }): void {
  const t = current.getStore();
  if (!t) return;
  t.sqlMs += event.queryDurationMillis;
  t.statements += 1;
}

export function markAuthenticated(): void {
  const t = current.getStore();
  if (t) t.authenticated = performance.now();
}

const ms = (x: number) => Math.max(0, x).toFixed(2);

export function registerServerTiming(f: FastifyInstance): void {
  // Callback style, so the rest of the request runs inside the store.
  f.addHook('onRequest', (_req, _reply, done) => current.run({ start: performance.now(), sqlMs: 0, statements: 0 }, done));
  f.addHook('preSerialization', async (_req, _reply, payload) => {
    const t = current.getStore();
    if (t) t.handled = performance.now();
    return payload;
  });
  f.addHook('onSend', async (_req, reply, payload) => {
    const t = current.getStore();
    if (!t) return payload;
    const now = performance.now();
    const auth = (t.authenticated ?? t.start) - t.start;
    const handled = t.handled ?? now;
    reply.header('server-timing', [
      `auth;dur=${ms(auth)}`, `handler;dur=${ms(handled - (t.authenticated ?? t.start))}`, `sql;dur=${ms(t.sqlMs)};desc="${t.statements}"`,
      `serialize;dur=${ms(now - handled)}`, `total;dur=${ms(now - t.start)}`,
    ].join(', '));
    return payload;
  });
}
