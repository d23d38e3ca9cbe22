/** deals — sales opportunities (Сделки), with stages per deal kind, status and loss reason. */
import type { ModuleDef } from '@karta/shared';
import {
  B, L, block, date, hasMany, interestSourceFields, json, manyToMany, money, opts, percent, picklist, ref, t, text, textarea,
} from '../common.js';
import { LABELS } from '../labels.js';
import { CURRENCIES, DEAL_CONTACT_ROLE, DEAL_PARTICIPANT_ROLE, INTEREST_CHANNELS, LEAD_SOURCES } from '../picklists.js';

/** vTiger's sales stages; a deal kind may narrow or replace them with its own list. */
export const DEAL_STAGES = opts(
  ['prospecting', 'Prospecting', 'Поиск', 'Пошук', '寻找客户'],
  ['qualification', 'Qualification', 'Квалификация', 'Кваліфікація', '资格审查'],
  ['needs_analysis', 'Needs analysis', 'Анализ потребностей', 'Аналіз потреб', '需求分析'],
  ['value_proposition', 'Value proposition', 'Ценностное предложение', 'Ціннісна пропозиція', '价值主张'],
  ['id_decision_makers', 'Identify decision makers', 'Определение ЛПР', 'Визначення ОПР', '确定决策者'],
  ['perception_analysis', 'Perception analysis', 'Анализ восприятия', 'Аналіз сприйняття', '认知分析'],
  ['proposal_price_quote', 'Proposal / price quote', 'Предложение / расчёт цены', 'Пропозиція / розрахунок ціни', '提案/报价'],
  ['negotiation_review', 'Negotiation / review', 'Переговоры', 'Переговори', '谈判/审核'],
  ['closed_won', 'Closed won', 'Закрыта успешно', 'Закрита успішно', '成交'],
  ['closed_lost', 'Closed lost', 'Закрыта с потерей', 'Закрита з втратою', '丢单'],
);

const DEAL_TYPES = opts(
  ['new_business', 'New business', 'Новый бизнес', 'Новий бізнес', '新业务'],
  ['existing_business', 'Existing business', 'Существующий бизнес', 'Наявний бізнес', '现有业务'],
);

const DEAL_STATUSES = opts(
  ['open', 'Open', 'В работе', 'У роботі', '进行中'],
  ['won', 'Won', 'Выиграна', 'Виграна', '赢单'],
  ['lost', 'Lost', 'Проиграна', 'Програна', '输单'],
);

const LOSS_REASONS = opts(
  ['price', 'Price', 'Цена', 'Ціна', '价格'],
  ['competitor', 'Chose a competitor', 'Выбрали конкурента', 'Обрали конкурента', '选择了竞争对手'],
  ['no_budget', 'No budget', 'Нет бюджета', 'Немає бюджету', '没有预算'],
  ['no_decision', 'No decision', 'Решение не принято', 'Рішення не ухвалено', '未做决定'],
  ['timing', 'Timing', 'Сроки', 'Терміни', '时间不合适'],
  ['product_fit', 'Product does not fit', 'Продукт не подходит', 'Продукт не підходить', '产品不匹配'],
  ['lost_contact', 'Lost contact', 'Потерян контакт', 'Втрачено контакт', '失去联系'],
  ['other', 'Other', 'Другое', 'Інше', '其他'],
);

const info = [
  text('name', t('Deal name', 'Название сделки', 'Назва угоди', '商机名称'), { required: true, searchable: true }),
  ref('account_id', LABELS.accounts.one, 'accounts'),
  ref('contact_id', LABELS.contacts.one, 'contacts'),
  ref('deal_kind_id', LABELS.deal_kinds.one, 'deal_kinds'),
  // Any of the deal kind's own stages (checked by the deal behaviour); vTiger's are labelled in four languages.
  picklist('stage', t('Sales stage', 'Этап продаж', 'Етап продажу', '销售阶段'), DEAL_STAGES, { openOptions: true }),
  picklist('status', L.status, DEAL_STATUSES, { default: 'open' }),
  date('close_date', t('Expected close date', 'Ожидаемая дата закрытия', 'Очікувана дата закриття', '预计成交日期'), { required: true }),
  money('amount', t('Amount', 'Сумма', 'Сума', '金额'), { min: 0 }),
  picklist('currency', L.currency, CURRENCIES),
  percent('probability', t('Probability, %', 'Вероятность, %', 'Ймовірність, %', '成交概率'), { min: 0, max: 100 }),
  percent('estimated_probability', t('Estimated probability, %', 'Расчётная вероятность, %', 'Розрахункова ймовірність, %', '估算成交概率'), { readOnly: true }),
  money('forecast_amount', t('Forecast amount', 'Прогнозная сумма', 'Прогнозна сума', '预测金额'), { readOnly: true }),
  picklist('deal_type', t('Type', 'Тип', 'Тип', '类型'), DEAL_TYPES),
  text('next_step', t('Next step', 'Следующий шаг', 'Наступний крок', '下一步')),
  /** Why the deal moved to its stage, in words; kept with the stage's entry of the stage history. */
  textarea('stage_comment', t('Stage comment', 'Комментарий к этапу', 'Коментар до етапу', '阶段说明'), { maxLength: 2000 }),
];

/** The checklist items done in the current stage (the kind's stage lists them); emptied when the deal moves on. */
const stageChecklist = json('stage_checklist', t('Stage checklist done', 'Выполнено по чек-листу этапа', 'Виконано за чек-листом етапу', '阶段检查清单完成项'));

const interest = [
  picklist('lead_source', L.lead_source, LEAD_SOURCES),
  ref('campaign_id', LABELS.campaigns.one, 'campaigns'),
  ref('marketing_event_id', LABELS.marketing_events.one, 'marketing_events'),
  ref('offer_id', LABELS.offers.one, 'offers'),
  picklist('interest_channel', L.interest_channel, INTEREST_CHANNELS),
  ...interestSourceFields(),
  textarea('primary_demand', t('Primary demand', 'Первичная потребность', 'Первинна потреба', '主要需求')),
];

const outcome = [
  picklist('loss_reason', t('Loss reason', 'Причина проигрыша', 'Причина програшу', '输单原因'), LOSS_REASONS),
  ref('winning_competitor_id', t('Winning competitor', 'Победивший конкурент', 'Конкурент-переможець', '赢单竞争对手'), 'accounts'),
  /** Why it was lost, in words; kept with the lost entry of the stage history too. */
  textarea('loss_comment', t('Loss comment', 'Комментарий к проигрышу', 'Коментар до програшу', '输单说明'), { maxLength: 2000 }),
  textarea('description', L.description),
];

export const dealsModule: ModuleDef = {
  name: 'deals',
  label: LABELS.deals,
  area: 'sales',
  numberPrefix: 'POT',
  titleFields: ['name'],
  sharing: 'private',
  fields: [...info, stageChecklist, ...interest, ...outcome],
  blocks: [
    block('deal', t('Deal information', 'Информация о сделке', 'Інформація про угоду', '商机信息'), [...info, stageChecklist, 'assigned_to']),
    block('interest', t('Primary interest', 'Первичный интерес', 'Первинний інтерес', '初始兴趣'), interest),
    block('outcome', t('Outcome and description', 'Результат и описание', 'Результат і опис', '结果与描述'), outcome),
  ],
  relations: [
    manyToMany('contacts', 'contacts', 'deal_contacts', LABELS.contacts.many, DEAL_CONTACT_ROLE),
    /** Partners, subcontractors and competitors in the deal, with their role. */
    manyToMany('participants', 'accounts', 'deal_participants', t('Participants', 'Участники', 'Учасники', '参与方'), DEAL_PARTICIPANT_ROLE),
    /** What the deal is about: a quote from the deal gets a line for each. */
    manyToMany('products', 'products', 'deal_products', LABELS.products.many),
    manyToMany('services', 'services', 'deal_services', LABELS.services.many),
    hasMany('quotes', 'quotes', 'deal_id', LABELS.quotes.many),
    hasMany('sales_orders', 'sales_orders', 'deal_id', LABELS.sales_orders.many),
    hasMany('invoices', 'invoices', 'deal_id', LABELS.invoices.many),
  ],
  list: { columns: ['name', 'account_id', 'stage', 'amount', 'close_date', 'status', 'assigned_to'], sort: '-updated_at' },
};
