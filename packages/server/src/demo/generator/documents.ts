/**
 * Documents of won deals and restocking: sales orders and invoices for the products of won deals (they take
 * stock out through the stock behaviour, as any invoice does) and purchase orders from vendors, some already
 * received (stock in). Everything goes through the record pipeline.
 */
import type { GenContext, ItemRef } from './context.js';
import { create } from './create.js';

const INVOICE_STATUSES: [string, number][] = [['paid', 50], ['sent', 25], ['approved', 15], ['created', 10]];
const ORDER_STATUSES: [string, number][] = [['delivered', 40], ['approved', 40], ['created', 20]];

/** A few lines of products (counted in stock) and sometimes a service. */
function lines(g: GenContext, products: ItemRef[]) {
  const out: Record<string, unknown>[] = [];
  const n = g.r.int(1, 3);
  for (let i = 0; i < n && products.length; i++) out.push({ item_module: 'products', item_id: g.r.pick(products).id, quantity: String(g.r.int(1, 4)) });
  if (g.pools.services.length && g.r.chance(0.4)) out.push({ item_module: 'services', item_id: g.r.pick(g.pools.services).id, quantity: '1' });
  return out;
}

export async function generateDocuments(g: GenContext, n: { sales_orders: number; invoices: number; purchase_orders: number }): Promise<void> {
  const products = g.pools.products.filter((p) => p.stocked);
  const won = g.pools.deals.filter((d) => d.status === 'won');
  const party = (i: number) => won.length ? won[i % won.length] : null;
  for (let i = 0; i < n.sales_orders; i++) {
    const d = party(i);
    if (!d) break;
    await create(g.ctx, 'sales_orders', {
      subject: d.name, account_id: d.account.id, contact_id: d.contact?.id ?? null, deal_id: d.id, currency: d.pack.currency,
      status: g.r.weighted(ORDER_STATUSES), lines: lines(g, products), assigned_to: d.owner,
    });
  }
  for (let i = 0; i < n.invoices; i++) {
    const d = party(i + n.sales_orders);
    if (!d) break;
    await create(g.ctx, 'invoices', {
      subject: d.name, account_id: d.account.id, contact_id: d.contact?.id ?? null, deal_id: d.id, currency: d.pack.currency,
      status: g.r.weighted(INVOICE_STATUSES), lines: lines(g, products), assigned_to: d.owner,
    });
  }
  for (let i = 0; i < n.purchase_orders && g.pools.vendors.length; i++) {
    const received = g.r.chance(0.6);
    await create(g.ctx, 'purchase_orders', {
      subject: `Закупка ${i + 1}`, vendor_id: g.r.pick(g.pools.vendors), status: received ? 'received_shipment' : g.r.pick(['created', 'approved', 'delivered']),
      lines: lines(g, products).filter((l) => l.item_module === 'products'), assigned_to: g.r.pick(g.owners.users),
    });
  }
}
