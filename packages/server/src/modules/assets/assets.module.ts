/** assets — product instances sold to a customer and tracked in service (serial number, dates). */
import type { ModuleDef } from '@karta/shared';
import { B, L, block, date, hasMany, opts, picklist, ref, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

const STATUSES = opts(
  ['in_service', 'In service', 'В эксплуатации', 'В експлуатації', '使用中'],
  ['out_of_service', 'Out of service', 'Выведен из эксплуатации', 'Виведено з експлуатації', '已停用'],
);

const info = [
  text('name', t('Asset name', 'Название актива', 'Назва активу', '资产名称'), { required: true, searchable: true }),
  ref('product_id', LABELS.products.one, 'products', { required: true }),
  text('serial_no', L.serial_no, { required: true, searchable: true }),
  text('tag_no', t('Tag no.', 'Инвентарный номер', 'Інвентарний номер', '资产标签号'), { searchable: true }),
  picklist('status', L.status, STATUSES, { default: 'in_service' }),
  ref('account_id', LABELS.accounts.one, 'accounts', { required: true }),
  ref('contact_id', LABELS.contacts.one, 'contacts'),
  ref('invoice_id', LABELS.invoices.one, 'invoices'),
  date('sold_date', t('Date sold', 'Дата продажи', 'Дата продажу', '销售日期'), { required: true }),
  date('in_service_date', t('Date in service', 'Дата ввода в эксплуатацию', 'Дата введення в експлуатацію', '投入使用日期')),
  text('shipping_method', t('Shipping method', 'Способ доставки', 'Спосіб доставки', '运输方式')),
  text('tracking_no', t('Tracking no.', 'Номер отслеживания', 'Номер відстеження', '运单号')),
];
const notes = [textarea('description', L.description)];

export const assetsModule: ModuleDef = {
  name: 'assets',
  label: LABELS.assets,
  area: 'support',
  numberPrefix: 'ASSET',
  titleFields: ['name'],
  sharing: 'private',
  fields: [...info, ...notes],
  blocks: [
    block('asset', t('Asset information', 'Информация об активе', 'Інформація про актив', '资产信息'), [...info, 'assigned_to']),
    block('description', B.description, notes),
  ],
  relations: [hasMany('tickets', 'tickets', 'asset_id', LABELS.tickets.many)],
  list: { columns: ['name', 'serial_no', 'product_id', 'account_id', 'status', 'sold_date'], sort: '-updated_at' },
};
