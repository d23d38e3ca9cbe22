/** services — non-stock sellable items (Услуги), usable in the same line items as products. */
import type { ModuleDef } from '@karta/shared';
import {
  B, L, block, bool, date, decimal, manyToMany, money, opts, percent, picklist, t, text, textarea, url,
} from '../common.js';
import { LABELS } from '../labels.js';
import { PRICE_BOOK_PRICE, TAX_CLASSES } from '../picklists.js';

const CATEGORIES = opts(
  ['support', 'Support', 'Поддержка', 'Підтримка', '支持'],
  ['installation', 'Installation', 'Установка', 'Встановлення', '安装'],
  ['migration', 'Migration', 'Миграция', 'Міграція', '迁移'],
  ['customization', 'Customization', 'Доработка', 'Доопрацювання', '定制'],
  ['training', 'Training', 'Обучение', 'Навчання', '培训'],
);

const USAGE_UNITS = opts(
  ['hours', 'Hours', 'Часы', 'Години', '小时'],
  ['days', 'Days', 'Дни', 'Дні', '天'],
  ['incidents', 'Incidents', 'Обращения', 'Звернення', '次'],
);

const info = [
  text('name', t('Service name', 'Услуга', 'Послуга', '服务名称'), { required: true, searchable: true }),
  bool('is_active', L.is_active, { default: true }),
  picklist('category', L.category, CATEGORIES),
  picklist('usage_unit', L.usage_unit, USAGE_UNITS),
  decimal('qty_per_unit', L.qty_per_unit, { min: 0 }),
  url('website', L.website),
];

const pricing = [
  money('unit_price', L.unit_price, { min: 0 }),
  money('purchase_cost', L.purchase_cost, { min: 0 }),
  percent('commission_rate', L.commission_rate, { min: 0, max: 100 }),
  picklist('tax_class', L.tax_class, TAX_CLASSES),
];

const dates = [
  date('sales_start_date', L.sales_start_date),
  date('sales_end_date', L.sales_end_date),
  date('support_start_date', L.support_start_date),
  date('support_end_date', L.support_end_date),
];

const notes = [textarea('description', L.description)];

export const servicesModule: ModuleDef = {
  name: 'services',
  label: LABELS.services,
  area: 'inventory',
  numberPrefix: 'SER',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [...info, ...pricing, ...dates, ...notes],
  blocks: [
    block('service', t('Service information', 'Информация об услуге', 'Інформація про послугу', '服务信息'), [...info, 'assigned_to']),
    block('pricing', B.pricing, pricing),
    block('dates', B.dates, dates),
    block('description', B.description, notes),
  ],
  relations: [
    manyToMany('price_books', 'price_books', 'price_book_services', LABELS.price_books.many, PRICE_BOOK_PRICE, { ownedByOther: true }),
    manyToMany('deals', 'deals', 'deal_services', LABELS.deals.many),
  ],
  list: { columns: ['name', 'category', 'unit_price', 'usage_unit', 'is_active'], sort: 'name' },
};
