/** purchase_orders — orders to a vendor (Заказы на закупку); "received shipment" adds to stock. */
import type { ModuleDef } from '@karta/shared';
import { date, opts, t, text } from '../common.js';
import { inventoryModule } from '../inventory.js';

const PO_STATUSES = opts(
  ['created', 'Created', 'Создан', 'Створено', '已创建'],
  ['approved', 'Approved', 'Утверждён', 'Затверджено', '已批准'],
  ['delivered', 'Delivered', 'Доставлен', 'Доставлено', '已发货'],
  ['cancelled', 'Cancelled', 'Отменён', 'Скасовано', '已取消'],
  ['received_shipment', 'Received shipment', 'Товар получен', 'Товар отримано', '已收货'],
);

export const purchaseOrdersModule: ModuleDef = inventoryModule({
  name: 'purchase_orders',
  numberPrefix: 'PO',
  area: 'inventory',
  headerLabel: t('Purchase order information', 'Информация о заказе на закупку', 'Інформація про замовлення на закупівлю', '采购订单信息'),
  party: 'vendors',
  statusLabel: t('Order status', 'Статус заказа', 'Статус замовлення', '订单状态'),
  statuses: PO_STATUSES,
  extra: [
    text('requisition_no', t('Requisition no.', 'Номер заявки', 'Номер заявки', '请购单号'), { searchable: true }),
    text('tracking_no', t('Tracking no.', 'Номер отслеживания', 'Номер відстеження', '运单号'), { searchable: true }),
    date('due_date', t('Due date', 'Срок поставки', 'Термін поставки', '到货日期')),
  ],
});
