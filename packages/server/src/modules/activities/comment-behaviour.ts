import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { AppError } from '../../platform/errors.js';
import { fieldMessage, isUuid } from '@karta/shared';
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
    if (change.action === 'create' || !change.before || ctx.user.isAdmin) return;
    // A move the system makes (a converted lead's comments go with it; a reference's module follows the reference)
    // changes nothing the author wrote.
    const system = new Set(change.systemFields ?? []);
    if (change.action === 'update' && system.size && Object.keys(change.values).every((k) => system.has(k) || system.has(k.replace(/_module$/, '')))) return;
    if (change.before.created_by !== ctx.user.id) throw new AppError('FORBIDDEN', 'Only its author can change or delete a comment');
  },
};
