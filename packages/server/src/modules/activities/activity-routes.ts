import type { FastifyInstance } from 'fastify';
import { calendar } from './calendar.js';
import { TIMELINE_KINDS, timeline } from './timeline.js';
import { any, arr, bool, dateTime, doc, int, nullable, obj, str, uuid } from '../../engine/http/openapi/schema.js';

const CAL_ITEM = obj({ module: str({ enum: ['events', 'tasks'] }), id: uuid(), subject: str(), start: str(), end: nullable(str()), all_day: bool(), status: nullable(str()), assigned_to: nullable(uuid()), related_to: nullable(uuid()), recurring: bool() }, ['module', 'id', 'start']);
const TIMELINE_ITEM = obj({ kind: str(), id: str(), at: dateTime(), user_id: nullable(uuid()), title: nullable(str()), detail: any(), about: nullable(obj({ module: str(), id: uuid(), label: str() })) }, ['kind', 'id', 'at', 'about']);

export async function activityRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Params: { module: string; id: string }; Querystring: { before?: string; limit?: string; kinds?: string; include?: string } }>(
    '/records/:module/:id/timeline', doc({ tags: ['activities'], summary: 'Everything that happened around a record, newest first', querystring: obj({ before: str({ description: 'next_before of the previous page (time|kind|id), or a date-time: items strictly earlier' }), limit: int({ minimum: 1, maximum: 200 }), kinds: str({ description: `comma-separated: ${TIMELINE_KINDS.join(', ')}` }), include: str({ enum: ['all', 'self'] }) }), response: { 200: obj({ data: arr(TIMELINE_ITEM), next_before: nullable(str({ description: 'the last item shown, as time|kind|id: pass it as before for the next page' })) }, ['data', 'next_before']) } }), async (req) => timeline(req.ctx, req.params.module, req.params.id, req.query));
  api.get<{ Querystring: { from?: string; to?: string; users?: string } }>('/calendar', doc({ tags: ['activities'], summary: 'Events (recurrences expanded, at most 5,000 items) and tasks in a window of up to 400 days', querystring: obj({ from: str(), to: str(), users: str({ description: 'user ids, comma-separated; default: me' }) }, ['from', 'to']), response: { 200: obj({ data: arr(CAL_ITEM), truncated: bool() }, ['data', 'truncated']) } }), async (req) => calendar(req.ctx, req.query));
}
