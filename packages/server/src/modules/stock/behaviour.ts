import type { ModuleBehaviour } from '../../engine/registry/behaviour.js';
import { hasMoved, reconcileStock, stockTrigger } from './stock.js';

/**
 * Sales documents move stock when they are the configured trigger; purchase orders always may. A document that moved
 * stock under the other setting keeps following it (cancelled or deleted, it gives its goods back).
 */
function stockBehaviour(module: 'invoices' | 'sales_orders' | 'purchase_orders'): ModuleBehaviour {
  return {
    async afterWrite(ctx, change, record) {
      if (module !== 'purchase_orders' && (await stockTrigger(ctx)) !== module && !(await hasMoved(ctx, change.id))) return;
      await reconcileStock(ctx, module, change.id, change.action === 'delete' ? null : record);
    },
  };
}

export const stockBehaviours: Record<string, ModuleBehaviour> = {
  invoices: stockBehaviour('invoices'),
  sales_orders: stockBehaviour('sales_orders'),
  purchase_orders: stockBehaviour('purchase_orders'),
};
