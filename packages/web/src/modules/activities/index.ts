import type { AreaPlugin } from '../../records/record/module-extensions';

/** The activities area's views, actions and pages. */
export const activitiesPlugin: AreaPlugin = {};
