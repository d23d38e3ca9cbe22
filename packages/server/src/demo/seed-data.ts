/** Texts of the seed's demo records (SPEC §4, seed 000) that are longer than a field or two. */

/** The demo company's requisites, as printed on the seed's quote. */
export const DEMO_COMPANY = {
  name: 'Демо-организация',
  street: 'ул. Большая Монетная, 13',
  city: 'Санкт-Петербург',
  postal_code: '190000',
  country: 'Россия',
  phone: '+78125556622',
  fax: '+78125556623',
  website: 'www.example.com',
  inn: '7897658534',
  kpp: '783432324',
  bank_account: '23853467893467893278',
  bank_name: 'Санкт-Петербург',
  bik: '044092039',
  // Not in the seed's screenshot; filled so the demo «Счёт на оплату» has its whole bank block and signatures.
  correspondent_account: '30101810900000000790',
  director: 'Смирнов А. В.',
  accountant: 'Кузнецова Е. П.',
};

export const QOSMIO_SPEC =
  'Toshiba QOSMIO X500-12Z (Core i7 720QM 1600 Mhz/18.4"/1920x1080/8192Mb/1 280Gb/Blu-Ray/Wi-Fi/Bluetooth/ Win 7 HP)';

export const TICKET_TT1 = 'Возможно ли интегрировать CRM с интернет-магазином на Joomla?';

/**
 * FAQ1–FAQ4: the questions are the seed's; the seed's screenshot shows only the list, so the answers
 * are written for the demo.
 */
export const SEED_FAQS: [question: string, answer: string][] = [
  [
    'Как с помощью CRM управлять заказами интернет-магазина?',
    'Заказы из интернет-магазина загружаются в CRM как заказы на продажу вместе с покупателем и позициями. '
      + 'Менеджер видит их в карточке контрагента, меняет статус заказа и выставляет счёт, а остатки товаров на складе '
      + 'уменьшаются автоматически.',
  ],
  [
    'Чем ваши услуги отличаются от CRM по запросу (CRM on demand)?',
    'CRM по запросу работает на серверах поставщика, и вы платите за каждого пользователя каждый месяц. '
      + 'Мы устанавливаем систему с открытым кодом на ваш сервер: данные остаются у вас, а доработки под ваши процессы '
      + 'не ограничены тарифом.',
  ],
  [
    'Как CRM помогает повысить продажи?',
    'Ни одно обращение не теряется: у каждого есть ответственный и следующий шаг. Воронка продаж показывает, на каком '
      + 'этапе застревают сделки, напоминания не дают забыть о клиенте, а отчёты по источникам показывают, какая реклама '
      + 'приносит покупателей.',
  ],
  [
    'Какие услуги оказывает SalesPlatform.ru?',
    'Внедрение CRM под ключ: обследование и настройка процессов, перенос данных, интеграция с сайтом, телефонией и '
      + 'учётной системой, обучение сотрудников и сопровождение после запуска.',
  ],
];
