import type { AreaPlugin } from '../../records/record/module-extensions';

/** The inventory area's views, actions and pages. */
export const inventoryPlugin: AreaPlugin = {};
