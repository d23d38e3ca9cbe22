/** campaigns — marketing campaigns (Кампании) with budget, expected and actual figures and ROI. */
import type { ModuleDef } from '@karta/shared';
import {
  B, L, block, date, hasMany, integer, manyToMany, money, opts, percent, picklist, ref, t, text, textarea,
} from '../common.js';
import { LABELS } from '../labels.js';
import { CAMPAIGN_MEMBER_STATUS } from '../picklists.js';

const STATUSES = opts(
  ['planning', 'Planning', 'Планирование', 'Планування', '计划中'],
  ['active', 'Active', 'Активна', 'Активна', '进行中'],
  ['inactive', 'Inactive', 'Неактивна', 'Неактивна', '未激活'],
  ['completed', 'Completed', 'Завершена', 'Завершена', '已完成'],
  ['cancelled', 'Cancelled', 'Отменена', 'Скасована', '已取消'],
);

const TYPES = opts(
  ['conference', 'Conference', 'Конференция', 'Конференція', '会议'],
  ['webinar', 'Webinar', 'Вебинар', 'Вебінар', '网络研讨会'],
  ['trade_show', 'Trade show', 'Выставка', 'Виставка', '展会'],
  ['public_relations', 'Public relations', 'Связи с общественностью', "Зв'язки з громадськістю", '公共关系'],
  ['partners', 'Partners', 'Партнёры', 'Партнери', '合作伙伴'],
  ['referral_program', 'Referral program', 'Реферальная программа', 'Реферальна програма', '推荐计划'],
  ['advertisement', 'Advertisement', 'Реклама', 'Реклама', '广告'],
  ['banner_ads', 'Banner ads', 'Баннерная реклама', 'Банерна реклама', '横幅广告'],
  ['direct_mail', 'Direct mail', 'Прямая рассылка', 'Пряма розсилка', '直邮'],
  ['email', 'E-mail', 'Эл. почта', 'Ел. пошта', '电子邮件'],
  ['telemarketing', 'Telemarketing', 'Телемаркетинг', 'Телемаркетинг', '电话营销'],
  ['others', 'Others', 'Другое', 'Інше', '其他'],
);

const RESPONSES = opts(
  ['excellent', 'Excellent', 'Отлично', 'Відмінно', '极好'],
  ['good', 'Good', 'Хорошо', 'Добре', '良好'],
  ['average', 'Average', 'Средне', 'Середньо', '一般'],
  ['poor', 'Poor', 'Плохо', 'Погано', '差'],
);

const info = [
  text('name', t('Campaign name', 'Наименование', 'Найменування', '活动名称'), { required: true, searchable: true }),
  picklist('status', L.status, STATUSES, { default: 'planning' }),
  picklist('campaign_type', t('Type', 'Тип', 'Тип', '类型'), TYPES),
  ref('product_id', LABELS.products.one, 'products'),
  text('target_audience', t('Target audience', 'Целевая аудитория', 'Цільова аудиторія', '目标受众')),
  text('sponsor', t('Sponsor', 'Спонсор', 'Спонсор', '赞助方')),
  integer('target_size', t('Target size', 'Размер аудитории', 'Розмір аудиторії', '目标规模'), { min: 0 }),
  date('expected_close_date', t('Expected close date', 'Ожидаемая дата завершения', 'Очікувана дата завершення', '预计结束日期')),
  integer('sent_count', t('Number sent', 'Отправлено', 'Надіслано', '已发送数量'), { min: 0 }),
];

const figures = [
  money('budget_cost', t('Budget cost', 'Бюджет', 'Бюджет', '预算成本'), { min: 0 }),
  money('actual_cost', t('Actual cost', 'Затраты', 'Витрати', '实际成本'), { min: 0 }),
  picklist('expected_response', t('Expected response', 'Ожидаемая реакция', 'Очікувана реакція', '预期反响'), RESPONSES),
  money('expected_revenue', t('Expected revenue', 'Ожидаемый доход', 'Очікуваний дохід', '预期收入'), { min: 0 }),
  integer('expected_sales_count', t('Expected sales count', 'Плановые продажи', 'Планові продажі', '预期销售数量'), { min: 0 }),
  integer('actual_sales_count', t('Actual sales count', 'Фактическое кол-во продаж', 'Фактична кількість продажів', '实际销售数量'), { min: 0 }),
  integer('expected_response_count', t('Expected response count', 'Плановое кол-во откликов', 'Планова кількість відгуків', '预期响应数量'), { min: 0 }),
  integer('actual_response_count', t('Actual response count', 'Фактический отклик', 'Фактичний відгук', '实际响应数量'), { min: 0 }),
  percent('expected_roi', t('Expected ROI, %', 'Ожидаемая рентабельность, %', 'Очікувана рентабельність, %', '预期投资回报率')),
  percent('actual_roi', t('Actual ROI, %', 'Фактическая рентабельность, %', 'Фактична рентабельність, %', '实际投资回报率'), { readOnly: true }),
];

const notes = [textarea('description', L.description)];

export const campaignsModule: ModuleDef = {
  name: 'campaigns',
  label: LABELS.campaigns,
  area: 'marketing',
  numberPrefix: 'CAM',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [...info, ...figures, ...notes],
  blocks: [
    block('campaign', t('Campaign information', 'Информация о кампании', 'Інформація про кампанію', '活动信息'), [...info, 'assigned_to']),
    block('figures', t('Expectations and actuals', 'Ожидания и результаты', 'Очікування та результати', '预期与实际'), figures),
    block('description', B.description, notes),
  ],
  relations: [
    manyToMany('leads', 'leads', 'campaign_leads', LABELS.leads.many, CAMPAIGN_MEMBER_STATUS),
    manyToMany('contacts', 'contacts', 'campaign_contacts', LABELS.contacts.many, CAMPAIGN_MEMBER_STATUS),
    manyToMany('accounts', 'accounts', 'campaign_accounts', LABELS.accounts.many, CAMPAIGN_MEMBER_STATUS),
    hasMany('deals', 'deals', 'campaign_id', LABELS.deals.many),
  ],
  list: { columns: ['name', 'campaign_type', 'status', 'expected_close_date', 'budget_cost', 'assigned_to'], sort: '-updated_at' },
};
