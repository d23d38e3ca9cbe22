import type { AreaPlugin } from '../../records/record/module-extensions';

/** The sales area's views, actions and pages. */
export const salesPlugin: AreaPlugin = {};
