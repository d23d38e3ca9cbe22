/**
 * loyalty_programs — a discount programme (a percent off every line) or a bonus programme (points for paid invoices,
 * redeemed at a point's value), with tiers by a card's cumulative purchases (Программы лояльности, 1C:CRM).
 */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, date, decimal, json, opts, percent, picklist, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

const fields = [
  text('name', L.name, { required: true, searchable: true, maxLength: 200 }),
  picklist('kind', t('Programme kind', 'Вид программы', 'Вид програми', '计划类型'), opts(
    ['discount', 'Discount card', 'Дисконтная', 'Дисконтна', '折扣卡'],
    ['bonus', 'Bonus points', 'Бонусная', 'Бонусна', '积分'],
  )), // not required: a programme given only its discount or its bonus rate is of that kind
  percent('discount_percent', t('Discount, %', 'Скидка, %', 'Знижка, %', '折扣率')),
  /** Points earned per 100 of a paid invoice's total (2: 2 points per 100). */
  percent('bonus_rate', t('Points per 100 paid', 'Баллов за 100 оплаты', 'Балів за 100 оплати', '每付款 100 的积分')),
  decimal('point_value', t('Value of a point', 'Стоимость балла', 'Вартість бала', '每积分价值'), { min: 0, max: 1000000, default: 1 }),
  /** `[{"min_purchases","discount_percent"?,"bonus_rate"?}]` — from a card's cumulative purchases on. */
  json('tiers', t('Tiers by purchases', 'Уровни по сумме покупок', 'Рівні за сумою покупок', '按累计消费分级')),
  date('valid_from', t('Valid from', 'Действует с', 'Діє з', '生效日期')),
  date('valid_to', t('Valid to', 'Действует по', 'Діє по', '截止日期')),
  bool('is_active', L.is_active, { default: true }),
  textarea('description', L.description),
];

export const loyaltyProgramsModule: ModuleDef = {
  name: 'loyalty_programs',
  label: LABELS.loyalty_programs,
  area: 'marketing',
  numberPrefix: 'LP',
  titleFields: ['name'],
  sharing: 'public_read',
  fields,
  blocks: [block('program', LABELS.loyalty_programs.one, [...fields, 'assigned_to'])],
  list: { columns: ['name', 'kind', 'discount_percent', 'bonus_rate', 'is_active'], sort: 'name' },
};
