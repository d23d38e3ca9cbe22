/**
 * marketing_events — exhibitions, presentations, seminars, webinars and promotions (1C:CRM «Маркетинговые
 * мероприятия»): dates, place, budget and cost, the segments it targets, partners, a task plan from its type,
 * invitations with RSVP and attendance, and what it brought (leads, deals, revenue, ROI).
 */
import type { ModuleDef } from '@karta/shared';
import { L, block, date, json, money, opts, picklist, ref, t, text, textarea, url } from '../common.js';
import { LABELS } from '../labels.js';

export const EVENT_TYPES = opts(
  ['exhibition', 'Exhibition', 'Выставка', 'Виставка', '展会'],
  ['presentation', 'Presentation', 'Презентация', 'Презентація', '产品发布'],
  ['seminar', 'Seminar', 'Семинар', 'Семінар', '研讨会'],
  ['webinar', 'Webinar', 'Вебинар', 'Вебінар', '网络研讨会'],
  ['promotion', 'Promotion', 'Промоакция', 'Промоакція', '促销活动'],
);

const plan = [
  text('name', L.name, { required: true, searchable: true, maxLength: 200 }),
  picklist('event_type', t('Type', 'Вид', 'Вид', '类型'), EVENT_TYPES, { required: true, default: 'seminar' }),
  picklist('status', L.status, opts(
    ['planned', 'Planned', 'Запланировано', 'Заплановано', '已计划'],
    ['preparing', 'Preparing', 'Подготовка', 'Підготовка', '筹备中'],
    ['held', 'Held', 'Проведено', 'Проведено', '已举办'],
    ['cancelled', 'Cancelled', 'Отменено', 'Скасовано', '已取消'],
  ), { default: 'planned' }),
  date('start_date', t('Planned start', 'Плановое начало', 'Планований початок', '计划开始'), { required: true }),
  date('end_date', t('Planned end', 'Плановое окончание', 'Планове завершення', '计划结束')),
  date('actual_start', t('Actual start', 'Фактическое начало', 'Фактичний початок', '实际开始')),
  date('actual_end', t('Actual end', 'Фактическое окончание', 'Фактичне завершення', '实际结束')),
  text('place', t('Place', 'Место проведения', 'Місце проведення', '地点'), { maxLength: 500 }),
  url('online_url', t('Online link', 'Ссылка для онлайн-участия', 'Посилання для онлайн-участі', '线上链接')),
];

const money_ = [
  money('budget', t('Budget', 'Бюджет', 'Бюджет', '预算'), { min: 0 }),
  money('actual_cost', t('Actual cost', 'Фактические затраты', 'Фактичні витрати', '实际成本'), { min: 0 }),
];

const target = [
  ref('target_segment_id', t('Customer segment', 'Сегмент клиентов', 'Сегмент клієнтів', '客户细分'), 'segments'),
  ref('product_segment_id', t('Product segment', 'Сегмент товаров', 'Сегмент товарів', '产品细分'), 'segments'),
  ref('campaign_id', LABELS.campaigns.one, 'campaigns'),
  /** `[{"account_id","role":"partner|subcontractor|sponsor|venue|media","note"?}]` */
  json('partners', t('Partners and subcontractors', 'Партнёры и подрядчики', 'Партнери та підрядники', '合作伙伴与分包商')),
  /** `[{"subject","offset_days"}]` — tasks relative to the start; filled from the event type's plan when empty. */
  json('task_plan', t('Task plan', 'План задач', 'План завдань', '任务计划')),
  textarea('description', L.description),
];

export const marketingEventsModule: ModuleDef = {
  name: 'marketing_events',
  label: LABELS.marketing_events,
  area: 'marketing',
  numberPrefix: 'MEV',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [...plan, ...money_, ...target],
  blocks: [
    block('event', LABELS.marketing_events.one, [...plan, 'assigned_to']),
    block('budget', t('Budget', 'Бюджет', 'Бюджет', '预算'), money_),
    block('target', t('Audience, partners and plan', 'Аудитория, партнёры и план', 'Аудиторія, партнери та план', '受众、合作伙伴与计划'), target),
  ],
  list: { columns: ['name', 'event_type', 'status', 'start_date', 'place', 'assigned_to'], sort: '-start_date' },
};
