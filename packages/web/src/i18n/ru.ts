import type { Translation } from './en';

const ru = {
  common: {
    loading: 'Загрузка…', yes: 'Да', no: 'Нет', empty: 'пусто', nothing_found: 'Ничего не найдено',
    unknown_record: 'Запись недоступна', unknown_owner: 'Неизвестный ответственный',
  },
  nav: { home: 'Главная', main: 'Основная навигация', toggle: 'Показать или скрыть меню' },
  areas: {
    marketing: 'Маркетинг', sales: 'Продажи', inventory: 'Склад', support: 'Поддержка',
    activities: 'Активности', analytics: 'Аналитика', settings: 'Настройки',
  },
  home: {
    welcome: 'Добро пожаловать, {{name}}',
    palette_hint: 'Совет: нажмите Ctrl+K (⌘K на Mac), чтобы найти любую запись или выполнить команду.',
  },
  login: {
    subtitle: 'Вход в CRM', username: 'Имя пользователя', password: 'Пароль', submit: 'Войти',
    wrong_credentials: 'Неверное имя пользователя или пароль.',
    rate_limited: 'Слишком много попыток. Подождите минуту и попробуйте снова.',
    session_expired: 'Войдите, чтобы продолжить. После входа вы вернётесь на ту же страницу.',
  },
  user: {
    menu: 'Меню пользователя {{name}}', language: 'Язык', logout: 'Выйти',
    dark_theme: 'Включить тёмную тему', light_theme: 'Включить светлую тему',
  },
  search: { open: 'Поиск и команды', placeholder: 'Найти запись или ввести команду…' },
  palette: {
    records: 'Записи', commands: 'Команды', results: 'Результаты', create: 'Создать: {{module}}',
    go_to: 'Перейти: {{module}}', language: 'Язык: {{language}}',
  },
  actions: {
    new_record: 'Создать: {{module}}', quick_create: 'Быстрое создание', save: 'Сохранить', cancel: 'Отмена', close: 'Закрыть',
    edit: 'Изменить', delete: 'Удалить', duplicate: 'Дублировать', back: 'Назад', edit_field: 'Изменить поле «{{field}}»',
  },
  errors: {
    not_found: 'Не найдено', not_found_text: 'Такой страницы нет, или у вас нет к ней доступа.',
    record_not_found: 'Запись не существует, удалена или недоступна вам.',
    page_failed: 'Не удалось показать страницу',
  },
  list: {
    view_kind: 'Вид',
    view_list: 'Список',
    search: 'Поиск: {{module}}', clear_search: 'Очистить поиск', columns: 'Столбцы', reset_columns: 'По умолчанию',
    alphabet: 'Алфавит', all_letters: 'Все', starts_with_letter: '{{field}} начинается на {{letter}}',
    select_all: 'Выбрать все строки на странице', select_row: 'Выбрать {{label}}', sort_by: 'Сортировать по полю «{{field}}»',
    empty: 'Нет подходящих записей.', range: 'Записи {{from}}–{{to}}', range_of: 'Записи {{from}}–{{to}} из {{total}}',
    prev: 'Назад', next: 'Вперёд', selected: 'Выбрано: {{count}}', clear_selection: 'Снять выбор',
    mass_edit: 'Изменить выбранные', mass_delete: 'Удалить выбранные', mass_edit_title: 'Изменение записей: {{count}}',
    mass_field: 'Изменяемое поле', mass_value: 'Новое значение поля «{{field}}»', apply_to: 'Применить к {{count}}',
    mass_updated: 'Изменено записей: {{count}}', mass_deleted: 'Перемещено в корзину: {{count}}',
    mass_delete_confirm: 'Переместить выбранные записи ({{count}}) в корзину?',
  },
  filter: {
    title: 'Фильтр', match: 'Условие', all_of: 'Все условия', any_of: 'Любое из', add_condition: 'Добавить условие',
    add_group: 'Добавить группу', remove_condition: 'Удалить условие', remove_group: 'Удалить группу', group: 'Группа условий',
    condition_n: 'Условие {{n}}', field: 'Поле', operator: 'Оператор', value_for: 'Значение поля «{{field}}»',
    from: '{{field}}: от', to: '{{field}}: до', values_hint: 'Введите значение и нажмите Enter',
    no_conditions: 'Условий пока нет.', apply: 'Применить', clear: 'Очистить',
  },
  ops: {
    eq: 'равно', ne: 'не равно', lt: 'меньше', lte: 'не больше', gt: 'больше', gte: 'не меньше',
    in: 'одно из', nin: 'ни одно из', contains: 'содержит', starts_with: 'начинается с', ends_with: 'заканчивается на',
    empty: 'пусто', not_empty: 'не пусто', between: 'между',
  },
  views: {
    view: 'Представление', all: 'Все', shared: 'общее', actions: 'Действия с представлением', save_as: 'Сохранить как новое…',
    save_changes: 'Сохранить изменения представления', delete: 'Удалить представление', name: 'Название представления',
    name_required: 'Укажите название', share: 'Доступно всем', saved: 'Представление «{{name}}» сохранено',
  },
  export: {
    title: 'Экспорт', selected: 'Экспорт ({{count}})', csv: 'CSV', xlsx: 'Excel (XLSX)', failed: 'Экспорт не удался',
    truncated: 'В фильтре есть группы «любое из»: выгружены только первые {{count}} записей.',
  },
  record: {
    number: 'Номер', details: 'Подробности', related: 'Связанные', history: 'История', system_info: 'Системная информация',
    more_actions: 'Ещё', delete_title: 'Удаление записи', delete_confirm: 'Переместить {{label}} в корзину?',
    deleted: '{{number}} перемещена в корзину', duplicated: 'Создана копия: {{number}}',
  },
  related: {
    add_new: 'Создать: {{module}}', link_existing: 'Связать существующую', link: 'Связать', link_title: 'Связать запись: {{module}}',
    unlink: 'Отвязать', unlink_record: 'Отвязать {{label}}', empty: 'Связанных записей нет.', count: 'Всего: {{count}}',
    show_more: 'Показать ещё',
  },
  history: {
    empty: 'Изменений нет.', system: 'Система', changes: 'Изменения', before: 'Было', after: 'Стало',
    action_create: 'Создано', action_update: 'Изменено', action_delete: 'Удалено', action_restore: 'Восстановлено',
    action_link: 'Связано', action_unlink: 'Отвязано',
  },
  form: {
    create_title: 'Создание: {{module}}', edit_title: 'Редактирование: {{module}}', other_fields: 'Прочие поля',
    not_saved: 'Не сохранено', fix_errors: 'Исправьте отмеченные поля.',
    created: '{{number}} создана', saved: '{{number}} сохранена', copy_address: 'Скопировать {{from}} → {{to}}',
    unsaved_title: 'Несохранённые изменения', unsaved_text: 'Есть несохранённые изменения. Уйти без сохранения?',
    stay: 'Остаться', leave: 'Уйти без сохранения',
  },
  address: { billing: 'адрес оплаты', shipping: 'адрес доставки', mailing: 'почтовый адрес', other: 'другой адрес' },
  conflict: {
    title: 'Запись изменил другой пользователь',
    text: 'После того как вы открыли запись, её сохранил кто-то другой. Сравните значения и загрузите их версию или примените свои изменения поверх.',
    field: 'Поле', their_value: 'Сохранено сейчас', your_value: 'Ваше изменение', unchanged: 'вы не меняли',
    reload: 'Загрузить заново (отменить мои изменения)', reapply: 'Применить мои изменения снова',
    inline: 'Запись тем временем изменил другой пользователь. Она перезагружена — внесите изменение ещё раз.',
  },
  fields: {
    search_records: 'Начните вводить для поиска…', record_type: 'Тип записи для поля «{{field}}»', file_attached: 'Файл прикреплён',
    no_file: 'Нет файла', upload_unavailable: 'Загрузка файлов появится вместе с модулем документов.',
  },
  owner: { users: 'Пользователи', groups: 'Группы' },
  field_types: {
    text: 'Текст', textarea: 'Многострочный текст', integer: 'Целое число', decimal: 'Дробное число', money: 'Денежная сумма',
    percent: 'Процент', boolean: 'Флажок', date: 'Дата', datetime: 'Дата и время', email: 'E-mail',
    phone: 'Телефон', url: 'Веб-адрес', picklist: 'Список', multipicklist: 'Список с множественным выбором',
    reference: 'Ссылка на запись', owner: 'Пользователь или группа', image: 'Изображение', file: 'Файл', json: 'Структурированные данные',
  },
  permissions: { view: 'Просмотр', create: 'Создание', edit: 'Изменение', delete: 'Удаление', export: 'Экспорт', import: 'Импорт' },
  sharing: { private: 'Частный', public_read: 'Общий: чтение', public_read_write: 'Общий: чтение и запись' },
  settings: {
    title: 'Настройки', admins_only: 'Настройки доступны только администраторам.', module: 'Модуль', saved: 'Сохранено.',
    users: 'Пользователи', roles: 'Роли и права', groups: 'Группы', sharing: 'Доступ к записям', numbering: 'Нумерация',
    fields: 'Поля', picklists: 'Списки значений', recycle_bin: 'Корзина',
    new_user: 'Новый пользователь', edit_user: 'Пользователь {{name}}', username: 'Имя пользователя', name: 'Имя', email: 'E-mail',
    first_name: 'Имя', last_name: 'Фамилия', role: 'Роль', status: 'Статус', admin: 'Администратор',
    active: 'Активен', inactive: 'Неактивен', new_password: 'Новый пароль (пусто — не менять)',
    new_role: 'Новая роль', role_tree: 'Иерархия ролей', role_name: 'Название роли', reports_to: 'Подчиняется',
    permissions: 'Права на модули', new_group: 'Новая группа', group_name: 'Название группы', members: 'Участники',
    prefix: 'Префикс', next_number: 'Следующий номер',
    add_field: 'Добавить поле', add_field_to: 'Новое поле модуля «{{module}}»', label_in: 'Название ({{language}})',
    field_label: 'Название', field_name: 'Имя поля', field_name_hint: 'Латиница в snake_case, например loyalty_level',
    field_type: 'Тип', field_flags: 'Свойства', required: 'Обязательное', read_only: 'Только чтение', custom: 'Пользовательское',
    picklist_values: 'Значения', picklist_values_hint: 'Введите значение и нажмите Enter', reference_to: 'Ссылается на модуль',
    value: 'Значение', picklists_read_only: 'Значения списков показаны с переводами. Изменять их можно будет, когда на сервере появится API списков; значения пользовательского списка задаются при добавлении поля.',
    recycle_empty: 'Корзина этого модуля пуста.', deleted_at: 'Удалено', restore: 'Восстановить',
    restore_record: 'Восстановить {{label}}',
  },
} satisfies Translation;

export default ru;
