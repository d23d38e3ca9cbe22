/** price_books — named list prices (Каталоги) for products and services in one currency, optionally for a customer group. */
import type { ModuleDef } from '@karta/shared';
import { B, L, block, bool, hasMany, manyToMany, picklist, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';
import { CURRENCIES, CUSTOMER_GROUPS, PRICE_BOOK_PRICE } from '../picklists.js';

const info = [
  text('name', t('Price book name', 'Название каталога', 'Назва каталогу', '价格表名称'), { required: true, searchable: true }),
  picklist('currency', L.currency, CURRENCIES, { required: true }),
  /** New sales documents of accounts in this group take this book (in its currency). */
  picklist('customer_group', L.customer_group, CUSTOMER_GROUPS),
  bool('is_active', L.is_active, { default: true }),
];
const notes = [textarea('description', L.description)];

export const priceBooksModule: ModuleDef = {
  name: 'price_books',
  label: LABELS.price_books,
  area: 'inventory',
  numberPrefix: 'PB',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [...info, ...notes],
  blocks: [
    block('price_book', t('Price book information', 'Информация о каталоге', 'Інформація про каталог', '价格表信息'), [...info, 'assigned_to']),
    block('description', B.description, notes),
  ],
  relations: [
    manyToMany('products', 'products', 'price_book_items', LABELS.products.many, PRICE_BOOK_PRICE),
    manyToMany('services', 'services', 'price_book_services', LABELS.services.many, PRICE_BOOK_PRICE),
    hasMany('quotes', 'quotes', 'price_book_id', LABELS.quotes.many),
  ],
  list: { columns: ['name', 'currency', 'customer_group', 'is_active', 'updated_at'], sort: 'name' },
};
