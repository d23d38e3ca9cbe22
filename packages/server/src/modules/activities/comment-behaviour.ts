import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { AppError } from '../../platform/errors.js';
import { fieldMessage, isUuid, type Lang } from '@karta/shared';
import type { Tx } from '../../platform/db.js';
import { sql } from 'kysely';
import { validationError } from '../../engine/records/validate-input.js';
import { translated } from '../../platform/messages/say.js';

/** A comment is changed or deleted only by the one who wrote it (administrators excepted). */
export const commentBehaviour: ModuleBehaviour = {
  async beforeWrite(ctx, change) {
    const ids = change.values.mention_ids;
    if (ids !== undefined && ids !== null) {
      if (!Array.isArray(ids) || ids.length > 50 || !ids.every(isUuid)) throw validationError({ mention_ids: 'must be a list of record ids' }, ctx.lang);
      const unique = [...new Set(ids.map((x) => x.toLowerCase()))];
      const r = await sql<{ n: number }>`select count(*)::int as n from users where id = any(${unique}::uuid[]) and active`.execute(ctx.db);
      if (Number(r.rows[0].n) !== unique.length) throw validationError({ mention_ids: translated(fieldMessage('not_found', ctx.lang)) }, ctx.lang);
      change.values.mention_ids = unique;
    }
    // A move the system makes (a converted lead's comments go with it; a reference's module follows the reference)
    // changes nothing the author wrote.
    const system = new Set(change.systemFields ?? []);
    const systemMove = change.action === 'update' && system.size > 0 && Object.keys(change.values).every((k) => system.has(k) || system.has(k.replace(/_module$/, '')));
    // A reply sits in its parent's thread: on the same record (readers of one record never see half another's thread).
    if (!systemMove && (change.action === 'create' || 'parent_id' in change.values || 'related_to' in change.values)) await sameThread(ctx.db, { ...change.before, ...change.values }, ctx.lang);
    // Nor does a comment with replies leave for another record without them.
    if (!systemMove && change.action === 'update' && 'related_to' in change.values && change.values.related_to !== change.before?.related_to) {
      // (Replies in the recycle bin count: restored, they would come back to the old record.)
      const replies = await sql`select 1 from comments where parent_id = ${change.id}::uuid limit 1`.execute(ctx.db);
      if (replies.rows.length) throw validationError({ related_to: 'cannot change while the comment has replies' }, ctx.lang);
    }
    if (change.action === 'create' || !change.before || ctx.user.isAdmin || systemMove) return;
    if (change.before.created_by !== ctx.user.id) throw new AppError('FORBIDDEN', 'Only its author can change or delete a comment');
  },
};

async function sameThread(db: Tx, comment: Record<string, unknown>, lang: Lang): Promise<void> {
  if (typeof comment.parent_id !== 'string' || !comment.parent_id) return;
  const parent = (await sql<{ related_to: string | null }>`select related_to::text from comments where id = ${comment.parent_id}::uuid`.execute(db)).rows[0];
  if (parent && parent.related_to !== (comment.related_to ?? null)) throw validationError({ parent_id: 'must be a comment on the same record' }, lang);
}
