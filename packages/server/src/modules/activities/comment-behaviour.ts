import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { AppError } from '../../platform/errors.js';

/** A comment is changed or deleted only by the one who wrote it (administrators excepted). */
export const commentBehaviour: ModuleBehaviour = {
  beforeWrite(ctx, change) {
    if (change.action === 'create' || !change.before || ctx.user.isAdmin) return;
    if (change.before.created_by !== ctx.user.id) throw new AppError('FORBIDDEN', 'Only its author can change or delete a comment');
  },
};
