import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';

const ui = () => import('./print-ui');
const PrintDialog = lazy(() => ui().then((m) => ({ default: m.PrintDialog })));
const PrintBodyInput = lazy(() => ui().then((m) => ({ default: m.PrintBodyInput })));
const ModuleInput = lazy(() => import('../automation/pickers').then((m) => ({ default: m.ModuleInput })));

/** Printing: "Print…" on every record (the module's templates), and the print template editor with its live preview. */
export const printPlugin: AreaPlugin = {
  extensions: {
    print_templates: { fieldInputs: { module: ModuleInput, body_html: PrintBodyInput } },
  },
  everyModule: {
    actions: [{ key: 'print', labelKey: 'print.print', dialog: PrintDialog }],
  },
};
