import { t, type FieldDef } from '@karta/shared';

/** Fields every module has; the engine maintains them (only assigned_to is writable). */
export const SYSTEM_FIELDS: FieldDef[] = [
  { name: 'id', type: 'reference', label: t('ID', 'ID', 'ID', 'ID'), readOnly: true, hidden: true },
  { name: 'number', type: 'text', label: t('Number', 'Номер', 'Номер', '编号'), readOnly: true, searchable: true },
  { name: 'tags', type: 'multipicklist', freeValues: true, options: [], label: t('Tags', 'Теги', 'Теги', '标签') },
  { name: 'assigned_to', type: 'owner', label: t('Assigned to', 'Ответственный', 'Відповідальний', '负责人') },
  { name: 'created_by', type: 'owner', label: t('Created by', 'Создал', 'Створив', '创建人'), readOnly: true },
  { name: 'created_at', type: 'datetime', label: t('Created', 'Создано', 'Створено', '创建时间'), readOnly: true },
  { name: 'updated_at', type: 'datetime', label: t('Modified', 'Изменено', 'Змінено', '修改时间'), readOnly: true },
  { name: 'version', type: 'integer', label: t('Version', 'Версия', 'Версія', '版本'), readOnly: true, hidden: true },
];

export const SYSTEM_FIELD_NAMES = new Set(SYSTEM_FIELDS.map((f) => f.name));

/** Column names the engine uses that no declared field may take. */
export const RESERVED_NAMES = new Set([...SYSTEM_FIELD_NAMES, 'deleted_at', 'search_text', 'tags']);
