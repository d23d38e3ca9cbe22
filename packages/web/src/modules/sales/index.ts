import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';

const ConvertLeadDialog = lazy(() => import('./convert-lead-dialog').then((m) => ({ default: m.ConvertLeadDialog })));
const DealsKanban = lazy(() => import('./kanban').then((m) => ({ default: m.DealsKanban })));
const FunnelPage = lazy(() => import('./funnel-page').then((m) => ({ default: m.FunnelPage })));
const InterestPage = lazy(() => import('./interest-page').then((m) => ({ default: m.InterestPage })));
const NextStageBanner = lazy(() => import('./next-stage-banner').then((m) => ({ default: m.NextStageBanner })));
const DealStageInput = lazy(() => import('./stage-input').then((m) => ({ default: m.DealStageInput })));
const StagesEditor = lazy(() => import('./stages-editor').then((m) => ({ default: m.StagesEditor })));
const StagesDisplay = lazy(() => import('./stages-editor').then((m) => ({ default: m.StagesDisplay })));
const ChecklistDisplay = lazy(() => import('./stages-editor').then((m) => ({ default: m.ChecklistDisplay })));
const StageHistoryTab = lazy(() => import('./stage-history-tab').then((m) => ({ default: m.StageHistoryTab })));

/** Sales: lead conversion, the deal's stage history, the kanban board, the funnel. */
export const salesPlugin: AreaPlugin = {
  extensions: {
    leads: { actions: [{ key: 'convert', labelKey: 'sales.convert', dialog: ConvertLeadDialog, visible: (r) => !r.converted, primary: true }] },
    deals: {
      banners: [NextStageBanner],
      tabs: [{ key: 'stages', labelKey: 'sales.stage_history', component: StageHistoryTab }],
      listViews: [{ key: 'kanban', labelKey: 'sales.kanban', component: DealsKanban }],
      fieldInputs: { stage: DealStageInput },
      fieldDisplays: { stage_checklist: ChecklistDisplay },
    },
    deal_kinds: { fieldInputs: { stages: StagesEditor }, fieldDisplays: { stages: StagesDisplay } },
  },
  pages: [
    { path: 'analytics/funnel', area: 'analytics', labelKey: 'sales.funnel', component: FunnelPage },
    { path: 'analytics/interest', area: 'analytics', labelKey: 'sales.interest', component: InterestPage },
  ],
};
