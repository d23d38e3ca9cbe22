/**
 * offers — terms of sale (Соглашения об условиях продаж, BAS ERP): a typical offer is a template; an individual one is
 * an account's, made from a typical one or from scratch. Price type, currency, payment and delivery terms, validity,
 * products covered, price overrides and discounts. Created not approved; approved through an approval process; only
 * approved offers valid at a document's date price its lines. An individual offer is read with its account.
 */
import type { ModuleDef } from '@karta/shared';
import { L, block, date, decimal, integer, json, opts, percent, picklist, ref, t, text, textarea } from '../common.js';
import { TAX_MODES } from '../inventory.js';
import { LABELS } from '../labels.js';
import { CURRENCIES } from '../picklists.js';

export const OFFER_STATUSES = opts(
  ['not_approved', 'Not approved', 'Не согласовано', 'Не погоджено', '未审批'],
  ['approved', 'Approved', 'Согласовано', 'Погоджено', '已审批'],
  ['closed', 'Closed', 'Закрыто', 'Закрито', '已关闭'],
);

const main = [
  text('name', L.name, { required: true, searchable: true, maxLength: 200 }),
  picklist('kind', t('Offer kind', 'Вид соглашения', 'Вид угоди', '条款类型'), opts(
    ['typical', 'Typical (a template)', 'Типовое', 'Типова', '标准（模板）'],
    ['individual', 'Individual (an account’s)', 'Индивидуальное', 'Індивідуальна', '个别（客户专用）'],
  ), { required: true, default: 'individual' }),
  ref('typical_offer_id', t('Made from', 'На основании типового', 'На підставі типової', '基于标准条款'), 'offers'),
  ref('account_id', LABELS.accounts.one, 'accounts'),
  // Made not approved; approved only by its approval process; closed (or withdrawn to not approved) by hand or `close`.
  picklist('status', L.status, OFFER_STATUSES, { default: 'not_approved' }),
  date('valid_from', t('Valid from', 'Действует с', 'Діє з', '生效日期')),
  date('valid_to', t('Valid to', 'Действует по', 'Діє по', '截止日期')),
];
const prices = [
  ref('price_type_id', LABELS.price_types.one, 'price_types'),
  picklist('currency', L.currency, CURRENCIES),
  picklist('tax_mode', t('Tax mode', 'Режим налогов', 'Режим податків', '计税方式'), TAX_MODES),
  ref('segment_id', t('Products covered (segment)', 'Сегмент номенклатуры', 'Сегмент номенклатури', '适用产品（细分）'), 'segments'),
  /** `[{"product_id","price"}]` — an item's own price under this offer (wins over the price type). */
  json('overrides', t('Prices of items', 'Цены номенклатуры', 'Ціни номенклатури', '单品价格')),
  /** `[{"price_group","price_type_id"}]` — a price group priced by a price type of its own under this offer. */
  json('group_price_types', t('Price types by price group', 'Виды цен по ценовым группам', 'Види цін за ціновими групами', '按价格组的价格类型')),
  /** `[{"price_group","discount_percent"}]` — a price group's discount. */
  json('group_discounts', t('Discounts by price group', 'Скидки по ценовым группам', 'Знижки за ціновими групами', '价格组折扣')),
  /** `[{"min_quantity","discount_percent"}]` — a discount from a quantity on. */
  json('quantity_discounts', t('Discounts by quantity', 'Скидки за количество', 'Знижки за кількість', '数量折扣')),
  percent('discount_percent', t('Discount, %', 'Скидка, %', 'Знижка, %', '折扣率')),
  /** A document whose lines fall further below the offer than this is `deviation_over_limit` (for an approval process). */
  percent('deviation_limit_percent', t('Deviation allowed without approval, %', 'Допустимое отклонение без согласования, %', 'Допустиме відхилення без погодження, %', '无需审批的允许偏差 %')),
];
const payment = [
  decimal('prepayment_percent', t('Prepayment, %', 'Предоплата, %', 'Передоплата, %', '预付款 %'), { min: 0, max: 100 }),
  integer('payment_days', t('Payment due in (days)', 'Срок оплаты, дней', 'Термін оплати, днів', '付款期限（天）'), { min: 0, max: 3650 }),
  textarea('payment_terms', t('Payment terms', 'Условия оплаты', 'Умови оплати', '付款条件')),
  textarea('delivery_terms', t('Delivery terms', 'Условия доставки', 'Умови доставки', '交货条件')),
  textarea('description', L.description),
];

export const offersModule: ModuleDef = {
  name: 'offers',
  label: LABELS.offers,
  area: 'sales',
  numberPrefix: 'OFR',
  titleFields: ['name'],
  sharing: 'public_read',
  livesOn: 'account_id',
  fields: [...main, ...prices, ...payment],
  blocks: [
    block('offer', LABELS.offers.one, [...main, 'assigned_to']),
    block('prices', t('Prices and discounts', 'Цены и скидки', 'Ціни та знижки', '价格与折扣'), prices),
    block('payment', t('Payment and delivery', 'Оплата и доставка', 'Оплата та доставка', '付款与交货'), payment),
  ],
  list: { columns: ['number', 'name', 'kind', 'account_id', 'price_type_id', 'status', 'valid_to'], sort: 'name' },
};
