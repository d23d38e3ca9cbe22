/** emails — messages sent from Karta (documents by e-mail), kept on the record, its account and contact. */
import { EMAIL_TARGETS, type ModuleDef, type RelationDef } from '@karta/shared';
import { B, L, block, datetime, hasMany, opts, picklist, ref, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

export { EMAIL_TARGETS };

const STATUSES = opts(
  ['sent', 'Sent', 'Отправлено', 'Надіслано', '已发送'],
  ['failed', 'Failed', 'Не отправлено', 'Не надіслано', '发送失败'],
  ['received', 'Received', 'Получено', 'Отримано', '已接收'],
);

const info = [
  text('subject', L.subject, { required: true, searchable: true }),
  text('from_address', t('From', 'От', 'Від', '发件人'), { searchable: true }),
  text('to_addresses', t('To', 'Кому', 'Кому', '收件人'), { required: true, searchable: true, maxLength: 2000 }),
  text('cc_addresses', t('Cc', 'Копия', 'Копія', '抄送'), { maxLength: 2000 }),
  ref('related_to', L.related_to, EMAIL_TARGETS),
  ref('account_id', LABELS.accounts.one, 'accounts'),
  ref('contact_id', LABELS.contacts.one, 'contacts'),
  picklist('status', L.status, STATUSES, { default: 'sent' }),
  datetime('sent_at', t('Sent at', 'Отправлено', 'Надіслано', '发送时间')),
  text('attachments', t('Attachments', 'Вложения', 'Вкладення', '附件'), { maxLength: 2000 }),
  text('message_id', t('Message-ID', 'Message-ID', 'Message-ID', '邮件 ID'), { maxLength: 500 }),
  /** The message this one answers (threads of a ticket's mail). */
  text('in_reply_to', t('In reply to', 'В ответ на', 'У відповідь на', '回复的邮件'), { maxLength: 500 }),
];
const body = [textarea('body', t('Message', 'Текст письма', 'Текст листа', '正文'))];

export const emailsModule: ModuleDef = {
  name: 'emails',
  label: LABELS.emails,
  area: 'activities',
  numberPrefix: 'EML',
  titleFields: ['subject'],
  sharing: 'private',
  fields: [...info, ...body],
  blocks: [
    block('email', t('E-mail', 'Письмо', 'Лист', '邮件'), [...info, 'assigned_to']),
    block('body', B.description, body),
  ],
  relations: [],
  list: { columns: ['subject', 'to_addresses', 'related_to', 'status', 'sent_at', 'assigned_to'], sort: '-sent_at' },
};

/** The related list each target gets: e-mails about it, or sent to its account or contact. */
export function emailRelation(target: string): RelationDef {
  const field = target === 'accounts' ? 'account_id' : target === 'contacts' ? 'contact_id' : 'related_to';
  return hasMany('emails', 'emails', field, LABELS.emails.many);
}
