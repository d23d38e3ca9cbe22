/** invoices — customer invoices (Счета); creating one takes the goods out of stock. */
import { TODAY_DEFAULT, type ModuleDef } from '@karta/shared';
import { date, hasMany, opts, ref, t } from '../common.js';
import { inventoryModule } from '../inventory.js';
import { LABELS } from '../labels.js';

const INVOICE_STATUSES = opts(
  ['created', 'Created', 'Создан', 'Створено', '已创建'],
  ['approved', 'Approved', 'Утверждён', 'Затверджено', '已批准'],
  ['sent', 'Sent', 'Отправлен', 'Надіслано', '已发送'],
  ['credit_invoice', 'Credit invoice', 'Кредит-нота', 'Кредит-нота', '红字发票'],
  ['paid', 'Paid', 'Оплачен', 'Оплачено', '已付款'],
  ['cancelled', 'Cancelled', 'Отменён', 'Скасовано', '已取消'],
);

/** Invoices that are no sale: cancelled, or a credit note, which gives money back (sales figures and stock leave them out). */
export const UNSOLD_INVOICE_STATUSES = ['cancelled', 'credit_invoice'] as const;

export const invoicesModule: ModuleDef = inventoryModule({
  name: 'invoices',
  numberPrefix: 'INV',
  area: 'sales',
  headerLabel: t('Invoice information', 'Информация о счёте', 'Інформація про рахунок', '发票信息'),
  party: 'accounts',
  statusLabel: t('Invoice status', 'Статус счёта', 'Статус рахунку', '发票状态'),
  statuses: INVOICE_STATUSES,
  extra: [
    ref('sales_order_id', LABELS.sales_orders.one, 'sales_orders'),
    ref('quote_id', LABELS.quotes.one, 'quotes'),
    date('invoice_date', t('Invoice date', 'Дата счёта', 'Дата рахунку', '开票日期'), { default: TODAY_DEFAULT }),
    date('due_date', t('Due date', 'Срок оплаты', 'Термін оплати', '付款到期日')),
  ],
  relations: [hasMany('assets', 'assets', 'invoice_id', LABELS.assets.many)],
});
