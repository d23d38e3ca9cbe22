import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { readableRefs } from '../../engine/access/visible-ids.js';
import { AppError } from '../../platform/errors.js';
import { subscribe, unreadCount } from './notifications.js';
import { arr, dateTime, doc, int, nullable, obj, str, uuid } from '../../engine/http/openapi/schema.js';

const NOTIFICATION = obj({ id: str(), kind: str(), record: nullable(obj({ module: str(), id: uuid(), label: nullable(str()) })), message: nullable(str()), created_at: dateTime(), read_at: nullable(dateTime()) }, ['id', 'kind']);

export async function notificationRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Querystring: { limit?: string } }>('/notifications', doc({ tags: ['activities'], summary: 'My notifications, newest first, and the unread count', querystring: obj({ limit: int({ minimum: 1, maximum: 200 }) }), response: { 200: obj({ data: arr(NOTIFICATION), unread: int() }, ['data', 'unread']) } }), async (req) => {
    const limit = Math.min(200, Math.max(1, Number(req.query.limit ?? 50) || 50));
    const r = await sql<Record<string, any>>`select id::text, kind, module, record_id, label, message, created_at, read_at from notifications
      where user_id = ${req.ctx.user.id} order by created_at desc, id desc limit ${limit}`.execute(req.ctx.db);
    // A record the user may no longer read (reassigned, deleted) is not named, nor what was said of it.
    const readable = await readableRefs(req.ctx, r.rows.map((n) => ({ module: n.module, id: n.record_id })));
    const hidden = (n: Record<string, any>) => !!n.record_id && !readable.has(`${n.module}:${n.record_id}`);
    return {
      data: r.rows.map((n) => ({
        id: n.id, kind: n.kind, record: n.record_id && !hidden(n) ? { module: n.module, id: n.record_id, label: n.label } : null,
        message: hidden(n) ? null : n.message, created_at: n.created_at, read_at: n.read_at,
      })),
      unread: await unreadCount(req.ctx.db, req.ctx.user.id),
    };
  });
  api.post<{ Params: { id: string } }>('/notifications/:id/read', doc({ tags: ['activities'], summary: 'Mark one read', params: obj({ id: str() }), response: { 204: 'read' } }), async (req, reply) => {
    if (!/^\d{1,18}$/.test(req.params.id)) throw new AppError('NOT_FOUND', 'No such notification');
    const r = await sql`update notifications set read_at = coalesce(read_at, now()) where id = ${req.params.id}::bigint and user_id = ${req.ctx.user.id} returning id`.execute(req.ctx.db);
    if (!r.rows.length) throw new AppError('NOT_FOUND', 'No such notification');
    return reply.code(204).send();
  });
  api.post('/notifications/read-all', doc({ tags: ['activities'], summary: 'Mark all read', response: { 204: 'read' } }), async (req, reply) => {
    await sql`update notifications set read_at = now() where user_id = ${req.ctx.user.id} and read_at is null`.execute(req.ctx.db);
    return reply.code(204).send();
  });
  // Server-sent events: the unread count, now and whenever it changes on this instance.
  api.get('/notifications/stream', doc({ tags: ['activities'], summary: 'Server-sent events: `unread` with the count, now and on every change', response: { 200: 'text/event-stream' } }), async (req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const send = (unread: number) => reply.raw.write(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
    send(await unreadCount(req.ctx.db, req.ctx.user.id));
    const off = subscribe(req.ctx.user.id, send);
    const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => { clearInterval(ping); off(); });
  });
}
