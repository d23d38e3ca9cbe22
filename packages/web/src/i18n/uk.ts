import type { Translation } from './en';

const uk = {
  common: {
    loading: 'Завантаження…', yes: 'Так', no: 'Ні', empty: 'порожньо', nothing_found: 'Нічого не знайдено',
    unknown_record: 'Запис недоступний', unknown_owner: 'Невідомий відповідальний',
  },
  nav: { home: 'Головна', main: 'Основна навігація', toggle: 'Показати або сховати меню' },
  areas: {
    marketing: 'Маркетинг', sales: 'Продажі', inventory: 'Склад', support: 'Підтримка',
    activities: 'Активності', analytics: 'Аналітика', settings: 'Налаштування',
  },
  home: {
    welcome: 'Ласкаво просимо, {{name}}',
    palette_hint: 'Порада: натисніть Ctrl+K (⌘K на Mac), щоб знайти будь-який запис або виконати команду.',
  },
  login: {
    subtitle: 'Вхід до CRM', username: "Ім'я користувача", password: 'Пароль', submit: 'Увійти',
    wrong_credentials: "Неправильне ім'я користувача або пароль.",
    rate_limited: 'Забагато спроб. Зачекайте хвилину й спробуйте знову.',
    session_expired: 'Увійдіть, щоб продовжити. Після входу ви повернетеся на ту саму сторінку.',
  },
  user: {
    menu: 'Меню користувача {{name}}', language: 'Мова', logout: 'Вийти',
    dark_theme: 'Увімкнути темну тему', light_theme: 'Увімкнути світлу тему',
  },
  search: { open: 'Пошук і команди', placeholder: 'Знайти запис або ввести команду…' },
  palette: {
    records: 'Записи', commands: 'Команди', results: 'Результати', create: 'Створити: {{module}}',
    go_to: 'Перейти: {{module}}', language: 'Мова: {{language}}',
  },
  actions: {
    new_record: 'Створити: {{module}}', quick_create: 'Швидке створення', save: 'Зберегти', cancel: 'Скасувати', close: 'Закрити',
    edit: 'Змінити', delete: 'Видалити', duplicate: 'Дублювати', back: 'Назад', edit_field: 'Змінити поле «{{field}}»',
  },
  errors: {
    not_found: 'Не знайдено', not_found_text: 'Такої сторінки немає, або у вас немає до неї доступу.',
    record_not_found: 'Запис не існує, видалений або недоступний вам.',
    page_failed: 'Не вдалося показати сторінку',
  },
  list: {
    view_kind: 'Вигляд',
    view_list: 'Список',
    search: 'Пошук: {{module}}', clear_search: 'Очистити пошук', columns: 'Стовпці', reset_columns: 'За замовчуванням',
    alphabet: 'Алфавіт', all_letters: 'Усі', starts_with_letter: '{{field}} починається на {{letter}}',
    select_all: 'Вибрати всі рядки на сторінці', select_row: 'Вибрати {{label}}', sort_by: 'Сортувати за полем «{{field}}»',
    empty: 'Немає відповідних записів.', range: 'Записи {{from}}–{{to}}', range_of: 'Записи {{from}}–{{to}} з {{total}}',
    prev: 'Назад', next: 'Далі', selected: 'Вибрано: {{count}}', clear_selection: 'Зняти вибір',
    mass_edit: 'Змінити вибрані', mass_delete: 'Видалити вибрані', mass_edit_title: 'Зміна записів: {{count}}',
    mass_field: 'Поле для зміни', mass_value: 'Нове значення поля «{{field}}»', apply_to: 'Застосувати до {{count}}',
    mass_updated: 'Змінено записів: {{count}}', mass_deleted: 'Переміщено до кошика: {{count}}',
    mass_delete_confirm: 'Перемістити вибрані записи ({{count}}) до кошика?',
  },
  filter: {
    title: 'Фільтр', match: 'Умова', all_of: 'Усі умови', any_of: 'Будь-яка з', add_condition: 'Додати умову',
    add_group: 'Додати групу', remove_condition: 'Видалити умову', remove_group: 'Видалити групу', group: 'Група умов',
    condition_n: 'Умова {{n}}', field: 'Поле', operator: 'Оператор', value_for: 'Значення поля «{{field}}»',
    from: '{{field}}: від', to: '{{field}}: до', values_hint: 'Введіть значення й натисніть Enter',
    no_conditions: 'Умов поки немає.', apply: 'Застосувати', clear: 'Очистити',
  },
  ops: {
    eq: 'дорівнює', ne: 'не дорівнює', lt: 'менше', lte: 'не більше', gt: 'більше', gte: 'не менше',
    in: 'одне з', nin: 'жодне з', contains: 'містить', starts_with: 'починається з', ends_with: 'закінчується на',
    empty: 'порожнє', not_empty: 'не порожнє', between: 'між',
  },
  views: {
    view: 'Подання', all: 'Усі', shared: 'спільне', actions: 'Дії з поданням', save_as: 'Зберегти як нове…',
    save_changes: 'Зберегти зміни подання', delete: 'Видалити подання', name: 'Назва подання',
    name_required: 'Вкажіть назву', share: 'Доступне всім', saved: 'Подання «{{name}}» збережено',
  },
  export: {
    title: 'Експорт', selected: 'Експорт ({{count}})', csv: 'CSV', xlsx: 'Excel (XLSX)', failed: 'Експорт не вдався',
    truncated: 'У фільтрі є групи «будь-яка з»: вивантажено лише перші {{count}} записів.',
  },
  record: {
    number: 'Номер', details: 'Докладно', related: "Пов'язані", history: 'Історія', system_info: 'Системна інформація',
    more_actions: 'Ще', delete_title: 'Видалення запису', delete_confirm: 'Перемістити {{label}} до кошика?',
    deleted: '{{number}} переміщено до кошика', duplicated: 'Створено копію: {{number}}',
  },
  related: {
    add_new: 'Створити: {{module}}', link_existing: "Пов'язати наявний", link: "Пов'язати", link_title: "Пов'язати запис: {{module}}",
    unlink: "Від'єднати", unlink_record: "Від'єднати {{label}}", empty: "Пов'язаних записів немає.", count: 'Усього: {{count}}',
    show_more: 'Показати ще',
  },
  history: {
    empty: 'Змін немає.', system: 'Система', changes: 'Зміни', before: 'Було', after: 'Стало',
    action_create: 'Створено', action_update: 'Змінено', action_delete: 'Видалено', action_restore: 'Відновлено',
    action_link: "Пов'язано", action_unlink: "Від'єднано",
  },
  form: {
    create_title: 'Створення: {{module}}', edit_title: 'Редагування: {{module}}', other_fields: 'Інші поля',
    not_saved: 'Не збережено', fix_errors: 'Виправте позначені поля.',
    created: '{{number}} створено', saved: '{{number}} збережено', copy_address: 'Скопіювати {{from}} → {{to}}',
    unsaved_title: 'Незбережені зміни', unsaved_text: 'Є незбережені зміни. Піти без збереження?',
    stay: 'Залишитися', leave: 'Піти без збереження',
  },
  address: { billing: 'адресу оплати', shipping: 'адресу доставки', mailing: 'поштову адресу', other: 'іншу адресу' },
  conflict: {
    title: 'Запис змінив інший користувач',
    text: 'Після того як ви відкрили запис, його зберіг хтось інший. Порівняйте значення й завантажте їхню версію або застосуйте свої зміни поверх.',
    field: 'Поле', their_value: 'Збережено зараз', your_value: 'Ваша зміна', unchanged: 'ви не змінювали',
    reload: 'Завантажити знову (скасувати мої зміни)', reapply: 'Застосувати мої зміни знову',
    inline: 'Тим часом запис змінив інший користувач. Його перезавантажено — внесіть зміну ще раз.',
  },
  fields: {
    search_records: 'Почніть вводити для пошуку…', record_type: 'Тип запису для поля «{{field}}»', file_attached: 'Файл додано',
    no_file: 'Немає файлу', upload_unavailable: "Завантаження файлів з'явиться разом із модулем документів.",
  },
  owner: { users: 'Користувачі', groups: 'Групи' },
  field_types: {
    text: 'Текст', textarea: 'Багаторядковий текст', integer: 'Ціле число', decimal: 'Дробове число', money: 'Грошова сума',
    percent: 'Відсоток', boolean: 'Прапорець', date: 'Дата', datetime: 'Дата й час', email: 'E-mail',
    phone: 'Телефон', url: 'Веб-адреса', picklist: 'Список', multipicklist: 'Список із множинним вибором',
    reference: 'Посилання на запис', owner: 'Користувач або група', image: 'Зображення', file: 'Файл', json: 'Структуровані дані',
  },
  permissions: { view: 'Перегляд', create: 'Створення', edit: 'Зміна', delete: 'Видалення', export: 'Експорт', import: 'Імпорт' },
  sharing: { private: 'Приватний', public_read: 'Спільний: читання', public_read_write: 'Спільний: читання й запис' },
  settings: {
    title: 'Налаштування', admins_only: 'Налаштування доступні лише адміністраторам.', module: 'Модуль', saved: 'Збережено.',
    users: 'Користувачі', roles: 'Ролі та права', groups: 'Групи', sharing: 'Доступ до записів', numbering: 'Нумерація',
    fields: 'Поля', picklists: 'Списки значень', recycle_bin: 'Кошик',
    new_user: 'Новий користувач', edit_user: 'Користувач {{name}}', username: "Ім'я користувача", name: "Ім'я", email: 'E-mail',
    first_name: "Ім'я", last_name: 'Прізвище', role: 'Роль', status: 'Статус', admin: 'Адміністратор',
    active: 'Активний', inactive: 'Неактивний', new_password: 'Новий пароль (порожньо — не змінювати)',
    new_role: 'Нова роль', role_tree: 'Ієрархія ролей', role_name: 'Назва ролі', reports_to: 'Підпорядковується',
    permissions: 'Права на модулі', new_group: 'Нова група', group_name: 'Назва групи', members: 'Учасники',
    prefix: 'Префікс', next_number: 'Наступний номер',
    add_field: 'Додати поле', add_field_to: 'Нове поле модуля «{{module}}»', label_in: 'Назва ({{language}})',
    field_label: 'Назва', field_name: "Ім'я поля", field_name_hint: 'Латиниця в snake_case, наприклад loyalty_level',
    field_type: 'Тип', field_flags: 'Властивості', required: "Обов'язкове", read_only: 'Лише читання', custom: 'Користувацьке',
    picklist_values: 'Значення', picklist_values_hint: 'Введіть значення й натисніть Enter', reference_to: 'Посилається на модуль',
    value: 'Значення', picklists_read_only: "Значення списків показано з перекладами. Змінювати їх можна буде, коли на сервері з'явиться API списків; значення користувацького списку задаються під час додавання поля.",
    recycle_empty: 'Кошик цього модуля порожній.', deleted_at: 'Видалено', restore: 'Відновити',
    restore_record: 'Відновити {{label}}',
  },
} satisfies Translation;

export default uk;
