/** vendors — suppliers (Поставщики); products point to them, purchase orders require one. */
import type { ModuleDef } from '@karta/shared';
import { B, L, addressFields, block, email, hasMany, phone, t, text, textarea, url } from '../common.js';
import { LABELS } from '../labels.js';

const info = [
  text('name', t('Vendor name', 'Поставщик', 'Постачальник', '供应商名称'), { required: true, searchable: true }),
  email('email', L.email, { searchable: true }),
  phone('phone', L.phone, { searchable: true }),
  url('website', L.website),
  text('gl_account', t('GL account', 'Счёт учёта', 'Рахунок обліку', '总账科目'), { maxLength: 50 }),
  text('category', L.category),
];
const address = addressFields();
const notes = [textarea('description', L.description)];

export const vendorsModule: ModuleDef = {
  name: 'vendors',
  label: LABELS.vendors,
  area: 'inventory',
  numberPrefix: 'VEN',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [...info, ...address, ...notes],
  blocks: [
    block('vendor', t('Vendor information', 'Информация о поставщике', 'Інформація про постачальника', '供应商信息'), [...info, 'assigned_to']),
    block('address', B.address, address),
    block('description', B.description, notes),
  ],
  relations: [
    hasMany('products', 'products', 'vendor_id', LABELS.products.many),
    hasMany('purchase_orders', 'purchase_orders', 'vendor_id', LABELS.purchase_orders.many),
  ],
  list: { columns: ['name', 'phone', 'email', 'category', 'city', 'assigned_to'], sort: 'name' },
};
