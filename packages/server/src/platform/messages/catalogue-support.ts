/** Messages of the support desk: [ru, uk, zh] by the English text. */
export const SUPPORT_MESSAGES = {
  'Invalid support settings': ['Неверные настройки поддержки', 'Неправильні налаштування підтримки', '支持设置无效'],
  'is not a priority': ['не является приоритетом', 'не є пріоритетом', '不是优先级'],
  'must be a number of hours from 0.25 to 8760': ['должно быть числом часов от 0,25 до 8760', 'має бути кількістю годин від 0,25 до 8760', '必须是 0.25 到 8760 之间的小时数'],
  'must be an object of hours by priority': ['должно быть объектом часов по приоритетам', 'має бути об’єктом годин за пріоритетами', '必须是按优先级的小时数对象'],
  'The ticket has no contact with an e-mail address: give "to"': ['У заявки нет контакта с адресом эл. почты: укажите "to"', 'Заявка не має контакту з адресою ел. пошти: вкажіть "to"', '工单没有带电子邮件地址的联系人：请提供 "to"'],
  'A reply needs a body or a template': ['Для ответа нужен текст или шаблон', 'Для відповіді потрібен текст або шаблон', '回复需要正文或模板'],
} as const;
