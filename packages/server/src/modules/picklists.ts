/**
 * Picklist values shared by several modules (vTiger's standard lists, SPEC §2 values).
 * Values are stable snake_case (ISO codes for currencies); labels follow the caller's language.
 */
import type { RelationDef } from '@karta/shared';
import { opts, t } from './common.js';

export const CURRENCIES = opts(
  ['RUB', 'RUB — Russian rouble', 'RUB — российский рубль', 'RUB — російський рубль', 'RUB — 俄罗斯卢布'],
  ['UAH', 'UAH — Ukrainian hryvnia', 'UAH — украинская гривна', 'UAH — українська гривня', 'UAH — 乌克兰格里夫纳'],
  ['CNY', 'CNY — Chinese yuan', 'CNY — китайский юань', 'CNY — китайський юань', 'CNY — 人民币'],
  ['USD', 'USD — US dollar', 'USD — доллар США', 'USD — долар США', 'USD — 美元'],
  ['EUR', 'EUR — euro', 'EUR — евро', 'EUR — євро', 'EUR — 欧元'],
);

export const SALUTATIONS = opts(
  ['mr', 'Mr.', 'Г-н', 'Пан', '先生'],
  ['ms', 'Ms.', 'Г-жа', 'Пані', '女士'],
  ['mrs', 'Mrs.', 'Г-жа (замужем)', 'Пані (заміжня)', '夫人'],
  ['dr', 'Dr.', 'Д-р', 'Д-р', '博士'],
  ['prof', 'Prof.', 'Проф.', 'Проф.', '教授'],
);

export const LEAD_SOURCES = opts(
  ['web_site', 'Web site', 'Веб-сайт', 'Вебсайт', '网站'],
  ['cold_call', 'Cold call', 'Холодный звонок', 'Холодний дзвінок', '陌生电话'],
  ['existing_customer', 'Existing customer', 'Существующий клиент', 'Наявний клієнт', '现有客户'],
  ['self_generated', 'Self generated', 'Собственный поиск', 'Власний пошук', '自主开发'],
  ['employee', 'Employee', 'Сотрудник', 'Співробітник', '员工'],
  ['partner', 'Partner', 'Партнёр', 'Партнер', '合作伙伴'],
  ['public_relations', 'Public relations', 'Связи с общественностью', "Зв'язки з громадськістю", '公共关系'],
  ['direct_mail', 'Direct mail', 'Прямая рассылка', 'Пряма розсилка', '直邮'],
  ['conference', 'Conference', 'Конференция', 'Конференція', '会议'],
  ['trade_show', 'Trade show', 'Выставка', 'Виставка', '展会'],
  ['web_form', 'Web form', 'Веб-форма', 'Вебформа', '网页表单'],
  ['word_of_mouth', 'Word of mouth', 'Сарафанное радио', 'Сарафанне радіо', '口碑'],
  ['email', 'E-mail', 'Эл. почта', 'Ел. пошта', '电子邮件'],
  ['campaign', 'Campaign', 'Кампания', 'Кампанія', '营销活动'],
  ['other', 'Other', 'Другое', 'Інше', '其他'],
);

/** Primary interest: the channel through which a lead or deal came (SPEC §3.1). */
export const INTEREST_CHANNELS = opts(
  ['advertising', 'Advertising', 'Реклама', 'Реклама', '广告'],
  ['partner_recommendation', 'Partner recommendation', 'Рекомендация партнёра', 'Рекомендація партнера', '合作伙伴推荐'],
  ['employee_recommendation', 'Employee recommendation', 'Рекомендация сотрудника', 'Рекомендація співробітника', '员工推荐'],
  ['exhibition', 'Exhibition', 'Выставка', 'Виставка', '展会'],
  ['web_site', 'Web site', 'Веб-сайт', 'Вебсайт', '网站'],
  ['cold_call', 'Cold call', 'Холодный звонок', 'Холодний дзвінок', '陌生电话'],
  ['social_network', 'Social network', 'Социальные сети', 'Соціальні мережі', '社交网络'],
  ['other', 'Other', 'Другое', 'Інше', '其他'],
);

export const INDUSTRIES = opts(
  ['apparel', 'Apparel', 'Одежда', 'Одяг', '服装'],
  ['banking', 'Banking', 'Банковское дело', 'Банківська справа', '银行业'],
  ['biotechnology', 'Biotechnology', 'Биотехнологии', 'Біотехнології', '生物技术'],
  ['chemicals', 'Chemicals', 'Химическая промышленность', 'Хімічна промисловість', '化工'],
  ['communications', 'Communications', 'Связь', "Зв'язок", '通信'],
  ['construction', 'Construction', 'Строительство', 'Будівництво', '建筑'],
  ['consulting', 'Consulting', 'Консалтинг', 'Консалтинг', '咨询'],
  ['education', 'Education', 'Образование', 'Освіта', '教育'],
  ['electronics', 'Electronics', 'Электроника', 'Електроніка', '电子'],
  ['energy', 'Energy', 'Энергетика', 'Енергетика', '能源'],
  ['engineering', 'Engineering', 'Инжиниринг', 'Інжиніринг', '工程'],
  ['entertainment', 'Entertainment', 'Развлечения', 'Розваги', '娱乐'],
  ['environmental', 'Environmental', 'Экология', 'Екологія', '环保'],
  ['finance', 'Finance', 'Финансы', 'Фінанси', '金融'],
  ['food_beverage', 'Food & beverage', 'Продукты питания и напитки', 'Продукти харчування та напої', '食品饮料'],
  ['government', 'Government', 'Государственный сектор', 'Державний сектор', '政府机构'],
  ['healthcare', 'Healthcare', 'Здравоохранение', "Охорона здоров'я", '医疗保健'],
  ['hospitality', 'Hospitality', 'Гостиничный бизнес', 'Готельний бізнес', '酒店业'],
  ['insurance', 'Insurance', 'Страхование', 'Страхування', '保险'],
  ['machinery', 'Machinery', 'Машиностроение', 'Машинобудування', '机械'],
  ['manufacturing', 'Manufacturing', 'Производство', 'Виробництво', '制造业'],
  ['media', 'Media', 'СМИ', 'ЗМІ', '媒体'],
  ['not_for_profit', 'Not for profit', 'Некоммерческие организации', 'Неприбуткові організації', '非营利组织'],
  ['recreation', 'Recreation', 'Отдых и туризм', 'Відпочинок і туризм', '休闲娱乐'],
  ['retail', 'Retail', 'Розничная торговля', 'Роздрібна торгівля', '零售'],
  ['shipping', 'Shipping', 'Грузоперевозки', 'Вантажоперевезення', '航运'],
  ['technology', 'Technology', 'Технологии', 'Технології', '科技'],
  ['telecommunications', 'Telecommunications', 'Телекоммуникации', 'Телекомунікації', '电信'],
  ['transportation', 'Transportation', 'Транспорт', 'Транспорт', '交通运输'],
  ['utilities', 'Utilities', 'Коммунальные услуги', 'Комунальні послуги', '公用事业'],
  ['other', 'Other', 'Другое', 'Інше', '其他'],
);

export const RATINGS = opts(
  ['acquired', 'Acquired', 'Приобретён', 'Придбаний', '已收购'],
  ['active', 'Active', 'Активный', 'Активний', '活跃'],
  ['market_failed', 'Market failed', 'Рынок потерян', 'Ринок втрачено', '市场失败'],
  ['project_cancelled', 'Project cancelled', 'Проект отменён', 'Проєкт скасовано', '项目取消'],
  ['shutdown', 'Shutdown', 'Закрыт', 'Закритий', '已关闭'],
);

/** High / medium / low (events and tasks). */
export const PRIORITIES = opts(
  ['high', 'High', 'Высокий', 'Високий', '高'],
  ['medium', 'Medium', 'Средний', 'Середній', '中'],
  ['low', 'Low', 'Низкий', 'Низький', '低'],
);

/** Low / normal / high (service contracts). */
export const PRIORITIES_LNH = opts(
  ['low', 'Low', 'Низкий', 'Низький', '低'],
  ['normal', 'Normal', 'Обычный', 'Звичайний', '普通'],
  ['high', 'High', 'Высокий', 'Високий', '高'],
);

export const TAX_CLASSES = opts(
  ['vat_20', 'VAT 20%', 'НДС 20%', 'ПДВ 20%', '增值税 20%'],
  ['vat_10', 'VAT 10%', 'НДС 10%', 'ПДВ 10%', '增值税 10%'],
  ['vat_0', 'VAT 0%', 'НДС 0%', 'ПДВ 0%', '增值税 0%'],
  ['none', 'No VAT', 'Без НДС', 'Без ПДВ', '免税'],
);

/** Role of a contact in a deal (link field of `deal_contacts`). */
export const DEAL_CONTACT_ROLE: NonNullable<RelationDef['linkField']> = {
  name: 'role',
  label: t('Role', 'Роль', 'Роль', '角色'),
  options: opts(
    ['decision_maker', 'Decision maker', 'Лицо, принимающее решение', 'Особа, що приймає рішення', '决策者'],
    ['influencer', 'Influencer', 'Влияет на решение', 'Впливає на рішення', '影响者'],
    ['evaluator', 'Evaluator', 'Эксперт', 'Експерт', '评估者'],
    ['user', 'User', 'Пользователь', 'Користувач', '使用者'],
    ['other', 'Other', 'Другое', 'Інше', '其他'],
  ),
};

/** Customer groups: an account's group picks the price book of its group for new sales documents. */
export const CUSTOMER_GROUPS = opts(
  ['retail', 'Retail', 'Розница', 'Роздріб', '零售'],
  ['wholesale', 'Wholesale', 'Опт', 'Гурт', '批发'],
  ['dealer', 'Dealer', 'Дилер', 'Дилер', '经销商'],
  ['key_account', 'Key account', 'Ключевой клиент', 'Ключовий клієнт', '重点客户'],
);

/** A product's or service's price in a price book, kept on the link. */
export const PRICE_BOOK_PRICE: NonNullable<RelationDef['linkField']> = {
  name: 'list_price', type: 'money', options: [],
  label: t('List price', 'Цена по каталогу', 'Ціна за каталогом', '目录价格'),
};

/** Role of an account taking part in a deal (link field of `deal_participants`). */
export const DEAL_PARTICIPANT_ROLE: NonNullable<RelationDef['linkField']> = {
  name: 'role',
  label: t('Role', 'Роль', 'Роль', '角色'),
  options: opts(
    ['partner', 'Partner', 'Партнёр', 'Партнер', '合作伙伴'],
    ['subcontractor', 'Subcontractor', 'Субподрядчик', 'Субпідрядник', '分包商'],
    ['competitor', 'Competitor', 'Конкурент', 'Конкурент', '竞争对手'],
    ['supplier', 'Supplier', 'Поставщик', 'Постачальник', '供应商'],
    ['consultant', 'Consultant', 'Консультант', 'Консультант', '顾问'],
    ['other', 'Other', 'Другое', 'Інше', '其他'],
  ),
};

/** Status of a lead, contact or account in a campaign (link field of `campaign_*`). */
export const CAMPAIGN_MEMBER_STATUS: NonNullable<RelationDef['linkField']> = {
  name: 'status',
  label: t('Campaign status', 'Статус в кампании', 'Статус у кампанії', '活动状态'),
  options: opts(
    ['planned', 'Planned', 'Запланировано', 'Заплановано', '已计划'],
    ['sent', 'Sent', 'Отправлено', 'Надіслано', '已发送'],
    ['received', 'Received', 'Получено', 'Отримано', '已送达'],
    ['opened', 'Opened', 'Открыто', 'Відкрито', '已打开'],
    ['clicked', 'Clicked', 'Переход по ссылке', 'Перехід за посиланням', '已点击'],
    ['responded', 'Responded', 'Получен ответ', 'Отримано відповідь', '已回复'],
    ['bounced', 'Bounced', 'Не доставлено', 'Не доставлено', '退信'],
    ['unsubscribed', 'Unsubscribed', 'Отписался', 'Відписався', '已退订'],
    ['converted', 'Converted', 'Преобразован', 'Перетворено', '已转化'],
  ),
};
