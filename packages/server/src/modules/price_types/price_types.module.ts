/**
 * price_types — kinds of price (Виды цен, BAS ERP): retail, wholesale = cost + 20 %, dealer…; set by hand, as a markup
 * over another type, or over the last purchase price; rounded to a precision in a mode; a price group may have its
 * own markup; a type may apply only from a quantity. The prices themselves are dated rows of the price register.
 */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, decimal, json, opts, picklist, ref, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';
import { CURRENCIES } from '../picklists.js';

const how = [
  text('name', L.name, { required: true, searchable: true, maxLength: 200 }),
  picklist('currency', L.currency, CURRENCIES),
  picklist('usage', t('Used for', 'Использование', 'Використання', '用途'), opts(
    ['sales', 'Sales', 'Продажи', 'Продажі', '销售'], ['purchases', 'Purchases', 'Закупки', 'Закупівлі', '采购'], ['both', 'Sales and purchases', 'Продажи и закупки', 'Продажі та закупівлі', '销售和采购'],
  ), { required: true, default: 'sales' }),
  picklist('kind', t('Price is set', 'Способ задания цены', 'Спосіб задання ціни', '定价方式'), opts(
    ['manual', 'By hand', 'Вручную', 'Вручну', '手动'],
    ['markup', 'Markup over another price type', 'Наценка на другой вид цен', 'Націнка на інший вид цін', '在其他价格类型上加价'],
    ['purchase_markup', 'Markup over the last purchase price', 'Наценка на последнюю цену закупки', 'Націнка на останню ціну закупівлі', '在最近采购价上加价'],
  ), { required: true, default: 'manual' }),
  ref('base_type_id', t('Base price type', 'Базовый вид цен', 'Базовий вид цін', '基础价格类型'), 'price_types'),
  decimal('markup_percent', t('Markup, %', 'Наценка, %', 'Націнка, %', '加价率 %'), { min: -99.99, max: 10000 }),
  picklist('rounding_precision', t('Round to', 'Точность округления', 'Точність округлення', '舍入精度'), opts(
    ['0.01', '0.01', '0,01', '0,01', '0.01'], ['0.1', '0.1', '0,1', '0,1', '0.1'], ['1', '1', '1', '1', '1'], ['10', '10', '10', '10', '10'], ['100', '100', '100', '100', '100'],
  ), { required: true, default: '0.01' }),
  picklist('rounding_mode', t('Rounding', 'Способ округления', 'Спосіб округлення', '舍入方式'), opts(
    ['arithmetic', 'Arithmetic', 'По арифметическим правилам', 'За арифметичними правилами', '四舍五入'],
    ['down', "Down (in the customer's favour)", 'В меньшую сторону (в пользу клиента)', 'У менший бік (на користь клієнта)', '向下（有利于客户）'],
    ['up', "Up (in the company's favour)", 'В большую сторону (в пользу компании)', 'У більший бік (на користь компанії)', '向上（有利于公司）'],
  ), { required: true, default: 'arithmetic' }),
  /** `[{"price_group","markup_percent"}]` — a price group's own markup under this type. */
  json('group_markups', t('Price group markups', 'Наценки по ценовым группам', 'Націнки за ціновими групами', '价格组加价')),
  decimal('min_quantity', t('Applies from quantity', 'Действует от количества', 'Діє від кількості', '起用数量'), { min: 0 }),
  bool('is_active', L.is_active, { default: true }),
  textarea('description', L.description),
];

export const priceTypesModule: ModuleDef = {
  name: 'price_types',
  label: LABELS.price_types,
  area: 'inventory',
  numberPrefix: 'PT',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: how,
  blocks: [block('price_type', LABELS.price_types.one, [...how, 'assigned_to'])],
  list: { columns: ['name', 'kind', 'base_type_id', 'markup_percent', 'rounding_precision', 'rounding_mode', 'currency'], sort: 'name' },
};
