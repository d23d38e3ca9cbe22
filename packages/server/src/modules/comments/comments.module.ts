/** comments — remarks on any record, with replies (parent_id) and @mentions in the body. */
import type { ModuleDef } from '@karta/shared';
import { COMMENT_TARGETS, block, bool, hasMany, json, ref, t, textarea } from '../common.js';
import { LABELS } from '../labels.js';

const info = [
  textarea('body', t('Comment', 'Комментарий', 'Коментар', '评论内容'), { required: true }),
  ref('related_to', t('Related to', 'Относится к', 'Стосується', '相关记录'), COMMENT_TARGETS, { required: true }),
  ref('parent_id', t('Reply to', 'Ответ на', 'Відповідь на', '回复'), 'comments'),
  /** Internal remark: never shown in the customer portal. */
  bool('is_private', t('Internal', 'Внутренний', 'Внутрішній', '内部'), { default: false }),
];
/** The customer who wrote it (in the portal, or by e-mail to a ticket); set by the system. */
const author = ref('author_contact_id', t('From customer', 'От клиента', 'Від клієнта', '来自客户'), 'contacts', { readOnly: true });
/** Users mentioned (@Имя Фамилия picked from the list): notified by id, whatever their login name. */
const mentions = json('mention_ids', t('Mentioned', 'Упомянуты', 'Згадані', '提及'), { hidden: true });

export const commentsModule: ModuleDef = {
  name: 'comments',
  label: LABELS.comments,
  area: 'activities',
  numberPrefix: 'CMT',
  titleFields: ['body'],
  sharing: 'public_read',
  // A comment is read with its record: whoever may not see the record does not see what was said about it.
  livesOn: 'related_to',
  fields: [...info, author, mentions],
  blocks: [block('comment', t('Comment', 'Комментарий', 'Коментар', '评论'), [...info, author, 'assigned_to'])],
  relations: [hasMany('replies', 'comments', 'parent_id', t('Replies', 'Ответы', 'Відповіді', '回复'))],
  list: { columns: ['body', 'related_to', 'created_by', 'created_at'], sort: '-created_at' },
};
