import { lazy } from 'react';
import { runAction } from '../../api/records';
import type { AreaPlugin, ModuleExtension, RecordAction } from '../../records/record/module-extensions';

const LinesTab = lazy(() => import('./lines-tab').then((m) => ({ default: m.LinesTab })));
const StockTab = lazy(() => import('./stock-tab').then((m) => ({ default: m.StockTab })));
const PricesTab = lazy(() => import('./prices-tab').then((m) => ({ default: m.PricesTab })));
const editor = (name: 'GroupMarkupsEditor' | 'GroupDiscountsEditor' | 'QuantityDiscountsEditor' | 'OverridesEditor' | 'GroupPriceTypesEditor') => lazy(() => import('./offer-editors').then((m) => ({ default: m[name] })));
const PriceListTool = lazy(() => import('./prices-tab').then((m) => ({ default: m.PriceListTool })));
const TiersEditor = lazy(() => import('./loyalty-ui').then((m) => ({ default: m.TiersEditor })));
const PointsTab = lazy(() => import('./loyalty-ui').then((m) => ({ default: m.PointsTab })));
const RedeemPointsDialog = lazy(() => import('./loyalty-ui').then((m) => ({ default: m.RedeemPointsDialog })));
const DeviationsTool = lazy(() => import('./deviations-tool').then((m) => ({ default: m.DeviationsTool })));

const pdf: RecordAction = {
  key: 'pdf', labelKey: 'inventory.pdf',
  async run({ module, record }) { window.open(`/api/v1/records/${module.name}/${record.id}/pdf`, '_blank', 'noopener'); },
};
const convert = (to: string): RecordAction => ({
  key: `convert_${to}`, labelKey: `inventory.convert_to_${to}`,
  async run({ module, record }) {
    const r = await runAction(module.name, record.id, 'convert', { to }) as { data: { id: string } };
    return `/${to}/${r.data.id}`;
  },
});

const document = (...actions: RecordAction[]): ModuleExtension => ({
  tabs: [{ key: 'lines', labelKey: 'inventory.lines', component: LinesTab, first: true }],
  actions: [pdf, ...actions],
});

/** An action that makes a document from this record and opens it. */
const makeDocument = (key: string, module: string, target: string): RecordAction => ({
  key, labelKey: `inventory.${key}`,
  async run({ record }) {
    const r = await runAction(module, record.id, key) as { data: { id: string } };
    return `/${target}/${r.data.id}`;
  },
});

/** Quotes, orders, invoices and purchase orders: line items with live totals, PDF, the conversion chain. */
export const inventoryPlugin: AreaPlugin = {
  extensions: {
    quotes: document(convert('sales_orders'), convert('invoices')),
    sales_orders: document(convert('invoices')),
    invoices: document({
      key: 'redeem_points', labelKey: 'loyalty.redeem', dialog: RedeemPointsDialog,
      visible: (r) => !!r.loyalty_card_id && r.status !== 'paid' && r.status !== 'cancelled',
    }),
    purchase_orders: document(),
    products: {
      tabs: [{ key: 'stock', labelKey: 'inventory.stock', component: StockTab }, { key: 'prices', labelKey: 'pricing.prices', component: PricesTab }],
      actions: [makeDocument('create_purchase_order', 'products', 'purchase_orders')],
    },
    services: { tabs: [{ key: 'prices', labelKey: 'pricing.prices', component: PricesTab }] },
    price_types: { fieldInputs: { group_markups: editor('GroupMarkupsEditor') }, listTools: [PriceListTool] },
    offers: { fieldInputs: { overrides: editor('OverridesEditor'), group_price_types: editor('GroupPriceTypesEditor'), group_discounts: editor('GroupDiscountsEditor'), quantity_discounts: editor('QuantityDiscountsEditor') }, listTools: [DeviationsTool] },
    loyalty_programs: { fieldInputs: { tiers: TiersEditor } },
    loyalty_cards: { tabs: [{ key: 'points', labelKey: 'loyalty.points', component: PointsTab }] },
    deals: { actions: [makeDocument('create_quote', 'deals', 'quotes')] },
  },
};
