/** surveys — questionnaires sent to contacts by personal links; answers roll up to results, NPS, claims and tasks. */
import type { ModuleDef } from '@karta/shared';
import { L, block, integer, json, opts, picklist, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

const design = [
  text('name', L.name, { required: true, searchable: true, maxLength: 200 }),
  picklist('status', L.status, opts(
    ['draft', 'Draft', 'Черновик', 'Чернетка', '草稿'],
    ['active', 'Active', 'Проводится', 'Проводиться', '进行中'],
    ['closed', 'Closed', 'Завершён', 'Завершено', '已结束'],
  ), { required: true, default: 'draft' }),
  /** The language of the invitation and of the page when the contact has none of their own. */
  picklist('language', t('Language', 'Язык', 'Мова', '语言'), opts(
    ['en', 'English', 'Английский', 'Англійська', '英语'], ['ru', 'Russian', 'Русский', 'Російська', '俄语'],
    ['uk', 'Ukrainian', 'Украинский', 'Українська', '乌克兰语'], ['zh', 'Chinese', 'Китайский', 'Китайська', '中文'],
  ), { default: 'en' }),
  integer('valid_days', t('Links valid, days', 'Ссылки действуют, дней', 'Посилання дійсні, днів', '链接有效天数'), { min: 1, max: 365, default: 30 }),
  textarea('intro', t('Introduction', 'Вступление', 'Вступ', '引言')),
  /** `[{"key","type":"single|multiple|scale|text","text","options"?,"required"?,"show_if"?}]` */
  json('questions', t('Questions', 'Вопросы', 'Питання', '问题'), { required: true }),
  /** `[{"question","op","value","action":"open_claim|create_task","claim_type"?}]` */
  json('rules', t('Rules', 'Правила', 'Правила', '规则')),
  integer('sent_count', t('Invited', 'Приглашено', 'Запрошено', '已邀请'), { readOnly: true }),
  integer('response_count', t('Answers', 'Ответов', 'Відповідей', '答复数'), { readOnly: true }),
];

export const surveysModule: ModuleDef = {
  name: 'surveys',
  label: LABELS.surveys,
  area: 'marketing',
  numberPrefix: 'SRV',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: design,
  blocks: [block('survey', LABELS.surveys.one, [...design, 'assigned_to'])],
  relations: [{ name: 'responses', module: 'survey_responses', kind: 'one_to_many', field: 'survey_id', label: LABELS.survey_responses.many }],
  list: { columns: ['name', 'status', 'sent_count', 'response_count', 'assigned_to'], sort: '-updated_at' },
};
