/** tasks — to-dos (Задания) with a due date, assigned to a user or a group. */
import type { ModuleDef } from '@karta/shared';
import { ACTIVITY_TARGETS, B, L, block, date, integer, opts, picklist, ref, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';
import { PRIORITIES } from '../picklists.js';

const STATUSES = opts(
  ['not_started', 'Not started', 'Не начато', 'Не розпочато', '未开始'],
  ['in_progress', 'In progress', 'Выполняется', 'Виконується', '进行中'],
  ['completed', 'Completed', 'Выполнено', 'Виконано', '已完成'],
  ['pending_input', 'Pending input', 'Ожидает данных', 'Очікує даних', '等待输入'],
  ['deferred', 'Deferred', 'Отложено', 'Відкладено', '已推迟'],
  ['planned', 'Planned', 'Запланировано', 'Заплановано', '已计划'],
);

const info = [
  text('subject', L.subject, { required: true, searchable: true }),
  date('due_date', t('Due date', 'Срок', 'Термін', '截止日期'), { required: true }),
  picklist('status', L.status, STATUSES, { default: 'not_started' }),
  picklist('priority', L.priority, PRIORITIES, { default: 'medium' }),
  ref('related_to', L.related_to, ACTIVITY_TARGETS),
  ref('contact_id', LABELS.contacts.one, 'contacts'),
  text('location', L.location),
  integer('reminder_minutes', L.reminder_minutes, { min: 0, max: 40320 }),
  /** A series: completing the task makes the next one (RRULE, as events' recurrence). */
  text('recurrence', t('Repeat', 'Повторять', 'Повторювати', '重复'), { maxLength: 2000 }),
  ref('next_task_id', t('Next task of the series', 'Следующее задание серии', 'Наступне завдання серії', '系列中的下一个任务'), 'tasks', { readOnly: true }),
];
const notes = [textarea('description', L.description)];

export const tasksModule: ModuleDef = {
  name: 'tasks',
  label: LABELS.tasks,
  area: 'activities',
  numberPrefix: 'TSK',
  titleFields: ['subject'],
  sharing: 'private',
  fields: [...info, ...notes],
  blocks: [
    block('task', t('Task details', 'Информация о задании', 'Інформація про завдання', '任务详情'), [...info, 'assigned_to']),
    block('description', B.description, notes),
  ],
  relations: [],
  list: { columns: ['subject', 'due_date', 'status', 'priority', 'related_to', 'assigned_to'], sort: 'due_date' },
};
