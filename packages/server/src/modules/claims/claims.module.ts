/**
 * claims — customer claims (Претензии / претензії, 1C:CRM): what the customer complains about, against which order,
 * deal or invoice, who is to blame, what was decided and paid; a status flow from registered to a closing decision.
 */
import type { ModuleDef } from '@karta/shared';
import { L, block, datetime, date, json, money, opts, owner, picklist, ref, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

export const CLAIM_STATUSES = opts(
  ['registered', 'Registered', 'Зарегистрирована', 'Зареєстрована', '已登记'],
  ['in_progress', 'In progress', 'В работе', 'У роботі', '处理中'],
  ['satisfied', 'Satisfied', 'Удовлетворена', 'Задоволена', '已满足'],
  ['not_satisfied', 'Not satisfied', 'Не удовлетворена', 'Не задоволена', '未满足'],
  ['rejected', 'Rejected', 'Отклонена', 'Відхилена', '已驳回'],
);

export const CLAIM_TYPES = opts(
  ['quality', 'Quality', 'Качество', 'Якість', '质量'],
  ['delivery', 'Delivery', 'Доставка', 'Доставка', '交付'],
  ['service', 'Service', 'Обслуживание', 'Обслуговування', '服务'],
  ['price', 'Price', 'Цена', 'Ціна', '价格'],
);

const REASONS = opts(
  ['defect', 'Defective goods', 'Брак товара', 'Брак товару', '商品缺陷'],
  ['wrong_item', 'Wrong goods', 'Не тот товар', 'Не той товар', '发错商品'],
  ['shortage', 'Short delivery', 'Недопоставка', 'Недопоставка', '短缺交付'],
  ['late', 'Late delivery', 'Просрочка поставки', 'Прострочення поставки', '延迟交付'],
  ['damaged', 'Damaged in transit', 'Повреждение при доставке', 'Пошкодження під час доставки', '运输损坏'],
  ['overcharge', 'Overcharge', 'Завышенная цена', 'Завищена ціна', '多收费用'],
  ['staff', 'Staff behaviour', 'Поведение персонала', 'Поведінка персоналу', '员工态度'],
  ['survey', 'Low survey score', 'Низкая оценка в опросе', 'Низька оцінка в опитуванні', '调查评分低'],
  ['other', 'Other', 'Другое', 'Інше', '其他'],
);

const ROLES = t('Participants', 'Участники', 'Учасники', '参与人');

const claim = [
  text('subject', L.subject, { required: true, searchable: true, maxLength: 500 }),
  ref('account_id', LABELS.accounts.one, 'accounts'),
  ref('contact_id', LABELS.contacts.one, 'contacts'),
  /** The order, deal or invoice the claim is about. */
  ref('related_to', t('Regarding', 'Основание', 'Підстава', '相关单据'), ['sales_orders', 'deals', 'invoices']),
  picklist('claim_type', t('Type', 'Вид', 'Вид', '类型'), CLAIM_TYPES, { required: true, default: 'quality' }),
  picklist('reason', t('Reason', 'Причина', 'Причина', '原因'), REASONS),
  picklist('status', L.status, CLAIM_STATUSES, { default: 'registered', required: true }),
  datetime('received_at', t('Received at', 'Поступила', 'Надійшла', '收到时间')),
  date('deadline', t('Answer by', 'Срок ответа', 'Термін відповіді', '答复期限')),
];

const blame = [
  owner('guilty_department', t('Guilty department', 'Виновное подразделение', 'Винний підрозділ', '责任部门')),
  owner('guilty_employee', t('Guilty employee', 'Виновный сотрудник', 'Винний співробітник', '责任员工')),
  /** `[{"user_id"|"contact_id","role"}]` — who else takes part (expert, carrier, the customer's representative). */
  json('participants', ROLES),
];

const outcome = [
  textarea('description', L.description),
  textarea('decision', t('Decision', 'Решение', 'Рішення', '决定')),
  money('compensation', t('Compensation', 'Компенсация', 'Компенсація', '赔偿金额'), { min: 0 }),
  datetime('closed_at', t('Closed at', 'Закрыта', 'Закрита', '关闭时间'), { readOnly: true }),
];

export const claimsModule: ModuleDef = {
  name: 'claims',
  label: LABELS.claims,
  area: 'support',
  numberPrefix: 'CLM',
  titleFields: ['subject'],
  sharing: 'private',
  fields: [...claim, ...blame, ...outcome],
  blocks: [
    block('claim', LABELS.claims.one, [...claim, 'assigned_to']),
    block('blame', t('Responsibility', 'Ответственность', 'Відповідальність', '责任'), blame),
    block('outcome', t('Description and decision', 'Описание и решение', 'Опис і рішення', '描述与决定'), outcome),
  ],
  list: { columns: ['number', 'subject', 'account_id', 'claim_type', 'status', 'deadline', 'assigned_to'], sort: '-updated_at' },
};
