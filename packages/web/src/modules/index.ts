import type { AreaPlugin, ModuleExtension } from '../records/record/module-extensions';
import { activitiesPlugin } from './activities';
import { emailPlugin } from './email';
import { inventoryPlugin } from './inventory';
import { salesPlugin } from './sales';

/** Every area plugin; the generic pages read module views, actions, pages and header widgets from here. */
const plugins: AreaPlugin[] = [salesPlugin, inventoryPlugin, activitiesPlugin, emailPlugin];

export const moduleExtensions: Record<string, ModuleExtension> = {};
for (const p of plugins) {
  for (const [module, ext] of Object.entries(p.extensions ?? {})) {
    const had = moduleExtensions[module] ?? {};
    moduleExtensions[module] = {
      tabs: [...(had.tabs ?? []), ...(ext.tabs ?? [])],
      actions: [...(had.actions ?? []), ...(ext.actions ?? [])],
      listViews: [...(had.listViews ?? []), ...(ext.listViews ?? [])],
    };
  }
}
export const areaPages = plugins.flatMap((p) => p.pages ?? []);
export const headerWidgets = plugins.flatMap((p) => p.headerWidgets ?? []);
