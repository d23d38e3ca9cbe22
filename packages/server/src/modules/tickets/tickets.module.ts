/** tickets — support cases (Заявки); a closed ticket can be converted into an FAQ article. */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, datetime, decimal, email, opts, picklist, ref, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

const PRIORITIES = opts(
  ['low', 'Low', 'Низкий', 'Низький', '低'],
  ['normal', 'Normal', 'Обычный', 'Звичайний', '普通'],
  ['high', 'High', 'Высокий', 'Високий', '高'],
  ['urgent', 'Urgent', 'Срочный', 'Терміновий', '紧急'],
);

const STATUSES = opts(
  ['open', 'Open', 'Открыта', 'Відкрита', '待处理'],
  ['in_progress', 'In progress', 'В работе', 'У роботі', '处理中'],
  ['wait_for_response', 'Wait for response', 'Ожидает ответа', 'Очікує відповіді', '等待回复'],
  ['closed', 'Closed', 'Закрыта', 'Закрита', '已关闭'],
);

const SEVERITIES = opts(
  ['minor', 'Minor', 'Незначительная', 'Незначна', '轻微'],
  ['major', 'Major', 'Существенная', 'Суттєва', '严重'],
  ['feature', 'Feature request', 'Пожелание', 'Побажання', '功能需求'],
  ['critical', 'Critical', 'Критическая', 'Критична', '致命'],
);

const CATEGORIES = opts(
  ['big_problem', 'Big problem', 'Серьёзная проблема', 'Серйозна проблема', '重大问题'],
  ['small_problem', 'Small problem', 'Небольшая проблема', 'Невелика проблема', '小问题'],
  ['other', 'Other problem', 'Другое', 'Інше', '其他问题'],
);

export const CHANNELS = opts(
  ['email', 'E-mail', 'Эл. почта', 'Ел. пошта', '电子邮件'],
  ['portal', 'Customer portal', 'Портал клиента', 'Портал клієнта', '客户门户'],
  ['phone', 'Phone', 'Телефон', 'Телефон', '电话'],
  ['web', 'Web form', 'Веб-форма', 'Веб-форма', '网页表单'],
);

/** Service levels, set by the system: when a first answer is due (by priority, Settings → Support), when it came, when solved. */
const service = [
  datetime('due_at', t('Response due by', 'Ответить до', 'Відповісти до', '响应截止'), { readOnly: true }),
  datetime('first_response_at', t('First response at', 'Первый ответ', 'Перша відповідь', '首次响应时间'), { readOnly: true }),
  datetime('resolved_at', t('Resolved at', 'Решена', 'Вирішена', '解决时间'), { readOnly: true }),
];

const info = [
  text('title', t('Title', 'Заголовок', 'Заголовок', '标题'), { required: true, searchable: true, maxLength: 500 }),
  ref('account_id', LABELS.accounts.one, 'accounts'),
  ref('contact_id', LABELS.contacts.one, 'contacts'),
  ref('product_id', LABELS.products.one, 'products'),
  ref('service_contract_id', LABELS.service_contracts.one, 'service_contracts'),
  /** The customer's installed product the ticket is about (its serial number). */
  ref('asset_id', LABELS.assets.one, 'assets'),
  picklist('priority', L.priority, PRIORITIES, { default: 'normal' }),
  picklist('status', L.status, STATUSES, { default: 'open' }),
  picklist('severity', t('Severity', 'Важность', 'Важливість', '严重程度'), SEVERITIES),
  picklist('category', L.category, CATEGORIES),
  picklist('channel', t('Channel', 'Канал', 'Канал', '渠道'), CHANNELS),
  /** Who wrote in, when the ticket came by e-mail (the address replies go to when it has no contact yet). */
  email('requester_email', t('Requester e-mail', 'Эл. почта заявителя', 'Ел. пошта заявника', '提交人邮箱'), { searchable: true }),
  decimal('hours', t('Hours', 'Часы', 'Години', '小时数'), { min: 0 }),
  decimal('days', t('Days', 'Дни', 'Дні', '天数'), { min: 0 }),
];

const details = [
  textarea('description', L.description),
  textarea('solution', t('Solution', 'Решение', 'Рішення', '解决方案')),
];

/** Set for tickets opened in the customer portal. */
const fromPortal = bool('from_portal', t('From portal', 'Из портала', 'З порталу', '来自门户'), {
  readOnly: true, hidden: true, default: false,
});

export const ticketsModule: ModuleDef = {
  name: 'tickets',
  label: LABELS.tickets,
  area: 'support',
  numberPrefix: 'TT',
  titleFields: ['title'],
  sharing: 'private',
  fields: [...info, ...service, ...details, fromPortal],
  blocks: [
    block('ticket', t('Ticket information', 'Информация о заявке', 'Інформація про заявку', '工单信息'), [...info, 'assigned_to']),
    block('service', t('Service level', 'Сроки обслуживания', 'Терміни обслуговування', '服务时限'), service),
    block('resolution', t('Description and solution', 'Описание и решение', 'Опис і рішення', '描述与解决方案'), details),
  ],
  relations: [],
  list: { columns: ['number', 'title', 'account_id', 'priority', 'status', 'due_at', 'assigned_to'], sort: '-updated_at' },
};
