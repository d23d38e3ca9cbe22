/** Name pools for the generated data set: Russian, Ukrainian, English and Chinese (SPEC §4: "all four languages"). */
export type Lang = 'ru' | 'uk' | 'en' | 'zh';

export const LANG_WEIGHTS: [Lang, number][] = [['ru', 40], ['uk', 20], ['en', 25], ['zh', 15]];

const w = (s: string) => s.split(/\s+/).filter(Boolean);

export const FIRST: Record<Lang, { male: string[]; female: string[] }> = {
  ru: {
    male: w('Александр Алексей Андрей Антон Артём Борис Вадим Василий Виктор Владимир Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин Максим Михаил Никита Николай Олег Павел Пётр Роман Сергей Станислав Фёдор Юрий'),
    female: w('Александра Алина Анастасия Анна Валентина Вера Виктория Галина Дарья Евгения Екатерина Елена Ирина Ксения Лариса Любовь Людмила Марина Мария Наталья Нина Ольга Полина Светлана Софья Татьяна Юлия'),
  },
  uk: {
    male: w('Андрій Богдан Василь Віталій Володимир Дмитро Євген Іван Ігор Максим Микола Михайло Олег Олександр Олексій Остап Петро Роман Сергій Тарас Юрій Ярослав'),
    female: w('Анна Валентина Вікторія Галина Дарина Ірина Катерина Леся Людмила Марія Наталія Оксана Олена Ольга Світлана Софія Тетяна Юлія Ярина'),
  },
  en: {
    male: w('James John Robert Michael William David Richard Joseph Thomas Charles Daniel Matthew Mark Paul Steven Andrew George Edward Peter Henry'),
    female: w('Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emily Emma Olivia Sophia Grace Chloe Alice Hannah Lucy Megan'),
  },
  zh: {
    male: w('伟 强 磊 军 洋 勇 杰 涛 明 超 平 刚 文 华 建华 晓明 鹏 浩 宇 俊'),
    female: w('芳 娜 秀英 敏 静 丽 艳 娟 秀兰 霞 桂英 丹 海燕 婷 雪 玲 慧 琳 颖 倩'),
  },
};

/** Russian surnames in the masculine form; the feminine is derived (-ов → -ова, -ий → -ая). */
const RU_LAST = w(`Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков
  Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев
  Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев
  Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов
  Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов
  Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов
  Федотов Щербаков Назаров Калинин Исаев Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Голубев
  Кудрявцев Прохоров Наумов Потапов Журавлёв Трофимов Леонов Соболев Ермаков Колесников Гончаров Жданов Менделеев
  Достоевский Вяземский Преображенский`);
const UK_LAST = w(`Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Шевчук Поліщук Бойко Ткачук Мельник Кравчук
  Марченко Лисенко Руденко Савченко Петренко Клименко Мороз Павленко Левченко Харченко Карпенко Гончаренко Захарченко
  Мельничук Романенко Остапенко Литвиненко Кузьменко Яковенко Сидоренко Панченко Гаврилюк Дячук Приходько Степаненко
  Власенко Кушнір Гуменюк Костенко Тимошенко Пономаренко Коваль Савчук Білик Семенко Мазур Юрченко Федоренко`);
const EN_LAST = w(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson Anderson
  Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott
  Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart
  Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks
  Bennett Gray Hughes Price Sanders Myers Long Ross Foster`);
const ZH_LAST = w('王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹');

export const LAST: Record<Lang, string[]> = { ru: RU_LAST, uk: UK_LAST, en: EN_LAST, zh: ZH_LAST };

export function feminine(lang: Lang, last: string): string {
  if (lang === 'ru') {
    if (/(ов|ев|ёв|ин)$/.test(last)) return last + 'а';
    if (/ий$/.test(last)) return last.slice(0, -2) + 'ая';
  }
  if (lang === 'uk' && /ий$/.test(last)) return last.slice(0, -2) + 'а';
  return last;
}

const PINYIN: Record<string, string> = {
  王: 'wang', 李: 'li', 张: 'zhang', 刘: 'liu', 陈: 'chen', 杨: 'yang', 黄: 'huang', 赵: 'zhao', 吴: 'wu', 周: 'zhou',
  徐: 'xu', 孙: 'sun', 马: 'ma', 朱: 'zhu', 胡: 'hu', 郭: 'guo', 何: 'he', 林: 'lin', 高: 'gao', 罗: 'luo', 郑: 'zheng',
  梁: 'liang', 谢: 'xie', 宋: 'song', 唐: 'tang', 许: 'xu', 韩: 'han', 冯: 'feng', 邓: 'deng', 曹: 'cao',
  伟: 'wei', 强: 'qiang', 磊: 'lei', 军: 'jun', 洋: 'yang', 勇: 'yong', 杰: 'jie', 涛: 'tao', 明: 'ming', 超: 'chao',
  平: 'ping', 刚: 'gang', 文: 'wen', 华: 'hua', 建: 'jian', 晓: 'xiao', 鹏: 'peng', 浩: 'hao', 宇: 'yu', 俊: 'jun',
  芳: 'fang', 娜: 'na', 秀: 'xiu', 英: 'ying', 敏: 'min', 静: 'jing', 丽: 'li', 艳: 'yan', 娟: 'juan', 兰: 'lan',
  霞: 'xia', 桂: 'gui', 丹: 'dan', 海: 'hai', 燕: 'yan', 婷: 'ting', 雪: 'xue', 玲: 'ling', 慧: 'hui', 琳: 'lin',
  颖: 'ying', 倩: 'qian',
};

const CYR: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', є: 'ye', ё: 'yo', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'yi',
  й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', "'": '',
};

/** Latin letters for an e-mail address. */
export function latin(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) out += CYR[ch] ?? PINYIN[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '');
  return out;
}

export const CITIES: Record<Lang, { country: string; cities: string[]; code: string }> = {
  ru: { country: 'Россия', code: '+7', cities: w('Москва Санкт-Петербург Новосибирск Екатеринбург Казань Самара Краснодар Владивосток Пермь Воронеж') },
  uk: { country: 'Україна', code: '+380', cities: w('Київ Харків Одеса Дніпро Львів Запоріжжя Вінниця Полтава') },
  en: { country: 'United Kingdom', code: '+44', cities: w('London Manchester Birmingham Leeds Glasgow Bristol Edinburgh Liverpool') },
  zh: { country: '中国', code: '+86', cities: w('北京 上海 深圳 广州 杭州 成都 南京 武汉 西安 苏州') },
};

export const EMAIL_DOMAINS: Record<Lang, string[]> = {
  ru: w('mail.ru yandex.ru gmail.com rambler.ru'),
  uk: w('ukr.net gmail.com i.ua meta.ua'),
  en: w('gmail.com outlook.com yahoo.com example.co.uk'),
  zh: w('qq.com 163.com 126.com gmail.com'),
};

export const JOB_TITLES: Record<Lang, string[]> = {
  ru: ['Генеральный директор', 'Финансовый директор', 'Главный бухгалтер', 'Менеджер по закупкам', 'Технический директор', 'Инженер', 'Руководитель отдела продаж', 'Юрист', 'Маркетолог', 'Помощник финансового директора'],
  uk: ['Директор', 'Фінансовий директор', 'Головний бухгалтер', 'Менеджер з закупівель', 'Інженер', 'Керівник відділу продажу', 'Юрист', 'Маркетолог'],
  en: ['CEO', 'CFO', 'Purchasing Manager', 'Sales Director', 'Engineer', 'Office Manager', 'IT Manager', 'Marketing Lead', 'Accountant'],
  zh: ['总经理', '财务总监', '采购经理', '销售总监', '工程师', '行政经理', '信息技术经理', '会计'],
};

export const COMPANY: Record<Lang, { forms: string[]; roots: string[]; tails: string[] }> = {
  ru: {
    forms: ['ООО', 'АО', 'ПАО', 'ООО'],
    roots: w('Альфа Вектор Технопром СтройИнвест Балтика Уралмаш ИнфоСистемы ТрансЛайн МедТехника АгроСоюз Энергосбыт Полимер Кристалл Гранит Меридиан Северсталь Волга Сибирь Ладога Эверест'),
    tails: ['', '-Плюс', ' Групп', '-М', '-Юг', '-Север', ' Холдинг', '-Трейд', '-Сервис', ' Логистик'],
  },
  uk: {
    forms: ['ТОВ', 'ПрАТ', 'ТОВ'],
    roots: w('Дніпро Карпати Укрбуд Слобожанщина Поділля Галичина Світанок Промінь Оболонь Техносвіт Лан Полісся Таврія Буковина Хортиця'),
    tails: ['', '-Агро', '-Трейд', ' Груп', '-Сервіс', '-Постач', '-Буд', ' Логістик'],
  },
  en: {
    forms: [''],
    roots: w('Northwind Contoso Fabrikam Globex Initech Umbrella Acme Stark Wayne Tyrell Cyberdyne Soylent Hooli Vandelay Wonka Oscorp Silverline Redwood Bluesky Granite'),
    tails: [' Ltd', ' Inc.', ' LLC', ' Group', ' Holdings', ' Trading', ' Systems', ' Logistics', ' Partners'],
  },
  zh: {
    forms: [''],
    roots: w('华信 东方 长城 恒通 鼎盛 金桥 天成 宏达 新世纪 远景 瑞丰 博远 中联 海川 同创'),
    tails: ['科技有限公司', '贸易有限公司', '物流有限公司', '电子有限公司', '实业有限公司', '网络科技有限公司', '医药有限公司'],
  },
};

export const DEAL_TOPICS: Record<Lang, string[]> = {
  ru: ['Поставка ноутбуков', 'Внедрение CRM', 'Сервисный контракт', 'Лицензии 1С', 'Модернизация сети', 'Закупка серверов', 'Обучение персонала'],
  uk: ['Постачання ноутбуків', 'Впровадження CRM', 'Сервісний контракт', 'Модернізація мережі', 'Закупівля серверів'],
  en: ['Laptop rollout', 'CRM implementation', 'Support renewal', 'Server upgrade', 'Network refresh', 'Staff training'],
  zh: ['笔记本电脑采购', 'CRM实施', '服务续约', '服务器升级', '网络改造', '员工培训'],
};

export const TICKET_TITLES: Record<Lang, string[]> = {
  ru: ['Не работает печать счетов', 'Ошибка при входе в систему', 'Возможно ли интегрировать CRM с интернет-магазином на Joomla?', 'Медленно открывается список контактов', 'Не приходят уведомления на почту', 'Как настроить права доступа?'],
  uk: ['Не працює друк рахунків', 'Помилка під час входу', 'Повільно відкривається список контактів', 'Не надходять сповіщення'],
  en: ['Invoice printing fails', 'Cannot log in', 'Contact list is slow to open', 'Notifications are not delivered', 'How do I set up permissions?'],
  zh: ['无法打印发票', '登录时出错', '联系人列表打开很慢', '收不到邮件通知', '如何设置访问权限？'],
};
