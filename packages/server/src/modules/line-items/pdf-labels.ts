import type { Lang } from '@karta/shared';

type Key = 'quotes' | 'sales_orders' | 'invoices' | 'purchase_orders' | 'date' | 'valid_until' | 'due_date' | 'customer' | 'vendor'
  | 'contact' | 'billing' | 'shipping' | 'code' | 'description' | 'qty' | 'price' | 'discount' | 'tax' | 'total' | 'items_total'
  | 'overall_discount' | 'pre_tax' | 'taxes' | 'shipping_amount' | 'adjustment' | 'grand_total' | 'terms' | 'inn' | 'kpp'
  | 'bank' | 'bik' | 'account' | 'corr_account' | 'phone' | 'web' | 'no';

const L: Record<Key, [string, string, string, string]> = {
  quotes: ['Quote', 'Коммерческое предложение', 'Комерційна пропозиція', '报价单'],
  sales_orders: ['Sales order', 'Заказ', 'Замовлення', '销售订单'],
  invoices: ['Invoice', 'Счёт', 'Рахунок', '发票'],
  purchase_orders: ['Purchase order', 'Заказ поставщику', 'Замовлення постачальнику', '采购订单'],
  date: ['Date', 'Дата', 'Дата', '日期'],
  valid_until: ['Valid until', 'Действительно до', 'Дійсна до', '有效期至'],
  due_date: ['Due date', 'Срок оплаты', 'Термін оплати', '到期日'],
  customer: ['Customer', 'Покупатель', 'Покупець', '客户'],
  vendor: ['Vendor', 'Поставщик', 'Постачальник', '供应商'],
  contact: ['Contact', 'Контакт', 'Контакт', '联系人'],
  billing: ['Billing address', 'Адрес плательщика', 'Адреса платника', '账单地址'],
  shipping: ['Shipping address', 'Адрес доставки', 'Адреса доставки', '收货地址'],
  code: ['Code', 'Артикул', 'Артикул', '编码'],
  description: ['Item', 'Наименование', 'Найменування', '品名'],
  qty: ['Qty', 'Кол-во', 'К-сть', '数量'],
  price: ['Price', 'Цена', 'Ціна', '单价'],
  discount: ['Discount', 'Скидка', 'Знижка', '折扣'],
  tax: ['Tax', 'Налог', 'Податок', '税额'],
  total: ['Total', 'Сумма', 'Сума', '金额'],
  items_total: ['Items total', 'Итого по позициям', 'Разом за позиціями', '明细合计'],
  overall_discount: ['Discount', 'Скидка', 'Знижка', '折扣'],
  pre_tax: ['Total before tax', 'Итого без налогов', 'Разом без податків', '税前合计'],
  taxes: ['Taxes', 'Налоги', 'Податки', '税额合计'],
  shipping_amount: ['Shipping and handling', 'Доставка', 'Доставка', '运费'],
  adjustment: ['Adjustment', 'Корректировка', 'Коригування', '调整'],
  grand_total: ['Grand total', 'Всего к оплате', 'Усього до сплати', '总计'],
  terms: ['Terms and conditions', 'Условия', 'Умови', '条款和条件'],
  inn: ['Tax ID', 'ИНН', 'ЄДРПОУ', '税号'],
  kpp: ['KPP', 'КПП', 'КПП', 'KPP'],
  bank: ['Bank', 'Банк', 'Банк', '开户行'],
  bik: ['BIK', 'БИК', 'МФО', '银行代码'],
  account: ['Account', 'Р/с', 'Рахунок', '账号'],
  corr_account: ['Corr. account', 'К/с', 'Кор. рахунок', '代理账户'],
  phone: ['Phone', 'Тел.', 'Тел.', '电话'],
  web: ['Web', 'Сайт', 'Сайт', '网站'],
  no: ['No.', '№', '№', '编号'],
};
const INDEX: Record<Lang, number> = { en: 0, ru: 1, uk: 2, zh: 3 };

export const pdfLabel = (key: Key, lang: Lang): string => L[key][INDEX[lang]];
