/** mailings — mass e-mail and SMS to a campaign's members, a list selection or a segment, throttled, with opt-out. */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, datetime, integer, json, opts, picklist, ref, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

const STATUSES = opts(
  ['draft', 'Draft', 'Черновик', 'Чернетка', '草稿'],
  ['scheduled', 'Scheduled', 'Запланирована', 'Запланована', '已计划'],
  ['sending', 'Sending', 'Отправляется', 'Надсилається', '发送中'],
  ['paused', 'Paused', 'Приостановлена', 'Призупинена', '已暂停'],
  ['completed', 'Completed', 'Завершена', 'Завершена', '已完成'],
  ['cancelled', 'Cancelled', 'Отменена', 'Скасована', '已取消'],
);

const setup = [
  text('name', L.name, { required: true, searchable: true, maxLength: 200 }),
  picklist('channel', t('Channel', 'Канал', 'Канал', '渠道'), opts(['email', 'E-mail', 'Эл. почта', 'Ел. пошта', '电子邮件'], ['sms', 'SMS', 'SMS', 'SMS', '短信']), { default: 'email', required: true }),
  ref('campaign_id', LABELS.campaigns.one, 'campaigns'),
  /** `{"campaign_id"}`, `{"ids":[…]}` (contacts, leads, accounts) or `{"segment_id"}`; resolved once, when sending starts. */
  json('audience', t('Audience', 'Получатели', 'Одержувачі', '受众'), { required: true }),
  ref('template_id', LABELS.email_templates.one, 'email_templates'),
  textarea('sms_text', t('SMS text', 'Текст SMS', 'Текст SMS', '短信内容'), { maxLength: 1000 }),
  text('sender', t('From', 'От кого', 'Від кого', '发件人'), { maxLength: 320 }),
  picklist('language', t('Language', 'Язык', 'Мова', '语言'), opts(
    ['en', 'English', 'Английский', 'Англійська', '英语'], ['ru', 'Russian', 'Русский', 'Російська', '俄语'],
    ['uk', 'Ukrainian', 'Украинский', 'Українська', '乌克兰语'], ['zh', 'Chinese', 'Китайский', 'Китайська', '中文'],
  )),
  datetime('send_at', t('Send at', 'Время отправки', 'Час надсилання', '发送时间')),
  integer('per_minute', t('Messages per minute', 'Сообщений в минуту', 'Повідомлень на хвилину', '每分钟消息数'), { min: 1, max: 10000, default: 60 }),
  bool('track_opens', t('Track opens', 'Отслеживать открытия', 'Відстежувати відкриття', '跟踪打开'), { default: false }),
  bool('track_clicks', t('Track clicks', 'Отслеживать переходы', 'Відстежувати переходи', '跟踪点击'), { default: false }),
  picklist('status', L.status, STATUSES, { default: 'draft', readOnly: true }),
];

export const mailingsModule: ModuleDef = {
  name: 'mailings',
  label: LABELS.mailings,
  area: 'marketing',
  numberPrefix: 'ML',
  titleFields: ['name'],
  sharing: 'private',
  fields: setup,
  blocks: [block('mailing', LABELS.mailings.one, [...setup, 'assigned_to'])],
  list: { columns: ['name', 'channel', 'status', 'send_at', 'campaign_id', 'assigned_to'], sort: '-updated_at' },
};
