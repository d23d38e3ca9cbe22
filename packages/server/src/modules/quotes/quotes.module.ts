/** quotes — priced offers (Предложения) with line items; convert to a sales order or an invoice. */
import { TODAY_DEFAULT, type ModuleDef } from '@karta/shared';
import { date, hasMany, opts, t } from '../common.js';
import { inventoryModule } from '../inventory.js';
import { LABELS } from '../labels.js';

const QUOTE_STAGES = opts(
  ['created', 'Created', 'Создано', 'Створено', '已创建'],
  ['delivered', 'Delivered', 'Отправлено клиенту', 'Надіслано клієнту', '已递交'],
  ['reviewed', 'Reviewed', 'Рассмотрено', 'Розглянуто', '已审阅'],
  ['accepted', 'Accepted', 'Принято', 'Прийнято', '已接受'],
  ['rejected', 'Rejected', 'Отклонено', 'Відхилено', '已拒绝'],
);

export const quotesModule: ModuleDef = inventoryModule({
  name: 'quotes',
  numberPrefix: 'QUO',
  area: 'sales',
  headerLabel: t('Quote information', 'Информация о предложении', 'Інформація про пропозицію', '报价单信息'),
  party: 'accounts',
  statusLabel: t('Quote stage', 'Стадия', 'Стадія', '报价阶段'),
  statuses: QUOTE_STAGES,
  extra: [
    // The day the quote is priced at (an offer's validity, dated prices, a card's state): today unless given.
    date('quote_date', t('Quote date', 'Дата предложения', 'Дата пропозиції', '报价日期'), { default: TODAY_DEFAULT }),
    date('valid_until_date', t('Valid until', 'Действительно до', 'Дійсна до', '有效期至')),
  ],
  relations: [
    hasMany('sales_orders', 'sales_orders', 'quote_id', LABELS.sales_orders.many),
    hasMany('invoices', 'invoices', 'quote_id', LABELS.invoices.many),
  ],
});
