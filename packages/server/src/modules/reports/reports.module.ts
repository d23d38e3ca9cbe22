/** reports — saved report definitions (Отчёты): a primary module, columns, filters, groups, aggregates, a chart. */
import type { ModuleDef } from '@karta/shared';
import { L, block, integer, json, opts, picklist, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

export const REPORT_TYPE_OPTIONS = opts(
  ['tabular', 'Tabular', 'Табличный', 'Табличний', '表格'],
  ['summary', 'Summary', 'Сводный', 'Зведений', '汇总'],
  ['matrix', 'Matrix', 'Матричный', 'Матричний', '矩阵'],
);

const definition = [
  text('name', t('Report name', 'Название отчёта', 'Назва звіту', '报表名称'), { required: true, searchable: true, maxLength: 200 }),
  text('folder', t('Folder', 'Папка', 'Тека', '文件夹'), { maxLength: 100 }),
  textarea('description', L.description),
  text('module', t('Primary module', 'Основной модуль', 'Основний модуль', '主模块'), { required: true, maxLength: 60 }),
  picklist('type', t('Report type', 'Тип отчёта', 'Тип звіту', '报表类型'), REPORT_TYPE_OPTIONS, { default: 'tabular', required: true }),
  json('related', t('Related modules', 'Связанные модули', "Пов'язані модулі", '关联模块')),
  json('columns', t('Columns', 'Столбцы', 'Стовпці', '列')),
  json('where', t('Filters', 'Фильтры', 'Фільтри', '筛选条件')),
  /** Conditions on the documents' lines (`{"field":"product_id","op":"not_empty"}`); rows are then the lines. */
  json('line_where', t('Line filters', 'Фильтры позиций', 'Фільтри позицій', '明细筛选条件')),
  /** Conditions on the related module's records (`deals.amount` on accounts: `{"field":"stage","op":"eq","value":"closed_won"}`). */
  json('related_where', t('Related records filters', 'Фильтры связанных записей', "Фільтри пов'язаних записів", '关联记录筛选条件')),
  json('group_by', t('Grouping', 'Группировка', 'Групування', '分组')),
  json('aggregates', t('Totals', 'Итоги', 'Підсумки', '汇总值')),
  json('sort', t('Sort', 'Сортировка', 'Сортування', '排序')),
  integer('limit', t('Row limit', 'Ограничение строк', 'Обмеження рядків', '行数上限'), { min: 1, max: 5000 }),
  json('chart', t('Chart', 'Диаграмма', 'Діаграма', '图表')),
  text('currency', L.currency, { maxLength: 3 }),
  /** Who else reads it: user ids, `role:<id>`, `group:<id>`. */
  json('shared_with', t('Shared with', 'Доступен', 'Доступний', '共享给')),
  json('schedule', t('Schedule', 'Расписание', 'Розклад', '计划发送')),
  /** The standard report this record was made from (kept so a new version of Karta does not add it twice). */
  text('standard_key', t('Standard report', 'Стандартный отчёт', 'Стандартний звіт', '标准报表'), { readOnly: true, hidden: true }),
];

export const reportsModule: ModuleDef = {
  name: 'reports',
  label: LABELS.reports,
  area: 'analytics',
  numberPrefix: 'REP',
  titleFields: ['name'],
  sharing: 'private',
  readers: 'shared_with',
  fields: definition,
  blocks: [
    block('report', t('Report', 'Отчёт', 'Звіт', '报表'), ['name', 'folder', 'module', 'type', 'limit', 'currency', 'assigned_to', 'description']),
    block('definition', t('Definition', 'Определение', 'Визначення', '定义'), ['related', 'columns', 'where', 'line_where', 'related_where', 'group_by', 'aggregates', 'sort', 'chart', 'shared_with', 'schedule']),
  ],
  list: { columns: ['name', 'folder', 'module', 'type', 'assigned_to', 'updated_at'], sort: 'name' },
};
