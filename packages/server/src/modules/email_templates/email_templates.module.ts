/** email_templates — e-mail templates (Шаблоны писем): subject and HTML body with merge fields, per language. */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, json, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

export const emailTemplatesModule: ModuleDef = {
  name: 'email_templates',
  label: LABELS.email_templates,
  area: 'marketing',
  numberPrefix: 'TPL',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [
    text('name', t('Template name', 'Название шаблона', 'Назва шаблону', '模板名称'), { required: true, searchable: true, maxLength: 200 }),
    /** The module whose records it is written for (its merge fields); empty: any record. */
    text('module', t('For module', 'Для модуля', 'Для модуля', '适用模块'), { maxLength: 60 }),
    text('subject', L.subject, { required: true, maxLength: 500, searchable: true }),
    textarea('body_html', t('Body (HTML)', 'Текст письма (HTML)', 'Текст листа (HTML)', '正文（HTML）'), { required: true, maxLength: 200_000 }),
    /** `{"ru":{"subject","body_html"},"zh":{…}}`: the recipient's language when there is one, else the default above. */
    json('variants', t('Language variants', 'Языковые варианты', 'Мовні варіанти', '语言版本')),
    bool('attach_pdf', t("Attach the record's PDF", 'Приложить PDF записи', 'Додати PDF запису', '附加记录的 PDF')),
    /** Documents (ids) attached to every e-mail from this template. */
    json('document_ids', t('Attached documents', 'Вложенные документы', 'Вкладені документи', '附加文档')),
    textarea('description', L.description),
  ],
  blocks: [
    block('template', t('Template', 'Шаблон', 'Шаблон', '模板'), ['name', 'module', 'assigned_to', 'attach_pdf', 'document_ids', 'description']),
    block('content', t('Content', 'Содержание', 'Вміст', '内容'), ['subject', 'body_html', 'variants']),
  ],
  list: { columns: ['name', 'module', 'subject', 'assigned_to', 'updated_at'], sort: 'name' },
};
