import type { Migration } from '../engine/schema/core-migrations.js';

/**
 * System tables of module areas (stage history, stock movements, notifications, files…), applied after
 * the core ones in version order. Reserved versions: 100–199 sales, 200–299 inventory and documents,
 * 300–399 activities and collaboration. Append only.
 */
export const MODULE_MIGRATIONS: Migration[] = [];
