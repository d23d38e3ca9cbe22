/** faqs — knowledge-base articles (ЧаВо); only published ones are shown in the portal. */
import type { ModuleDef } from '@karta/shared';
import { L, block, opts, picklist, ref, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

const STATUSES = opts(
  ['draft', 'Draft', 'Черновик', 'Чернетка', '草稿'],
  ['reviewed', 'Reviewed', 'Проверено', 'Перевірено', '已审核'],
  ['published', 'Published', 'Опубликовано', 'Опубліковано', '已发布'],
  ['obsolete', 'Obsolete', 'Устарело', 'Застаріло', '已过时'],
);

const CATEGORIES = opts(
  ['general', 'General', 'Общие вопросы', 'Загальні питання', '常规'],
  ['sales', 'Sales', 'Продажи', 'Продажі', '销售'],
  ['technical', 'Technical', 'Технические вопросы', 'Технічні питання', '技术'],
  ['billing', 'Billing and payment', 'Оплата и счета', 'Оплата та рахунки', '账单与付款'],
);

const info = [
  text('question', t('Question', 'Вопрос', 'Питання', '问题'), { required: true, searchable: true, maxLength: 1000 }),
  picklist('category', L.category, CATEGORIES, { default: 'general' }),
  ref('product_id', LABELS.products.one, 'products'),
  picklist('status', L.status, STATUSES, { default: 'draft' }),
];
const answer = [textarea('answer', t('Answer', 'Ответ', 'Відповідь', '答案'), { required: true })];

export const faqsModule: ModuleDef = {
  name: 'faqs',
  label: LABELS.faqs,
  area: 'support',
  numberPrefix: 'FAQ',
  titleFields: ['question'],
  sharing: 'public_read',
  fields: [...info, ...answer],
  blocks: [
    block('faq', t('FAQ information', 'Информация о статье', 'Інформація про статтю', '常见问题信息'), [...info, 'assigned_to']),
    block('answer', t('Answer', 'Ответ', 'Відповідь', '答案'), answer),
  ],
  relations: [],
  list: { columns: ['number', 'question', 'category', 'product_id', 'status', 'updated_at'], sort: '-updated_at' },
};
