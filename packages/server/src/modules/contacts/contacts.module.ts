/** contacts — persons (Контакты), usually under one account; may be customer-portal users. */
import type { ModuleDef } from '@karta/shared';
import {
  ADDRESS, B, L, addressFields, block, bool, date, email, hasMany, image, manyToMany, phone, picklist, ref, t,
  text, textarea,
} from '../common.js';
import { LABELS } from '../labels.js';
import { CAMPAIGN_MEMBER_STATUS, DEAL_CONTACT_ROLE, LEAD_SOURCES, SALUTATIONS } from '../picklists.js';

const info = [
  picklist('salutation', L.salutation, SALUTATIONS),
  text('first_name', L.first_name, { searchable: true }),
  text('last_name', L.last_name, { required: true, searchable: true }),
  ref('account_id', LABELS.accounts.one, 'accounts'),
  text('title', L.job_title),
  text('department', t('Department', 'Отдел', 'Відділ', '部门')),
  phone('phone', t('Office phone', 'Рабочий телефон', 'Робочий телефон', '办公电话'), { searchable: true }),
  phone('mobile', L.mobile, { searchable: true }),
  phone('home_phone', t('Home phone', 'Домашний телефон', 'Домашній телефон', '家庭电话'), { searchable: true }),
  phone('other_phone', L.other_phone, { searchable: true }),
  phone('fax', L.fax),
  email('email', L.email, { searchable: true }),
  email('secondary_email', L.secondary_email, { searchable: true }),
  date('birth_date', t('Birthday', 'День рождения', 'День народження', '生日')),
  ref('reports_to_id', t('Reports to', 'Руководитель', 'Керівник', '上级'), 'contacts'),
  text('assistant', t('Assistant', 'Помощник', 'Помічник', '助理')),
  phone('assistant_phone', t('Assistant phone', 'Телефон помощника', 'Телефон помічника', '助理电话')),
  picklist('lead_source', L.lead_source, LEAD_SOURCES),
  bool('do_not_call', t('Do not call', 'Не звонить', 'Не телефонувати', '请勿致电'), { default: false }),
  bool('email_opt_out', L.email_opt_out, { default: false }),
  bool('notify_owner', L.notify_owner, { default: false }),
];

const portal = [
  /** Set by "Invite to portal"; switched off, the contact can no longer sign in to the portal. */
  bool('is_portal_user', t('Portal user', 'Пользователь портала', 'Користувач порталу', '门户用户'), { default: false }),
  /** In the portal, also the tickets of the contact's account (not only their own); quotes and invoices are the account's anyway. */
  bool('portal_sees_account', t('Sees the account\'s tickets', 'Видит заявки организации', 'Бачить заявки організації', '可查看客户公司的工单'), { default: false }),
  date('support_start_date', L.support_start_date),
  date('support_end_date', L.support_end_date),
  image('photo', t('Photo', 'Фотография', 'Фотографія', '照片')),
];

const address = [...addressFields('mailing', ADDRESS.mailing), ...addressFields('other', ADDRESS.other)];
const notes = [textarea('description', L.description)];

export const contactsModule: ModuleDef = {
  name: 'contacts',
  label: LABELS.contacts,
  area: 'sales',
  numberPrefix: 'CON',
  titleFields: ['first_name', 'last_name'],
  sharing: 'private',
  fields: [...info, ...portal, ...address, ...notes],
  blocks: [
    block('contact', t('Contact information', 'Информация о контакте', 'Інформація про контакт', '联系人信息'), [...info, 'assigned_to']),
    block('portal', t('Customer portal', 'Клиентский портал', 'Клієнтський портал', '客户门户'), portal),
    block('address', B.address, address),
    block('description', B.description, notes),
  ],
  relations: [
    manyToMany('deals', 'deals', 'deal_contacts', LABELS.deals.many, DEAL_CONTACT_ROLE),
    hasMany('tickets', 'tickets', 'contact_id', LABELS.tickets.many),
    hasMany('quotes', 'quotes', 'contact_id', LABELS.quotes.many),
    hasMany('sales_orders', 'sales_orders', 'contact_id', LABELS.sales_orders.many),
    hasMany('invoices', 'invoices', 'contact_id', LABELS.invoices.many),
    hasMany('assets', 'assets', 'contact_id', LABELS.assets.many),
    hasMany('reports', 'contacts', 'reports_to_id', t('Subordinates', 'Подчинённые', 'Підлеглі', '下属')),
    manyToMany('campaigns', 'campaigns', 'campaign_contacts', LABELS.campaigns.many, CAMPAIGN_MEMBER_STATUS),
  ],
  list: { columns: ['last_name', 'first_name', 'title', 'account_id', 'email', 'phone', 'assigned_to'], sort: '-updated_at' },
};
