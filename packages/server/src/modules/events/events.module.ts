/** events — calls, meetings and other appointments (События) in the calendar. */
import type { ModuleDef } from '@karta/shared';
import {
  ACTIVITY_TARGETS, B, L, block, bool, datetime, integer, json, opts, picklist, ref, t, text, textarea,
} from '../common.js';
import { LABELS } from '../labels.js';
import { PRIORITIES } from '../picklists.js';

const EVENT_TYPES = opts(
  ['call', 'Call', 'Звонок', 'Дзвінок', '电话'],
  ['meeting', 'Meeting', 'Встреча', 'Зустріч', '会议'],
  ['email', 'E-mail', 'Эл. письмо', 'Ел. лист', '电子邮件'],
  ['sms', 'SMS', 'SMS', 'SMS', '短信'],
  ['letter', 'Letter', 'Письмо', 'Лист', '信函'],
);

const STATUSES = opts(
  ['planned', 'Planned', 'Запланировано', 'Заплановано', '已计划'],
  ['held', 'Held', 'Проведено', 'Проведено', '已举行'],
  ['not_held', 'Not held', 'Не проведено', 'Не проведено', '未举行'],
);

const info = [
  text('subject', L.subject, { required: true, searchable: true }),
  picklist('event_type', t('Type', 'Тип', 'Тип', '类型'), EVENT_TYPES, { default: 'meeting' }),
  datetime('start_at', t('Start', 'Начало', 'Початок', '开始时间'), { required: true }),
  datetime('end_at', t('End', 'Окончание', 'Завершення', '结束时间')),
  bool('all_day', t('All day', 'Весь день', 'Увесь день', '全天'), { default: false }),
  picklist('status', L.status, STATUSES, { default: 'planned' }),
  picklist('priority', L.priority, PRIORITIES),
  text('location', L.location),
];

const links = [
  ref('related_to', L.related_to, ACTIVITY_TARGETS),
  ref('contact_id', LABELS.contacts.one, 'contacts'),
  /** User ids invited besides the owner. */
  json('invitee_ids', t('Invitees', 'Приглашённые', 'Запрошені', '受邀人')),
  /** Contacts invited (they get the invitation by e-mail). */
  json('contact_ids', t('Invited contacts', 'Приглашённые контакты', 'Запрошені контакти', '受邀联系人')),
  integer('reminder_minutes', L.reminder_minutes, { min: 0, max: 40320 }),
  /** An iCalendar RRULE, e.g. `FREQ=WEEKLY;BYDAY=MO`. */
  text('recurrence', t('Recurrence', 'Повторение', 'Повторення', '重复规则')),
];

const notes = [textarea('description', L.description)];

export const eventsModule: ModuleDef = {
  name: 'events',
  label: LABELS.events,
  area: 'activities',
  numberPrefix: 'EV',
  titleFields: ['subject'],
  sharing: 'private',
  // Invited colleagues see the event they are invited to, in lists, the calendar and reminders alike.
  readers: 'invitee_ids',
  fields: [...info, ...links, ...notes],
  blocks: [
    block('event', t('Event details', 'Информация о событии', 'Інформація про подію', '日程详情'), [...info, 'assigned_to']),
    block('links', t('Participants, reminder and recurrence', 'Участники, напоминание и повторение', 'Учасники, нагадування та повторення', '参与者、提醒与重复'), links),
    block('description', B.description, notes),
  ],
  relations: [],
  list: { columns: ['subject', 'event_type', 'start_at', 'status', 'related_to', 'assigned_to'], sort: '-start_at' },
};
