import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { validationError } from '../../engine/records/validate-input.js';

/**
 * Tasks go down the hierarchy: a user may give a task to themselves, to their groups and to people in the roles
 * below theirs (the owners whose records they see), not to a peer or a superior; administrators to anyone.
 */
export const taskAssignmentBehaviour: ModuleBehaviour = {
  beforeWrite(ctx, change) {
    if (change.action !== 'create' && change.action !== 'update') return;
    const to = change.values.assigned_to;
    if (typeof to !== 'string' || ctx.user.isAdmin || to === change.before?.assigned_to) return;
    if (!ctx.user.ownerIds.includes(to)) {
      throw validationError({ assigned_to: 'you can give tasks to yourself, your groups and people in roles below yours' }, ctx.lang);
    }
  },
};
