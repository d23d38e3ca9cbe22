/** service_contracts — support entitlements (SERCON) that count the units used by their tickets. */
import type { ModuleDef } from '@karta/shared';
import { B, L, block, date, decimal, hasMany, integer, opts, percent, picklist, ref, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';
import { PRIORITIES_LNH } from '../picklists.js';

const TYPES = opts(
  ['support', 'Support', 'Поддержка', 'Підтримка', '支持'],
  ['services', 'Services', 'Услуги', 'Послуги', '服务'],
  ['administrative', 'Administrative', 'Административный', 'Адміністративний', '行政'],
);

const STATUSES = opts(
  ['undefined', 'Undefined', 'Не определён', 'Не визначено', '未定义'],
  ['in_planning', 'In planning', 'Планируется', 'Планується', '计划中'],
  ['in_progress', 'In progress', 'Действует', 'Діє', '执行中'],
  ['on_hold', 'On hold', 'Приостановлен', 'Призупинено', '暂停'],
  ['complete', 'Complete', 'Завершён', 'Завершено', '已完成'],
  ['archived', 'Archived', 'В архиве', 'В архіві', '已归档'],
);

const TRACKING_UNITS = opts(
  ['hours', 'Hours', 'Часы', 'Години', '小时'],
  ['days', 'Days', 'Дни', 'Дні', '天'],
  ['incidents', 'Incidents', 'Обращения', 'Звернення', '次'],
);

const info = [
  text('subject', L.subject, { required: true, searchable: true }),
  ref('account_id', LABELS.accounts.one, 'accounts'),
  ref('contact_id', LABELS.contacts.one, 'contacts'),
  picklist('contract_type', t('Contract type', 'Тип контракта', 'Тип контракту', '合同类型'), TYPES),
  picklist('status', L.status, STATUSES, { default: 'undefined' }),
  picklist('priority', L.priority, PRIORITIES_LNH, { default: 'normal' }),
];

const terms = [
  date('start_date', t('Start date', 'Дата начала', 'Дата початку', '开始日期')),
  date('due_date', t('Due date', 'Плановая дата окончания', 'Планова дата завершення', '计划结束日期')),
  date('end_date', t('End date', 'Фактическая дата окончания', 'Фактична дата завершення', '实际结束日期'), { readOnly: true }),
  picklist('tracking_unit', t('Tracking unit', 'Единица учёта', 'Одиниця обліку', '计量单位'), TRACKING_UNITS),
  decimal('total_units', t('Total units', 'Всего единиц', 'Усього одиниць', '总单位数'), { min: 0 }),
  decimal('used_units', t('Used units', 'Использовано единиц', 'Використано одиниць', '已用单位数'), { readOnly: true }),
  percent('progress', t('Progress, %', 'Выполнение, %', 'Виконання, %', '进度'), { readOnly: true }),
  integer('planned_duration', t('Planned duration, days', 'Плановая длительность, дн.', 'Планова тривалість, дн.', '计划工期（天）'), { readOnly: true }),
  integer('actual_duration', t('Actual duration, days', 'Фактическая длительность, дн.', 'Фактична тривалість, дн.', '实际工期（天）'), { readOnly: true }),
];

const notes = [textarea('description', L.description)];

export const serviceContractsModule: ModuleDef = {
  name: 'service_contracts',
  label: LABELS.service_contracts,
  area: 'support',
  numberPrefix: 'SERCON',
  titleFields: ['subject'],
  sharing: 'private',
  fields: [...info, ...terms, ...notes],
  blocks: [
    block('contract', t('Contract information', 'Информация о контракте', 'Інформація про контракт', '合同信息'), [...info, 'assigned_to']),
    block('terms', t('Terms and usage', 'Сроки и объём', 'Терміни та обсяг', '期限与用量'), terms),
    block('description', B.description, notes),
  ],
  relations: [hasMany('tickets', 'tickets', 'service_contract_id', LABELS.tickets.many)],
  list: { columns: ['number', 'subject', 'account_id', 'status', 'due_date', 'progress', 'assigned_to'], sort: '-updated_at' },
};
