/** products — stockable catalog items (Товары): pricing, taxes, stock and reorder level. */
import type { ModuleDef } from '@karta/shared';
import {
  B, L, block, bool, date, decimal, hasMany, image, manyToMany, money, opts, owner, percent, picklist, ref, t,
  text, textarea, url,
} from '../common.js';
import { LABELS } from '../labels.js';
import { PRICE_BOOK_PRICE, TAX_CLASSES } from '../picklists.js';

const CATEGORIES = opts(
  ['hardware', 'Hardware', 'Оборудование', 'Обладнання', '硬件'],
  ['software', 'Software', 'Программное обеспечение', 'Програмне забезпечення', '软件'],
  ['accessories', 'Accessories', 'Комплектующие', 'Комплектуючі', '配件'],
  ['consumables', 'Consumables', 'Расходные материалы', 'Витратні матеріали', '耗材'],
  ['other', 'Other', 'Другое', 'Інше', '其他'],
);

export const USAGE_UNITS = opts(
  ['pieces', 'Pieces', 'Штуки', 'Штуки', '件'],
  ['box', 'Box', 'Коробка', 'Коробка', '盒'],
  ['pack', 'Pack', 'Упаковка', 'Упаковка', '包'],
  ['carton', 'Carton', 'Ящик', 'Ящик', '箱'],
  ['dozen', 'Dozen', 'Дюжина', 'Дюжина', '打'],
  ['set', 'Set', 'Комплект', 'Комплект', '套'],
  ['kg', 'Kilogram', 'Килограмм', 'Кілограм', '千克'],
  ['m', 'Metre', 'Метр', 'Метр', '米'],
  ['sq_m', 'Square metre', 'Квадратный метр', 'Квадратний метр', '平方米'],
  ['l', 'Litre', 'Литр', 'Літр', '升'],
  ['hours', 'Hours', 'Часы', 'Години', '小时'],
);

const info = [
  text('name', t('Product name', 'Товар', 'Товар', '产品名称'), { required: true, searchable: true }),
  text('product_code', t('Product code', 'Артикул', 'Артикул', '产品编码'), { searchable: true }),
  bool('is_active', L.is_active, { default: true }),
  text('manufacturer', t('Manufacturer', 'Производитель', 'Виробник', '制造商')),
  picklist('category', L.category, CATEGORIES),
  ref('vendor_id', LABELS.vendors.one, 'vendors'),
  text('vendor_part_no', t('Vendor part no.', 'Код поставщика', 'Код постачальника', '供应商零件号'), { searchable: true }),
  text('mfr_part_no', t('Manufacturer part no.', 'Код производителя', 'Код виробника', '制造商零件号'), { searchable: true }),
  text('serial_no', L.serial_no, { searchable: true }),
  text('batch', t('Batch no.', '№ партии', '№ партії', '批号')),
  url('website', L.website),
  text('product_segment', t('Product segment', 'Товарный сегмент', 'Товарний сегмент', '产品细分')),
  text('price_group', t('Price group', 'Ценовая группа', 'Цінова група', '价格组')),
  date('sales_start_date', L.sales_start_date),
  date('sales_end_date', L.sales_end_date),
  date('support_start_date', L.support_start_date),
  date('support_end_date', L.support_end_date),
];

const pricing = [
  money('unit_price', L.unit_price, { min: 0 }),
  money('purchase_cost', L.purchase_cost, { min: 0 }),
  percent('commission_rate', L.commission_rate, { min: 0, max: 100 }),
  picklist('tax_class', L.tax_class, TAX_CLASSES),
];

const stock = [
  picklist('usage_unit', L.usage_unit, USAGE_UNITS),
  decimal('qty_per_unit', L.qty_per_unit, { min: 0 }),
  decimal('qty_in_stock', t('Qty in stock', 'Кол-во на складе', 'Кількість на складі', '库存数量')),
  decimal('reorder_level', t('Reorder level', 'Пороговый остаток для заказа', 'Пороговий залишок для замовлення', '再订货点'), { min: 0 }),
  owner('stock_owner_id', t('Stock owner', 'Ответственный за склад', 'Відповідальний за склад', '库存负责人')),
  decimal('qty_in_demand', t('Qty in demand', 'Кол-во в спросе', 'Кількість у попиті', '需求数量')),
  decimal('min_order_qty', t('Minimum order', 'Мин. заказ', 'Мін. замовлення', '最小订购量'), { min: 0 }),
];

const notes = [image('image', t('Image', 'Изображение', 'Зображення', '图片')), textarea('description', L.description)];

export const productsModule: ModuleDef = {
  name: 'products',
  label: LABELS.products,
  area: 'inventory',
  numberPrefix: 'PRO',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [...info, ...pricing, ...stock, ...notes],
  blocks: [
    block('product', t('Product information', 'Описание товара', 'Опис товару', '产品信息'), [...info, 'assigned_to']),
    block('pricing', B.pricing, pricing),
    block('stock', t('Stock information', 'Информация склада', 'Інформація складу', '库存信息'), stock),
    block('description', t('Image and description', 'Изображение и описание', 'Зображення та опис', '图片与描述'), notes),
  ],
  relations: [
    manyToMany('price_books', 'price_books', 'price_book_items', LABELS.price_books.many, PRICE_BOOK_PRICE, { ownedByOther: true }),
    manyToMany('deals', 'deals', 'deal_products', LABELS.deals.many),
    hasMany('tickets', 'tickets', 'product_id', LABELS.tickets.many),
    hasMany('faqs', 'faqs', 'product_id', LABELS.faqs.many),
    hasMany('assets', 'assets', 'product_id', LABELS.assets.many),
    hasMany('campaigns', 'campaigns', 'product_id', LABELS.campaigns.many),
  ],
  list: { columns: ['name', 'product_code', 'unit_price', 'qty_in_stock', 'vendor_id', 'is_active'], sort: 'name' },
};
