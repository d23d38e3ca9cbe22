import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';

const ConvertLeadDialog = lazy(() => import('./convert-lead-dialog').then((m) => ({ default: m.ConvertLeadDialog })));
const StageHistoryTab = lazy(() => import('./stage-history-tab').then((m) => ({ default: m.StageHistoryTab })));

/** Sales: lead conversion, the deal's stage history. */
export const salesPlugin: AreaPlugin = {
  extensions: {
    leads: { actions: [{ key: 'convert', labelKey: 'sales.convert', dialog: ConvertLeadDialog, visible: (r) => !r.converted }] },
    deals: { tabs: [{ key: 'stages', labelKey: 'sales.stage_history', component: StageHistoryTab }] },
  },
};
