/** web_forms — web-to-lead forms: a hosted page and an embeddable snippet whose submissions become leads. */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, integer, json, opts, picklist, t, text, textarea, url } from '../common.js';
import { LABELS } from '../labels.js';

const design = [
  text('name', L.name, { required: true, searchable: true, maxLength: 200 }),
  picklist('module', t('Creates', 'Создаёт', 'Створює', '创建'), opts(['leads', 'Leads', 'Обращения', 'Звернення', '潜在客户']), { default: 'leads', required: true }),
  /** `[{"field","required"?,"label"?: text or {"en","ru","uk","zh"}}]` — the fields the visitor fills, in order. */
  json('fields', t('Fields', 'Поля', 'Поля', '字段'), { required: true }),
  /** `{"campaign_id": …, "lead_source": …, "assigned_to": …}` — set on every lead; a visitor cannot change them. */
  json('hidden', t('Hidden values', 'Скрытые значения', 'Приховані значення', '隐藏值')),
  textarea('thank_you_message', t('Thank-you message', 'Сообщение после отправки', 'Повідомлення після надсилання', '提交后的感谢语')),
  url('thank_you_url', t('Redirect after sending', 'Переход после отправки', 'Перехід після надсилання', '提交后跳转')),
  /** `["https://www.example.com"]` — sites whose pages may send this form (CORS). */
  json('allowed_origins', t('Allowed sites', 'Разрешённые сайты', 'Дозволені сайти', '允许的网站')),
  integer('min_fill_seconds', t('Minimum fill time, s', 'Минимальное время заполнения, с', 'Мінімальний час заповнення, с', '最短填写时间（秒）'), { min: 0, max: 3600, default: 3 }),
  bool('active', L.is_active, { default: true }),
  text('key', t('Public key', 'Публичный ключ', 'Публічний ключ', '公开密钥'), { readOnly: true, maxLength: 64 }),
];

export const webFormsModule: ModuleDef = {
  name: 'web_forms',
  label: LABELS.web_forms,
  area: 'marketing',
  numberPrefix: 'WEB',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: design,
  blocks: [block('form', LABELS.web_forms.one, [...design, 'assigned_to'])],
  list: { columns: ['name', 'active', 'key', 'assigned_to', 'updated_at'], sort: 'name' },
};
