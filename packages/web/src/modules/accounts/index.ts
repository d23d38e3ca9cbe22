import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';

const HierarchyTab = lazy(() => import('./hierarchy-tab').then((m) => ({ default: m.HierarchyTab })));

/** Accounts: the tree of parents and subsidiaries. */
export const accountsPlugin: AreaPlugin = {
  extensions: { accounts: { tabs: [{ key: 'hierarchy', labelKey: 'record.hierarchy', component: HierarchyTab }] } },
};
