/** accounts — organizations (Контрагенты), the anchor of most relations. */
import type { ModuleDef } from '@karta/shared';
import {
  ADDRESS, B, L, addressFields, block, bool, email, hasMany, integer, manyToMany, money, multipicklist, opts,
  phone, picklist, ref, t, text, textarea, url,
} from '../common.js';
import { LABELS } from '../labels.js';
import { CAMPAIGN_MEMBER_STATUS, CUSTOMER_GROUPS, DEAL_PARTICIPANT_ROLE, INDUSTRIES, RATINGS } from '../picklists.js';

const ACCOUNT_TYPES = opts(
  ['customer', 'Customer', 'Клиент', 'Клієнт', '客户'],
  ['partner', 'Partner', 'Партнёр', 'Партнер', '合作伙伴'],
  ['competitor', 'Competitor', 'Конкурент', 'Конкурент', '竞争对手'],
  ['supplier', 'Supplier', 'Поставщик', 'Постачальник', '供应商'],
  ['reseller', 'Reseller', 'Реселлер', 'Реселер', '经销商'],
  ['investor', 'Investor', 'Инвестор', 'Інвестор', '投资者'],
  ['press', 'Press', 'Пресса', 'Преса', '媒体'],
  ['prospect', 'Prospect', 'Потенциальный клиент', 'Потенційний клієнт', '潜在客户'],
  ['other', 'Other', 'Другое', 'Інше', '其他'],
);

const SEGMENTS = opts(
  ['key_account', 'Key account', 'Ключевой клиент', 'Ключовий клієнт', '重点客户'],
  ['enterprise', 'Enterprise', 'Крупный бизнес', 'Великий бізнес', '大型企业'],
  ['mid_market', 'Mid-market', 'Средний бизнес', 'Середній бізнес', '中型企业'],
  ['small_business', 'Small business', 'Малый бизнес', 'Малий бізнес', '小型企业'],
  ['government', 'Government', 'Госсектор', 'Держсектор', '政府机构'],
);

const info = [
  text('name', t('Account name', 'Контрагент', 'Контрагент', '客户名称'), { required: true, searchable: true }),
  text('short_name', L.short_name, { searchable: true }),
  picklist('account_type', t('Type', 'Тип', 'Тип', '类型'), ACCOUNT_TYPES),
  /** Which price book a new quote, order or invoice for the account takes (the book of the same group). */
  picklist('customer_group', L.customer_group, CUSTOMER_GROUPS),
  picklist('industry', L.industry, INDUSTRIES),
  picklist('rating', L.rating, RATINGS),
  ref('parent_id', t('Member of', 'Входит в группу', 'Входить до групи', '所属上级客户'), 'accounts'),
  phone('phone', L.phone, { searchable: true }),
  phone('other_phone', L.other_phone, { searchable: true }),
  phone('fax', L.fax),
  email('email', L.email, { searchable: true }),
  email('other_email', t('Other e-mail', 'Доп. эл. почта', 'Дод. ел. пошта', '其他电子邮件'), { searchable: true }),
  url('website', L.website),
  integer('employees', L.employees, { min: 0 }),
  money('annual_revenue', L.annual_revenue, { min: 0 }),
  bool('email_opt_out', L.email_opt_out, { default: false }),
  bool('notify_owner', L.notify_owner, { default: false }),
];

const legal = [
  text('legal_form', t('Legal form', 'Организационно-правовая форма', 'Організаційно-правова форма', '企业类型'), { maxLength: 50 }),
  text('inn', t('INN (tax id)', 'ИНН', 'ІПН / ЄДРПОУ', '纳税人识别号'), { searchable: true, maxLength: 20 }),
  text('kpp', t('KPP', 'КПП', 'КПП', 'KPP（税务登记原因代码）'), { maxLength: 20 }),
  text('ogrn', t('OGRN', 'ОГРН', 'ОГРН', '俄罗斯国家注册号 (OGRN)'), { maxLength: 20 }),
  text('edrpou', t('EDRPOU code', 'Код ЕГРПОУ', 'Код ЄДРПОУ', '乌克兰企业代码 (EDRPOU)'), { searchable: true, maxLength: 12 }),
  text('uscc', t('Unified social credit code', 'Единый код соц. кредита (Китай)', 'Єдиний код соц. кредиту (Китай)', '统一社会信用代码'), { searchable: true, maxLength: 18 }),
  text('vat_id', t('VAT id', 'Номер плательщика НДС', 'Номер платника ПДВ', '增值税号'), { searchable: true, maxLength: 30 }),
  text('business_region', t('Business region', 'Бизнес-регион', 'Бізнес-регіон', '业务区域')),
  multipicklist('segments', t('Segments', 'Сегменты', 'Сегменти', '客户细分'), SEGMENTS),
  text('loyalty_card', t('Loyalty card', 'Карта лояльности', 'Картка лояльності', '会员卡'), { searchable: true }),
];

const address = [...addressFields('billing', ADDRESS.legal), ...addressFields('shipping', ADDRESS.actual)];

const notes = [
  textarea('relation_notes', t('Relationship notes', 'Особенности отношений', 'Особливості стосунків', '关系备注')),
  textarea('description', L.description),
];

export const accountsModule: ModuleDef = {
  name: 'accounts',
  label: LABELS.accounts,
  area: 'sales',
  numberPrefix: 'ACC',
  titleFields: ['name'],
  sharing: 'private',
  // The account's timeline shows what happens around its contacts, deals and tickets too.
  timelineRollup: [{ module: 'contacts', field: 'account_id' }, { module: 'deals', field: 'account_id' }, { module: 'tickets', field: 'account_id' }, { module: 'claims', field: 'account_id' }, { module: 'survey_responses', field: 'account_id' }],
  fields: [...info, ...legal, ...address, ...notes],
  blocks: [
    block('account', t('Account information', 'Информация о контрагенте', 'Інформація про контрагента', '客户信息'), [...info, 'assigned_to']),
    block('legal', t('Legal details and segments', 'Реквизиты и сегменты', 'Реквізити та сегменти', '工商信息与细分'), legal),
    block('address', B.address, address),
    block('description', B.description, notes),
  ],
  relations: [
    hasMany('contacts', 'contacts', 'account_id', LABELS.contacts.many),
    hasMany('deals', 'deals', 'account_id', LABELS.deals.many),
    manyToMany('participating_deals', 'deals', 'deal_participants', t('Takes part in deals', 'Участвует в сделках', 'Бере участь в угодах', '参与的商机'), DEAL_PARTICIPANT_ROLE),
    hasMany('quotes', 'quotes', 'account_id', LABELS.quotes.many),
    hasMany('sales_orders', 'sales_orders', 'account_id', LABELS.sales_orders.many),
    hasMany('invoices', 'invoices', 'account_id', LABELS.invoices.many),
    hasMany('tickets', 'tickets', 'account_id', LABELS.tickets.many),
    hasMany('claims', 'claims', 'account_id', LABELS.claims.many),
    hasMany('service_contracts', 'service_contracts', 'account_id', LABELS.service_contracts.many),
    hasMany('assets', 'assets', 'account_id', LABELS.assets.many),
    hasMany('members', 'accounts', 'parent_id', t('Member accounts', 'Входящие в группу', 'Учасники групи', '下属客户')),
    manyToMany('campaigns', 'campaigns', 'campaign_accounts', LABELS.campaigns.many, CAMPAIGN_MEMBER_STATUS),
  ],
  list: { columns: ['name', 'billing_city', 'phone', 'email', 'account_type', 'assigned_to'], sort: '-updated_at' },
};
