/**
 * Module names in the four UI languages (one / many). Module declarations use them for their own
 * label and for relation and reference labels, so every module is named the same way everywhere.
 */
import type { I18nText } from '@karta/shared';
import { t } from '@karta/shared';

export interface ModuleLabel {
  one: I18nText;
  many: I18nText;
}

const m = (one: I18nText, many: I18nText): ModuleLabel => ({ one, many });

export const LABELS = {
  accounts: m(t('Account', 'Контрагент', 'Контрагент', '客户'), t('Accounts', 'Контрагенты', 'Контрагенти', '客户')),
  contacts: m(t('Contact', 'Контакт', 'Контакт', '联系人'), t('Contacts', 'Контакты', 'Контакти', '联系人')),
  leads: m(t('Lead', 'Обращение', 'Звернення', '潜在客户'), t('Leads', 'Обращения', 'Звернення', '潜在客户')),
  deals: m(t('Deal', 'Сделка', 'Угода', '商机'), t('Deals', 'Сделки', 'Угоди', '商机')),
  reports: m(t('Report', 'Отчёт', 'Звіт', '报表'), t('Reports', 'Отчёты', 'Звіти', '报表')),
  deal_kinds: m(t('Deal kind', 'Вид сделки', 'Вид угоди', '商机类型'), t('Deal kinds', 'Виды сделок', 'Види угод', '商机类型')),
  products: m(t('Product', 'Товар', 'Товар', '产品'), t('Products', 'Товары', 'Товари', '产品')),
  services: m(t('Service', 'Услуга', 'Послуга', '服务'), t('Services', 'Услуги', 'Послуги', '服务')),
  price_books: m(t('Price book', 'Каталог', 'Каталог', '价格表'), t('Price books', 'Каталоги', 'Каталоги', '价格表')),
  vendors: m(t('Vendor', 'Поставщик', 'Постачальник', '供应商'), t('Vendors', 'Поставщики', 'Постачальники', '供应商')),
  quotes: m(t('Quote', 'Предложение', 'Пропозиція', '报价单'), t('Quotes', 'Предложения', 'Пропозиції', '报价单')),
  sales_orders: m(
    t('Sales order', 'Заказ на продажу', 'Замовлення на продаж', '销售订单'),
    t('Sales orders', 'Заказы на продажу', 'Замовлення на продаж', '销售订单'),
  ),
  invoices: m(t('Invoice', 'Счёт', 'Рахунок', '发票'), t('Invoices', 'Счета', 'Рахунки', '发票')),
  purchase_orders: m(
    t('Purchase order', 'Заказ на закупку', 'Замовлення на закупівлю', '采购订单'),
    t('Purchase orders', 'Заказы на закупку', 'Замовлення на закупівлю', '采购订单'),
  ),
  campaigns: m(t('Campaign', 'Кампания', 'Кампанія', '营销活动'), t('Campaigns', 'Кампании', 'Кампанії', '营销活动')),
  tickets: m(t('Ticket', 'Заявка', 'Заявка', '工单'), t('Tickets', 'Заявки', 'Заявки', '工单')),
  faqs: m(t('FAQ article', 'Статья ЧаВо', 'Стаття ЧаПи', '常见问题'), t('FAQ', 'ЧаВо', 'ЧаПи', '常见问题')),
  service_contracts: m(
    t('Service contract', 'Сервисный контракт', 'Сервісний контракт', '服务合同'),
    t('Service contracts', 'Сервисные контракты', 'Сервісні контракти', '服务合同'),
  ),
  assets: m(t('Asset', 'Актив', 'Актив', '资产'), t('Assets', 'Активы', 'Активи', '资产')),
  events: m(t('Event', 'Событие', 'Подія', '日程'), t('Events', 'События', 'Події', '日程')),
  tasks: m(t('Task', 'Задание', 'Завдання', '任务'), t('Tasks', 'Задания', 'Завдання', '任务')),
  documents: m(t('Document', 'Документ', 'Документ', '文档'), t('Documents', 'Документы', 'Документи', '文档')),
  comments: m(t('Comment', 'Комментарий', 'Коментар', '评论'), t('Comments', 'Комментарии', 'Коментарі', '评论')),
  emails: m(t('E-mail', 'Письмо', 'Лист', '邮件'), t('E-mails', 'Письма', 'Листи', '邮件')),
  email_templates: m(t('E-mail template', 'Шаблон письма', 'Шаблон листа', '邮件模板'), t('E-mail templates', 'Шаблоны писем', 'Шаблони листів', '邮件模板')),
  workflows: m(t('Workflow', 'Бизнес-процесс', 'Бізнес-процес', '工作流'), t('Workflows', 'Бизнес-процессы', 'Бізнес-процеси', '工作流')),
  web_forms: m(t('Web form', 'Веб-форма', 'Веб-форма', '网页表单'), t('Web forms', 'Веб-формы', 'Веб-форми', '网页表单')),
  offers: m(t('Offer', 'Соглашение об условиях продаж', 'Угода про умови продажу', '销售条款'), t('Offers', 'Соглашения об условиях продаж', 'Угоди про умови продажу', '销售条款')),
  loyalty_programs: m(t('Loyalty programme', 'Программа лояльности', 'Програма лояльності', '会员计划'), t('Loyalty programmes', 'Программы лояльности', 'Програми лояльності', '会员计划')),
  loyalty_cards: m(t('Loyalty card', 'Карта лояльности', 'Картка лояльності', '会员卡'), t('Loyalty cards', 'Карты лояльности', 'Картки лояльності', '会员卡')),
  price_types: m(t('Price type', 'Вид цен', 'Вид цін', '价格类型'), t('Price types', 'Виды цен', 'Види цін', '价格类型')),
  surveys: m(t('Survey', 'Опрос', 'Опитування', '调查'), t('Surveys', 'Опросы', 'Опитування', '调查')),
  survey_responses: m(t('Survey answer', 'Ответ на опрос', 'Відповідь на опитування', '调查答复'), t('Survey answers', 'Ответы на опросы', 'Відповіді на опитування', '调查答复')),
  marketing_events: m(t('Marketing event', 'Маркетинговое мероприятие', 'Маркетинговий захід', '市场活动'), t('Marketing events', 'Маркетинговые мероприятия', 'Маркетингові заходи', '市场活动')),
  claims: m(t('Claim', 'Претензия', 'Претензія', '客户索赔'), t('Claims', 'Претензии', 'Претензії', '客户索赔')),
  segments: m(t('Segment', 'Сегмент', 'Сегмент', '细分'), t('Segments', 'Сегменты', 'Сегменти', '细分')),
  mailings: m(t('Mailing', 'Рассылка', 'Розсилка', '群发邮件'), t('Mailings', 'Рассылки', 'Розсилки', '群发邮件')),
  webhooks: m(t('Webhook', 'Веб-хук', 'Веб-хук', 'Webhook'), t('Webhooks', 'Веб-хуки', 'Веб-хуки', 'Webhook')),
  approval_processes: m(t('Approval process', 'Процесс согласования', 'Процес погодження', '审批流程'), t('Approval processes', 'Процессы согласования', 'Процеси погодження', '审批流程')),
  print_templates: m(t('Print template', 'Шаблон печати', 'Шаблон друку', '打印模板'), t('Print templates', 'Шаблоны печати', 'Шаблони друку', '打印模板')),
} satisfies Record<string, ModuleLabel>;

export type StandardModuleName = keyof typeof LABELS;
