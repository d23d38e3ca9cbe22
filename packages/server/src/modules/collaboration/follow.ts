/**
 * Following a record: `GET /records/{module}/{id}/follow` → `{"following":bool,"followers":n}`, `PUT` to follow,
 * `DELETE` to stop. Followers get a notification when someone else changes the record (follow-listener below).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isUuid } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import { getRecord } from '../../engine/records/get.js';
import { recordLabel } from '../../engine/records/serialize.js';
import { contextFor } from '../../engine/system-context.js';
import { withoutHiddenFields } from '../../engine/access/field-view.js';
import { notify } from '../activities/notifications.js';
import { bool, doc, int, obj } from '../../engine/http/openapi/schema.js';

const FOLLOW = obj({ following: bool(), followers: int() }, ['following', 'followers']);

export async function followRoutes(api: FastifyInstance): Promise<void> {
  const state = async (db: any, userId: string, id: string) => {
    const r = await sql<{ following: boolean; followers: number }>`select bool_or(user_id = ${userId}) as following, count(*)::int as followers
      from follows where record_id = ${id}`.execute(db);
    return { following: !!r.rows[0]?.following, followers: r.rows[0]?.followers ?? 0 };
  };
  api.get<{ Params: { module: string; id: string } }>('/records/:module/:id/follow', doc({ tags: ['collaboration'], summary: 'Do I follow this record, and how many do', response: { 200: FOLLOW } }), async (req) => {
    await getRecord(req.ctx, req.params.module, req.params.id);
    return state(req.ctx.db, req.ctx.user.id, req.params.id);
  });
  api.put<{ Params: { module: string; id: string } }>('/records/:module/:id/follow', doc({ tags: ['collaboration'], summary: 'Follow a record', response: { 200: FOLLOW } }), async (req) => {
    await getRecord(req.ctx, req.params.module, req.params.id);
    await sql`insert into follows (user_id, module, record_id) values (${req.ctx.user.id}, ${req.params.module}, ${req.params.id})
      on conflict do nothing`.execute(req.ctx.db);
    return state(req.ctx.db, req.ctx.user.id, req.params.id);
  });
  api.delete<{ Params: { module: string; id: string } }>('/records/:module/:id/follow', doc({ tags: ['collaboration'], summary: 'Stop following a record', response: { 200: FOLLOW } }), async (req) => {
    // One's own follow goes even of a record no longer visible to them; the counts are only for those who see it.
    if (isUuid(req.params.id)) await sql`delete from follows where user_id = ${req.ctx.user.id} and record_id = ${req.params.id}`.execute(req.ctx.db);
    const seen = await getRecord(req.ctx, req.params.module, req.params.id).then(() => true, () => false);
    return seen ? state(req.ctx.db, req.ctx.user.id, req.params.id) : { following: false, followers: 0 };
  });
}

/**
 * After a committed change: a notification to each follower but the one who made it (and only if they may still see it).
 * A record marked "Notify owner" (accounts, contacts — vTiger's flag) makes its owner such a follower too.
 */
export function registerFollowListeners(app: AppContext): void {
  const db = app.database.db;
  for (const def of app.meta.registry.list()) {
    app.events.on(`${def.name}.updated`, async (p: { module: string; id: string; record: Record<string, unknown>; userId: string; changes?: Record<string, unknown> }) => {
      const owner = p.record.notify_owner === true && typeof p.record.assigned_to === 'string' ? p.record.assigned_to : null;
      const r = await sql<{ user_id: string }>`select f.user_id from follows f join users u on u.id = f.user_id and u.active
        where f.record_id = ${p.id} and f.user_id <> ${p.userId}
        union select u.id from users u where u.id = ${owner}::uuid and u.active and u.id <> ${p.userId}`.execute(db);
      if (!r.rows.length) return;
      for (const f of r.rows) {
        // Each follower hears of the fields they may see (none: nothing to tell), under the label they may see.
        // (A follower deactivated meanwhile, or who may no longer read the record, hears nothing; the others do.)
        const reader = await contextFor(app, f.user_id).catch(() => null);
        const record = reader && await getRecord(reader, p.module, p.id).then((x) => x.data, () => null);
        if (!reader || !record) continue;
        const changes = p.changes ?? {};
        const fields = Object.keys(withoutHiddenFields(reader.registry, p.module, changes));
        if (Object.keys(changes).length && !fields.length) continue;
        const label = recordLabel(reader.registry.module(p.module), record);
        await notify(db, { userId: f.user_id, kind: 'followed_change', module: p.module, recordId: p.id, label, message: `${label}: ${fields.join(', ')}` });
      }
    });
  }
}
