/** sales_orders — confirmed customer orders (Заказы на продажу); convert to an invoice. */
import { TODAY_DEFAULT, type ModuleDef } from '@karta/shared';
import { date, hasMany, opts, ref, t, text } from '../common.js';
import { inventoryModule } from '../inventory.js';
import { LABELS } from '../labels.js';

const ORDER_STATUSES = opts(
  ['created', 'Created', 'Создан', 'Створено', '已创建'],
  ['approved', 'Approved', 'Утверждён', 'Затверджено', '已批准'],
  ['delivered', 'Delivered', 'Доставлен', 'Доставлено', '已交付'],
  ['cancelled', 'Cancelled', 'Отменён', 'Скасовано', '已取消'],
);

export const salesOrdersModule: ModuleDef = inventoryModule({
  name: 'sales_orders',
  numberPrefix: 'SO',
  area: 'sales',
  headerLabel: t('Sales order information', 'Информация о заказе', 'Інформація про замовлення', '销售订单信息'),
  party: 'accounts',
  statusLabel: t('Order status', 'Статус заказа', 'Статус замовлення', '订单状态'),
  statuses: ORDER_STATUSES,
  extra: [
    ref('quote_id', LABELS.quotes.one, 'quotes'),
    date('order_date', t('Order date', 'Дата заказа', 'Дата замовлення', '订单日期'), { default: TODAY_DEFAULT }),
    text('customer_no', t('Customer order no.', 'Номер заказа клиента', 'Номер замовлення клієнта', '客户订单号'), { searchable: true }),
    date('due_date', t('Due date', 'Срок исполнения', 'Термін виконання', '到期日期')),
  ],
  relations: [hasMany('invoices', 'invoices', 'sales_order_id', LABELS.invoices.many)],
});

