/** leads — unqualified prospects (Обращения), converted later into an account, contact and deal. */
import type { ModuleDef } from '@karta/shared';
import {
  B, L, addressFields, block, bool, email, integer, interestSourceFields, manyToMany, money, opts, phone, picklist, ref, t, text, textarea,
  url,
} from '../common.js';
import { LABELS } from '../labels.js';
import {
  CAMPAIGN_MEMBER_STATUS, INDUSTRIES, INTEREST_CHANNELS, LEAD_SOURCES, RATINGS, SALUTATIONS,
} from '../picklists.js';

const LEAD_STATUSES = opts(
  ['attempted_to_contact', 'Attempted to contact', 'Попытка связаться', "Спроба зв'язатися", '尝试联系'],
  ['cold', 'Cold', 'Холодное', 'Холодне', '冷线索'],
  ['contact_in_future', 'Contact in future', 'Связаться позже', "Зв'язатися пізніше", '以后联系'],
  ['contacted', 'Contacted', 'Есть контакт', 'Є контакт', '已联系'],
  ['hot', 'Hot', 'Горячее', 'Гаряче', '热线索'],
  ['junk', 'Junk lead', 'Нецелевое', 'Нецільове', '无效线索'],
  ['lost', 'Lost lead', 'Потерянное', 'Втрачене', '已流失'],
  ['not_contacted', 'Not contacted', 'Нет контакта', 'Немає контакту', '未联系'],
  ['pre_qualified', 'Pre-qualified', 'Предварительно квалифицировано', 'Попередньо кваліфіковане', '初步合格'],
  ['qualified', 'Qualified', 'Квалифицировано', 'Кваліфіковане', '合格'],
  ['warm', 'Warm', 'Тёплое', 'Тепле', '温线索'],
);

const info = [
  picklist('salutation', L.salutation, SALUTATIONS),
  text('first_name', L.first_name, { searchable: true }),
  text('last_name', L.last_name, { required: true, searchable: true }),
  text('company', t('Company', 'Организация', 'Організація', '公司'), { required: true, searchable: true }),
  text('title', L.job_title),
  phone('phone', L.phone, { searchable: true }),
  phone('mobile', L.mobile, { searchable: true }),
  phone('fax', L.fax),
  email('email', L.email, { searchable: true }),
  email('secondary_email', L.secondary_email, { searchable: true }),
  url('website', L.website),
  picklist('lead_status', t('Lead status', 'Статус обращения', 'Статус звернення', '线索状态'), LEAD_STATUSES),
  picklist('industry', L.industry, INDUSTRIES),
  money('annual_revenue', L.annual_revenue, { min: 0 }),
  integer('employees', L.employees, { min: 0 }),
  picklist('rating', L.rating, RATINGS),
  bool('email_opt_out', L.email_opt_out, { default: false }),
  bool('converted', t('Converted', 'Преобразовано', 'Перетворено', '已转换'), { readOnly: true, default: false }),
  ref('converted_account_id', t('Converted to account', 'Преобразовано в контрагента', 'Перетворено на контрагента', '转换为客户'), 'accounts', { readOnly: true }),
  ref('converted_contact_id', t('Converted to contact', 'Преобразовано в контакт', 'Перетворено на контакт', '转换为联系人'), 'contacts', { readOnly: true }),
  ref('converted_deal_id', t('Converted to deal', 'Преобразовано в сделку', 'Перетворено на угоду', '转换为商机'), 'deals', { readOnly: true }),
];

const origin = [
  picklist('lead_source', L.lead_source, LEAD_SOURCES),
  picklist('interest_channel', L.interest_channel, INTEREST_CHANNELS),
  ...interestSourceFields(),
  ref('campaign_id', LABELS.campaigns.one, 'campaigns'),
  ref('marketing_event_id', LABELS.marketing_events.one, 'marketing_events'),
  text('utm_source', t('UTM source', 'UTM source (источник)', 'UTM source (джерело)', 'UTM 来源')),
  text('utm_medium', t('UTM medium', 'UTM medium (канал)', 'UTM medium (канал)', 'UTM 媒介')),
  text('utm_campaign', t('UTM campaign', 'UTM campaign (кампания)', 'UTM campaign (кампанія)', 'UTM 活动')),
  text('utm_term', t('UTM term', 'UTM term (ключевое слово)', 'UTM term (ключове слово)', 'UTM 关键词')),
  text('utm_content', t('UTM content', 'UTM content (объявление)', 'UTM content (оголошення)', 'UTM 内容')),
  // Captured by a web form: where the visitor came from and the page the form was on.
  text('referrer', t('Referrer', 'Откуда пришёл', 'Звідки прийшов', '来源页面'), { readOnly: true, maxLength: 2000 }),
  text('landing_page', t('Landing page', 'Страница с формой', 'Сторінка з формою', '着陆页'), { readOnly: true, maxLength: 2000 }),
  ref('web_form_id', LABELS.web_forms.one, 'web_forms', { readOnly: true }),
];

const address = addressFields();
const notes = [textarea('description', L.description)];

export const leadsModule: ModuleDef = {
  name: 'leads',
  label: LABELS.leads,
  area: 'marketing',
  numberPrefix: 'LEA',
  titleFields: ['first_name', 'last_name'],
  sharing: 'private',
  fields: [...info, ...origin, ...address, ...notes],
  blocks: [
    block('lead', t('Lead information', 'Информация об обращении', 'Інформація про звернення', '潜在客户信息'), [...info, 'assigned_to']),
    block('origin', t('Source and campaign', 'Источник и кампания', 'Джерело та кампанія', '来源与营销活动'), origin),
    block('address', B.address, address),
    block('description', B.description, notes),
  ],
  relations: [manyToMany('campaigns', 'campaigns', 'campaign_leads', LABELS.campaigns.many, CAMPAIGN_MEMBER_STATUS)],
  // A converted lead leaves the working list (SPEC 3.1); clearing the list's filter shows it again.
  list: { columns: ['last_name', 'first_name', 'company', 'phone', 'email', 'lead_status', 'assigned_to'], sort: '-updated_at', where: { field: 'converted', op: 'eq', value: false } },
};
