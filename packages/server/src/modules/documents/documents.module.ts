/** documents — uploaded files or external links (Документы), in folders, linkable to any record. */
import type { ModuleDef } from '@karta/shared';
import { block, bool, file, integer, opts, picklist, t, text, textarea, url } from '../common.js';
import { LABELS } from '../labels.js';

const FOLDERS = opts(
  ['default', 'Default', 'Общая', 'Загальна', '默认'],
  ['contracts', 'Contracts', 'Договоры', 'Договори', '合同'],
  ['price_lists', 'Price lists', 'Прайс-листы', 'Прайс-листи', '价目表'],
  ['marketing', 'Marketing', 'Маркетинг', 'Маркетинг', '市场营销'],
  ['other', 'Other', 'Другое', 'Інше', '其他'],
);

const info = [
  text('title', t('Title', 'Название', 'Назва', '标题'), { required: true, searchable: true }),
  picklist('folder', t('Folder', 'Папка', 'Тека', '文件夹'), FOLDERS, { default: 'default' }),
];

const content = [
  file('file_id', t('File', 'Файл', 'Файл', '文件')),
  url('url', t('Link', 'Ссылка', 'Посилання', '链接')),
  /** The document's own version label ("2.1"); the record's `version` is the system lock counter. */
  text('file_version', t('Version', 'Версия', 'Версія', '版本'), { maxLength: 50 }),
  integer('download_count', t('Downloads', 'Скачиваний', 'Завантажень', '下载次数'), { readOnly: true, default: 0 }),
];

const notes = [textarea('notes', t('Notes', 'Примечания', 'Примітки', '备注'))];
/** Sent by a customer with a ticket (portal or e-mail): the files the customer portal shows back to them. */
const fromCustomer = bool('from_customer', t('From the customer', 'От клиента', 'Від клієнта', '来自客户'), { readOnly: true, hidden: true, default: false });

export const documentsModule: ModuleDef = {
  name: 'documents',
  label: LABELS.documents,
  area: 'activities',
  numberPrefix: 'DOC',
  titleFields: ['title'],
  sharing: 'private',
  fields: [...info, ...content, ...notes, fromCustomer],
  blocks: [
    block('document', t('Document information', 'Информация о документе', 'Інформація про документ', '文档信息'), [...info, 'assigned_to']),
    block('file', t('File or link', 'Файл или ссылка', 'Файл або посилання', '文件或链接'), content),
    block('notes', t('Notes', 'Примечания', 'Примітки', '备注'), notes),
  ],
  relations: [],
  list: { columns: ['number', 'title', 'folder', 'file_version', 'assigned_to', 'updated_at'], sort: '-updated_at' },
};
