/**
 * Small builders that keep module declarations short and readable. They only build plain data
 * (FieldDef, BlockDef, RelationDef, PicklistOption); nothing here knows about the engine.
 */
import type { BlockDef, FieldDef, FieldType, I18nText, PicklistOption, RelationDef } from '@karta/shared';
import { t } from '@karta/shared';

export { t };

/** Everything of a FieldDef except what the builder's own arguments give. */
export type FieldOpts = Omit<Partial<FieldDef>, 'name' | 'type' | 'label' | 'options' | 'reference'>;

/** A picklist option as a tuple: value, then its label in en, ru, uk, zh. */
export type OptionRow = readonly [value: string, en: string, ru: string, uk: string, zh: string];

// ---- picklist options ------------------------------------------------------------------------

export function opts(...rows: OptionRow[]): PicklistOption[] {
  return rows.map(([value, en, ru, uk, zh]) => ({ value, label: t(en, ru, uk, zh) }));
}

// ---- fields ----------------------------------------------------------------------------------

export function field(name: string, type: FieldType, label: I18nText, o: Partial<FieldDef> = {}): FieldDef {
  return { name, type, label, ...o };
}

const simple =
  (type: FieldType) =>
  (name: string, label: I18nText, o: FieldOpts = {}): FieldDef =>
    field(name, type, label, o);

export const text = simple('text');
export const textarea = simple('textarea');
export const integer = simple('integer');
export const decimal = simple('decimal');
export const money = simple('money');
export const percent = simple('percent');
export const bool = simple('boolean');
export const date = simple('date');
export const datetime = simple('datetime');
export const email = simple('email');
export const phone = simple('phone');
export const url = simple('url');
export const owner = simple('owner');
export const image = simple('image');
export const file = simple('file');
/** Structured module data (line items, stage lists); not offered for custom fields. */
export const json = simple('json');

export function picklist(name: string, label: I18nText, options: PicklistOption[], o: FieldOpts = {}): FieldDef {
  return field(name, 'picklist', label, { ...o, options });
}

export function multipicklist(name: string, label: I18nText, options: PicklistOption[], o: FieldOpts = {}): FieldDef {
  return field(name, 'multipicklist', label, { ...o, options });
}

/** A reference to one module, or to several (polymorphic). */
export function ref(name: string, label: I18nText, modules: string | string[], o: FieldOpts = {}): FieldDef {
  return field(name, 'reference', label, { ...o, reference: typeof modules === 'string' ? [modules] : modules });
}

// ---- addresses -------------------------------------------------------------------------------

const ADDRESS_PARTS: [key: string, type: FieldType, label: I18nText][] = [
  ['street', 'textarea', t('street', 'Улица', 'Вулиця', '街道')],
  ['po_box', 'text', t('PO box', 'Абонентский ящик', 'Абонентська скринька', '邮政信箱')],
  ['city', 'text', t('city', 'Город', 'Місто', '城市')],
  ['region', 'text', t('region', 'Область / регион', 'Область / регіон', '省/州')],
  ['postal_code', 'text', t('postal code', 'Индекс', 'Поштовий індекс', '邮政编码')],
  ['country', 'text', t('country', 'Страна', 'Країна', '国家')],
];

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Which address a set of address fields is (the label qualifier). */
export const ADDRESS = {
  legal: t('Billing', 'юридический адрес', 'юридична адреса', '账单'),
  actual: t('Shipping', 'фактический адрес', 'фактична адреса', '送货'),
  billing: t('Billing', 'адрес плательщика', 'адреса платника', '账单'),
  shipping: t('Shipping', 'адрес доставки', 'адреса доставки', '送货'),
  mailing: t('Mailing', 'почтовый адрес', 'поштова адреса', '邮寄'),
  other: t('Other', 'другой адрес', 'інша адреса', '其他'),
};

/**
 * street, po_box, city, region, postal_code, country — with `prefix` ('billing' → `billing_city`)
 * and a label qualifier ("Billing city", «Город (юридический адрес)», «Місто (юридична адреса)», 账单城市).
 * Without a prefix the fields are plain `street`, `city`, …
 */
export function addressFields(prefix = '', qualifier?: I18nText): FieldDef[] {
  return ADDRESS_PARTS.map(([key, type, l]) => {
    const label = qualifier
      ? t(`${qualifier.en} ${l.en}`, `${l.ru} (${qualifier.ru})`, `${l.uk} (${qualifier.uk})`, `${qualifier.zh}${l.zh}`)
      : t(capitalize(l.en), l.ru, l.uk, l.zh);
    return field(prefix ? `${prefix}_${key}` : key, type, label);
  });
}

// ---- layout and relations --------------------------------------------------------------------

/** A layout block; items are fields (their names are taken) or names of system fields. */
export function block(key: string, label: I18nText, items: (FieldDef | string)[]): BlockDef {
  return { key, label, fields: items.map((i) => (typeof i === 'string' ? i : i.name)) };
}

/** Records of `module` whose reference `field` points at this record. */
export function hasMany(name: string, module: string, fieldName: string, label: I18nText): RelationDef {
  return { name, module, kind: 'one_to_many', field: fieldName, label };
}

/** A link table shared by both sides; optionally with a picklist on the link (role, status). */
export function manyToMany(
  name: string,
  module: string,
  table: string,
  label: I18nText,
  linkField?: RelationDef['linkField'],
  opts: Pick<RelationDef, 'ownedByOther'> = {},
): RelationDef {
  return { name, module, kind: 'many_to_many', table, label, ...(linkField ? { linkField } : {}), ...opts };
}

// ---- shared targets --------------------------------------------------------------------------

/** What an event or a task may be "related to". */
export const ACTIVITY_TARGETS = [
  'accounts', 'contacts', 'leads', 'deals', 'campaigns', 'tickets', 'quotes', 'sales_orders', 'invoices',
  'purchase_orders', 'service_contracts', 'assets', 'vendors', 'products', 'services', 'claims', 'marketing_events',
];

/** What a comment may be attached to: any record except another comment (replies use parent_id). */
export const COMMENT_TARGETS = [...ACTIVITY_TARGETS, 'price_books', 'faqs', 'events', 'tasks', 'documents'];

// ---- shared labels ---------------------------------------------------------------------------

export const L = {
  name: t('Name', 'Название', 'Назва', '名称'),
  short_name: t('Short name', 'Краткое название', 'Коротка назва', '简称'),
  first_name: t('First name', 'Имя', "Ім'я", '名'),
  last_name: t('Last name', 'Фамилия', 'Прізвище', '姓'),
  salutation: t('Salutation', 'Форма обращения', 'Звертання', '称呼'),
  job_title: t('Job title', 'Должность', 'Посада', '职务'),
  subject: t('Subject', 'Тема', 'Тема', '主题'),
  description: t('Description', 'Описание', 'Опис', '描述'),
  status: t('Status', 'Статус', 'Статус', '状态'),
  priority: t('Priority', 'Приоритет', 'Пріоритет', '优先级'),
  category: t('Category', 'Категория', 'Категорія', '类别'),
  email: t('E-mail', 'Эл. почта', 'Ел. пошта', '电子邮件'),
  secondary_email: t('Secondary e-mail', 'Доп. эл. почта', 'Дод. ел. пошта', '备用电子邮件'),
  phone: t('Phone', 'Телефон', 'Телефон', '电话'),
  other_phone: t('Other phone', 'Доп. телефон', 'Дод. телефон', '其他电话'),
  mobile: t('Mobile', 'Мобильный', 'Мобільний', '手机'),
  fax: t('Fax', 'Факс', 'Факс', '传真'),
  website: t('Website', 'Веб-сайт', 'Вебсайт', '网站'),
  industry: t('Industry', 'Отрасль', 'Галузь', '行业'),
  rating: t('Rating', 'Рейтинг', 'Рейтинг', '评级'),
  employees: t('Employees', 'Кол-во сотрудников', 'Кількість працівників', '员工人数'),
  annual_revenue: t('Annual revenue', 'Годовой доход', 'Річний дохід', '年收入'),
  lead_source: t('Lead source', 'Источник', 'Джерело', '线索来源'),
  interest_channel: t('Interest channel', 'Канал первичного интереса', 'Канал первинного інтересу', '兴趣渠道'),
  email_opt_out: t('E-mail opt-out', 'Не отправлять эл. почту', 'Не надсилати ел. пошту', '拒收邮件'),
  notify_owner: t('Notify owner', 'Уведомить ответственного', 'Повідомити відповідального', '通知负责人'),
  currency: t('Currency', 'Валюта', 'Валюта', '货币'),
  conversion_rate: t('Exchange rate', 'Курс валюты', 'Курс валюти', '汇率'),
  is_active: t('Active', 'Активен', 'Активний', '启用'),
  unit_price: t('Unit price', 'Цена за единицу', 'Ціна за одиницю', '单价'),
  purchase_cost: t('Purchase cost', 'Закупочная цена', 'Закупівельна ціна', '采购成本'),
  customer_group: t('Customer group', 'Группа клиентов', 'Група клієнтів', '客户组'),
  commission_rate: t('Commission, %', 'Комиссия, %', 'Комісія, %', '佣金比例'),
  tax_class: t('Tax class', 'Ставка налога', 'Ставка податку', '税率类别'),
  usage_unit: t('Unit of measure', 'Единица измерения', 'Одиниця виміру', '计量单位'),
  qty_per_unit: t('Qty per unit', 'Кол-во в единице', 'Кількість в одиниці', '每单位数量'),
  sales_start_date: t('Sales start date', 'Дата начала продаж', 'Дата початку продажів', '销售开始日期'),
  sales_end_date: t('Sales end date', 'Дата окончания продаж', 'Дата закінчення продажів', '销售结束日期'),
  support_start_date: t('Support start date', 'Начало сопровождения', 'Початок супроводу', '支持开始日期'),
  support_end_date: t('Support end date', 'Окончание сопровождения', 'Закінчення супроводу', '支持结束日期'),
  related_to: t('Related to', 'Относится к', 'Стосується', '相关记录'),
  location: t('Location', 'Место', 'Місце', '地点'),
  reminder_minutes: t('Reminder, minutes before', 'Напоминание, мин. до', 'Нагадування, хв. до', '提前提醒（分钟）'),
  serial_no: t('Serial no.', 'Серийный номер', 'Серійний номер', '序列号'),
};

/** Block labels used by many modules. */
export const B = {
  address: t('Address', 'Адрес', 'Адреса', '地址'),
  description: t('Description', 'Описание', 'Опис', '描述'),
  pricing: t('Pricing', 'Информация о цене', 'Інформація про ціну', '价格信息'),
  dates: t('Sales and support dates', 'Сроки продаж и сопровождения', 'Терміни продажів і супроводу', '销售与支持日期'),
};

/** Who or what brought the demand (a campaign, an account, a contact), or the employee who did — on leads and deals. */
export function interestSourceFields(): FieldDef[] {
  return [
    ref('interest_source_id', t('Interest source', 'Источник первичного интереса', 'Джерело первинного інтересу', '兴趣来源'), ['campaigns', 'accounts', 'contacts']),
    owner('interest_source_user_id', t('Interest source (employee)', 'Источник интереса (сотрудник)', 'Джерело інтересу (співробітник)', '兴趣来源（员工）')),
  ];
}
