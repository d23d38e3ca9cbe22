import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';
import { FolderFilter } from './folder-filter';

const ReportTab = lazy(() => import('./report-tab').then((m) => ({ default: m.ReportTab })));
const ReportBuilderPage = lazy(() => import('./report-builder').then((m) => ({ default: m.ReportBuilderPage })));
const AbcXyzPage = lazy(() => import('./abc-xyz-page').then((m) => ({ default: m.AbcXyzPage })));
const ProductsBoughtTab = lazy(() => import('./products-bought-tab').then((m) => ({ default: m.ProductsBoughtTab })));
const RatesPage = lazy(() => import('./rates-page').then((m) => ({ default: m.RatesPage })));

/** Analytics: a report's result on its page, the report builder, exchange rates. */
export const analyticsPlugin: AreaPlugin = {
  extensions: {
    reports: { tabs: [{ key: 'result', labelKey: 'reports.result', component: ReportTab, first: true }], listTools: [FolderFilter] },
    accounts: { tabs: [{ key: 'products_bought', labelKey: 'bought.title', component: ProductsBoughtTab }] },
  },
  pages: [
    { path: 'reports/new', component: ReportBuilderPage },
    { path: 'reports/:id/edit', component: ReportBuilderPage },
    { path: 'analytics/abc-xyz', area: 'analytics', labelKey: 'abc.title', component: AbcXyzPage },
    { path: 'analytics/rates', area: 'analytics', labelKey: 'rates.title', component: RatesPage },
  ],
};
