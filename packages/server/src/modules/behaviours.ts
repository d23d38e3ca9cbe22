import type { ModuleBehaviour } from '../engine/registry/behaviour.js';

/** Module behaviour (hooks and actions) by module name; each module issue adds its own. */
export const standardBehaviours: Record<string, ModuleBehaviour> = {};
