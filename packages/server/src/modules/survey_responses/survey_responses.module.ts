/**
 * survey_responses — one respondent's answers to a survey: owned by whoever looks after the respondent (private, like
 * the contact), and readable only while the survey is (it lives on it).
 */
import type { ModuleDef } from '@karta/shared';
import { block, datetime, integer, json, ref, t, text } from '../common.js';
import { LABELS } from '../labels.js';

const response = [
  /** Who answered, as the invitation knew them (a contact's name, else the address). */
  text('respondent', t('Respondent', 'Респондент', 'Респондент', '答复人'), { readOnly: true, searchable: true, maxLength: 300 }),
  ref('survey_id', LABELS.surveys.one, 'surveys', { required: true, readOnly: true }),
  ref('contact_id', LABELS.contacts.one, 'contacts', { readOnly: true }),
  ref('account_id', LABELS.accounts.one, 'accounts', { readOnly: true }),
  /** `{"<question key>": value}` as answered. */
  json('answers', t('Answers', 'Ответы', 'Відповіді', '答案'), { readOnly: true }),
  /** The first scale answer: what NPS and lists sort by. */
  integer('score', t('Score', 'Оценка', 'Оцінка', '评分'), { readOnly: true }),
  datetime('submitted_at', t('Answered at', 'Дата ответа', 'Дата відповіді', '答复时间'), { readOnly: true }),
  ref('claim_id', LABELS.claims.one, 'claims', { readOnly: true }),
  ref('task_id', LABELS.tasks.one, 'tasks', { readOnly: true }),
];

export const surveyResponsesModule: ModuleDef = {
  name: 'survey_responses',
  label: LABELS.survey_responses,
  area: 'marketing',
  numberPrefix: 'ANS',
  titleFields: ['respondent'],
  sharing: 'private',
  livesOn: 'survey_id',
  fields: response,
  blocks: [block('response', LABELS.survey_responses.one, [...response, 'assigned_to'])],
  list: { columns: ['number', 'respondent', 'survey_id', 'score', 'submitted_at'], sort: '-submitted_at' },
};
