/** print_templates — printable forms (Шаблоны печати): a Liquid HTML body per module and language, laid out as a PDF. */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, opts, picklist, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

export const PRINT_LANGUAGES = opts(
  ['en', 'English', 'Английский', 'Англійська', '英语'],
  ['ru', 'Russian', 'Русский', 'Російська', '俄语'],
  ['uk', 'Ukrainian', 'Украинский', 'Українська', '乌克兰语'],
  ['zh', 'Chinese', 'Китайский', 'Китайська', '中文'],
);

export const printTemplatesModule: ModuleDef = {
  name: 'print_templates',
  label: LABELS.print_templates,
  area: 'settings',
  numberPrefix: 'PRT',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [
    text('name', t('Template name', 'Название шаблона', 'Назва шаблону', '模板名称'), { required: true, searchable: true, maxLength: 200 }),
    /** The module whose records it prints (quotes, invoices… or any other: a merge letter). */
    text('module', t('Document type', 'Тип документа', 'Тип документа', '单据类型'), { required: true, maxLength: 60 }),
    /** The language it is written in: dates, money and amounts in words follow it, not the reader's. */
    picklist('language', t('Language', 'Язык', 'Мова', '语言'), PRINT_LANGUAGES),
    picklist('paper', t('Paper', 'Формат бумаги', 'Формат паперу', '纸张'), opts(['a4', 'A4', 'A4', 'A4', 'A4'], ['letter', 'Letter', 'Letter', 'Letter', 'Letter']), { default: 'a4', required: true }),
    picklist('orientation', t('Orientation', 'Ориентация', 'Орієнтація', '方向'), opts(
      ['portrait', 'Portrait', 'Книжная', 'Книжкова', '纵向'], ['landscape', 'Landscape', 'Альбомная', 'Альбомна', '横向'],
    ), { default: 'portrait', required: true }),
    /** Printed when nobody chooses: the default of the module in the reader's language, else of the module. */
    bool('is_default', t('Default', 'По умолчанию', 'За замовчуванням', '默认'), { default: false }),
    textarea('body_html', t('Body (HTML)', 'Шаблон (HTML)', 'Шаблон (HTML)', '模板正文（HTML）'), { required: true, maxLength: 300_000 }),
    textarea('description', L.description),
    /** The shipped form this record was made from (so a new version of Karta does not add it twice). */
    text('standard_key', t('Standard form', 'Стандартная форма', 'Стандартна форма', '标准格式'), { readOnly: true, hidden: true }),
  ],
  blocks: [
    block('template', LABELS.print_templates.one, ['name', 'module', 'language', 'paper', 'orientation', 'is_default', 'assigned_to', 'description']),
    block('content', t('Content', 'Содержание', 'Вміст', '内容'), ['body_html']),
  ],
  list: { columns: ['name', 'module', 'language', 'is_default', 'updated_at'], sort: 'name' },
};
