import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { getRecord } from '../../engine/records/get.js';
import { recordLabel } from '../../engine/records/serialize.js';
import { readableRefs } from '../../engine/access/visible-ids.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { enqueue } from '../../platform/jobs.js';
import { dataOf, dateTime, doc, listOf, nullable, obj, str, uuid } from '../../engine/http/openapi/schema.js';

const REMINDER = obj({ id: uuid(), user_id: uuid(), module: str(), record_id: uuid(), label: nullable(str()), note: nullable(str()), at: dateTime() }, ['id', 'module', 'record_id', 'at']);

interface NewReminder { module?: unknown; record_id?: unknown; at?: unknown; note?: unknown }

/**
 * Personal reminders on any record the caller may see: `POST /reminders {"module","record_id","at","note"}`,
 * `GET /reminders` (the caller's pending ones), `DELETE /reminders/{id}`.
 */
export async function reminderRoutes(api: FastifyInstance): Promise<void> {
  api.post('/reminders', doc({ tags: ['activities'], summary: 'Remind me about a record at a time', body: obj({ module: str(), record_id: uuid(), at: dateTime(), note: nullable(str({ maxLength: 500 })) }, ['module', 'record_id', 'at']), response: { 201: dataOf(REMINDER) } }), async (req, reply) => {
    const b = (req.body ?? {}) as NewReminder;
    const errors: FieldErrors = {};
    if (typeof b.module !== 'string' || !req.ctx.registry.has(b.module)) errors.module = 'must be a module name';
    if (typeof b.record_id !== 'string') errors.record_id = 'is required';
    const at = typeof b.at === 'string' ? new Date(b.at) : null;
    if (!at || Number.isNaN(at.getTime())) errors.at = 'must be a date-time';
    else if (at.getTime() < Date.now() - 60_000) errors.at = 'must be in the future';
    if (b.note !== undefined && b.note !== null && (typeof b.note !== 'string' || b.note.length > 500)) errors.note = 'must be text up to 500 characters';
    if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid reminder', errors);
    const module = b.module as string;
    const { data } = await getRecord(req.ctx, module, b.record_id as string);
    const id = uuidv7();
    const payload = { id, user_id: req.ctx.user.id, module, record_id: data.id, label: recordLabel(req.ctx.registry.module(module), data), note: (b.note as string | undefined) ?? null };
    await enqueue(req.ctx.db, { kind: 'personal_reminder', key: `personal:${id}`, payload, runAt: at! });
    reply.code(201);
    return { data: { ...payload, at: at!.toISOString() } };
  });
  api.get('/reminders', doc({ tags: ['activities'], summary: 'My pending personal reminders', response: { 200: listOf(REMINDER) } }), async (req) => {
    const r = await sql<{ payload: Record<string, unknown>; run_at: string }>`select payload, run_at from jobs
      where kind = 'personal_reminder' and done_at is null and payload->>'user_id' = ${req.ctx.user.id} order by run_at`.execute(req.ctx.db);
    const readable = await readableRefs(req.ctx, r.rows.map((x) => ({ module: String(x.payload.module), id: String(x.payload.record_id) })));
    return {
      data: r.rows.map((x) => {
        const visible = readable.has(`${String(x.payload.module)}:${String(x.payload.record_id)}`);
        return { ...x.payload, ...(visible ? {} : { label: null, note: null }), at: new Date(x.run_at).toISOString() };
      }),
    };
  });
  api.delete<{ Params: { id: string } }>('/reminders/:id', doc({ tags: ['activities'], summary: 'Drop a pending reminder', params: obj({ id: str() }), response: { 204: 'dropped' } }), async (req, reply) => {
    const r = await sql`delete from jobs where key = ${`personal:${req.params.id}`} and done_at is null and payload->>'user_id' = ${req.ctx.user.id}`.execute(req.ctx.db);
    if (!Number(r.numAffectedRows ?? 0)) throw new AppError('NOT_FOUND', 'No such reminder');
    reply.code(204);
  });
}
