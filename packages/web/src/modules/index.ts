import type { AreaPlugin, ModuleExtension } from '../records/record/module-extensions';
import { accountsPlugin } from './accounts';
import { activitiesPlugin } from './activities';
import { analyticsPlugin } from './analytics';
import { automationPlugin } from './automation';
import { dataPlugin } from './data';
import { emailPlugin } from './email';
import { inventoryPlugin } from './inventory';
import { printPlugin } from './print';
import { supportPlugin } from './support';
import { mailPlugin } from './mail';
import { salesPlugin } from './sales';
import { marketingPlugin } from './marketing';

/** Every area plugin; the generic pages read module views, actions, pages and header widgets from here. */
const plugins: AreaPlugin[] = [salesPlugin, inventoryPlugin, activitiesPlugin, emailPlugin, accountsPlugin, dataPlugin, analyticsPlugin, automationPlugin, printPlugin, supportPlugin, mailPlugin, marketingPlugin];

const merge = (a: ModuleExtension, b: ModuleExtension): ModuleExtension => ({
  tabs: [...(a.tabs ?? []), ...(b.tabs ?? [])],
  banners: [...(a.banners ?? []), ...(b.banners ?? [])],
  listTools: [...(a.listTools ?? []), ...(b.listTools ?? [])],
  actions: [...(a.actions ?? []), ...(b.actions ?? [])],
  listViews: [...(a.listViews ?? []), ...(b.listViews ?? [])],
  fieldInputs: { ...a.fieldInputs, ...b.fieldInputs },
  fieldDisplays: { ...a.fieldDisplays, ...b.fieldDisplays },
  cellDisplays: { ...a.cellDisplays, ...b.cellDisplays },
  listFields: [...(a.listFields ?? []), ...(b.listFields ?? [])],
});
const perModule: Record<string, ModuleExtension> = {};
for (const p of plugins) {
  for (const [module, ext] of Object.entries(p.extensions ?? {})) perModule[module] = merge(perModule[module] ?? {}, ext);
}
const everyModule = plugins.reduce<ModuleExtension>((all, p) => (p.everyModule ? merge(all, p.everyModule) : all), {});

/** The module's own views and actions, then those every module has. */
export function extensionFor(module: string): ModuleExtension {
  return merge(perModule[module] ?? {}, everyModule);
}
export const areaPages = plugins.flatMap((p) => p.pages ?? []);
export const headerWidgets = plugins.flatMap((p) => p.headerWidgets ?? []);
