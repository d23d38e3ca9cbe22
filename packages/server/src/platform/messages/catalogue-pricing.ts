/** Messages of pricing (price types, the price register): [ru, uk, zh] by the English text. */
export const PRICING_MESSAGES = {
  'Invalid price type: {key} {problem}': ['Неверный вид цен: {key} {problem}', 'Неправильний вид цін: {key} {problem}', '价格类型无效：{key} {problem}'],
  'must list at most {max} price groups': ['должно перечислять не более {max} ценовых групп', 'має містити не більше {max} цінових груп', '最多列出 {max} 个价格组'],
  'is needed for a markup over another price type': ['нужен для наценки на другой вид цен', 'потрібен для націнки на інший вид цін', '在其他价格类型上加价时必须填写'],
  'would make a chain that comes back to this price type': ['создаёт цепочку, которая возвращается к этому виду цен', 'створює ланцюжок, що повертається до цього виду цін', '会形成回到此价格类型的循环'],
  'a chain holds at most {max} price types': ['цепочка содержит не более {max} видов цен', 'ланцюжок містить не більше {max} видів цін', '链中最多包含 {max} 个价格类型'],
  'Invalid prices: {key} {problem}': ['Неверные цены: {key} {problem}', 'Неправильні ціни: {key} {problem}', '价格无效：{key} {problem}'],
  'must list 1 to {max} prices': ['должно перечислять от 1 до {max} цен', 'має містити від 1 до {max} цін', '必须列出 1 到 {max} 个价格'],
  'must be a date (YYYY-MM-DD)': ['должно быть датой (ГГГГ-ММ-ДД)', 'має бути датою (РРРР-ММ-ДД)', '必须是日期（YYYY-MM-DD）'],
  'must be a price of at least 0 with up to 2 decimals': ['должно быть ценой не меньше 0, не более 2 знаков после запятой', 'має бути ціною не менше 0, не більше 2 знаків після коми', '必须是不小于 0、最多两位小数的价格'],
  'names no product or service': ['не указывает ни на товар, ни на услугу', 'не вказує ні на товар, ні на послугу', '未指向任何产品或服务'],
  'names no price type': ['не указывает ни на один вид цен', 'не вказує на жоден вид цін', '未指向任何价格类型'],
  'must be a percentage above -100 and at most 10000': ['должно быть процентом больше -100 и не более 10000', 'має бути відсотком більше -100 і не більше 10000', '必须是大于 -100 且不超过 10000 的百分比'],
  'must name at most {max} price types': ['должно называть не более {max} видов цен', 'має називати не більше {max} видів цін', '最多指定 {max} 个价格类型'],
} as const;
