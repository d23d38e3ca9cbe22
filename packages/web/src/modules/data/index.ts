import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';
import { DataTools } from './data-tools';

const ImportWizardPage = lazy(() => import('./import-wizard').then((m) => ({ default: m.ImportWizardPage })));
const ImportPage = lazy(() => import('./import-page').then((m) => ({ default: m.ImportPage })));
const ImportsPage = lazy(() => import('./imports-page').then((m) => ({ default: m.ImportsPage })));
const DuplicatesPage = lazy(() => import('./duplicates-page').then((m) => ({ default: m.DuplicatesPage })));

/** Data in and out: the import wizard and its progress pages, duplicates and merge. */
export const dataPlugin: AreaPlugin = {
  everyModule: { listTools: [DataTools] },
  pages: [
    { path: 'import/:module', component: ImportWizardPage },
    { path: 'imports', component: ImportsPage },
    { path: 'imports/:id', component: ImportPage },
    { path: 'duplicates/:module', component: DuplicatesPage },
  ],
};
