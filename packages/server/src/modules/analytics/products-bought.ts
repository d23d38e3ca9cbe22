/**
 * What an account has bought: its sold invoices' lines (not cancelled, not credit notes; alternatives only when
 * chosen) by product and by service — quantity, net in the company's currency, lines and the last invoice date. Run
 * as a report over lines, so the caller's visibility of the invoices and of the items, and the exchange rates, are
 * the reports' own.
 */
import type { Where } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import { getRecord } from '../../engine/records/get.js';
import { runReport } from './report-run.js';
import { soldInvoices } from './sold-invoices.js';
import type { ReportDefinition } from './report-definition.js';

export interface BoughtItem {
  item_module: 'products' | 'services'; item_id: string; label: string;
  quantity: string | null; net: string | null; lines: number; last_date: string | null;
}

const AGGREGATES: ReportDefinition['aggregates'] = [
  { fn: 'count' }, { field: 'lines.quantity', fn: 'sum' }, { field: 'lines.net', fn: 'sum' }, { field: 'invoice_date', fn: 'max' },
];

export async function productsBought(ctx: RequestContext, accountId: string) {
  await getRecord(ctx, 'accounts', accountId); // 404 unless the caller sees the account
  const where: Where = { and: [{ field: 'account_id', op: 'eq', value: accountId }, soldInvoices()] };
  const items: BoughtItem[] = [];
  let currency = '';
  let withoutRate = 0;
  for (const module of ['products', 'services'] as const) {
    const field = module === 'products' ? 'product_id' : 'service_id';
    const r = await runReport(ctx, {
      module: 'invoices', type: 'summary', where, line_where: { field, op: 'not_empty' }, group_by: [{ field: `lines.${field}` }], aggregates: AGGREGATES,
    });
    currency = r.currency;
    withoutRate += r.missing_rates.reduce((n, m) => n + m.count, 0);
    for (const g of r.groups) {
      if (!g.key) continue;
      const a = g.aggregates;
      items.push({
        item_module: module, item_id: g.key, label: g.label, quantity: (a['sum_lines.quantity'] as string | null) ?? null, net: (a['sum_lines.net'] as string | null) ?? null,
        lines: Number(a.count ?? 0), last_date: (a.max_invoice_date as string | null) ?? null,
      });
    }
  }
  // The latest bought first.
  items.sort((x, y) => String(y.last_date ?? '').localeCompare(String(x.last_date ?? '')) || x.label.localeCompare(y.label));
  return { data: items, currency, lines_without_rate: withoutRate };
}
