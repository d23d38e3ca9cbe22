/** segments — customer and product segments: members by hand (static) or by a rule kept up to date (dynamic). */
import type { ModuleDef } from '@karta/shared';
import { L, block, datetime, integer, json, opts, picklist, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

const setup = [
  text('name', L.name, { required: true, searchable: true, maxLength: 200 }),
  picklist('module', t('Members', 'Участники', 'Учасники', '成员'), opts(
    ['accounts', 'Accounts', 'Контрагенты', 'Контрагенти', '客户'], ['contacts', 'Contacts', 'Контакты', 'Контакти', '联系人'],
    ['leads', 'Leads', 'Обращения', 'Звернення', '潜在客户'], ['products', 'Products', 'Товары', 'Товари', '产品'],
  ), { required: true, default: 'accounts' }),
  picklist('kind', t('Kind', 'Вид', 'Вид', '类型'), opts(
    ['static', 'Static (by hand)', 'Статический (вручную)', 'Статичний (вручну)', '静态（手动）'],
    ['dynamic', 'Dynamic (by a rule)', 'Динамический (по правилу)', 'Динамічний (за правилом)', '动态（按规则）'],
  ), { required: true, default: 'dynamic' }),
  /** The filter language of lists, plus `{"related","where","agg","op","value"}` conditions on related records. */
  json('rule', t('Rule', 'Правило', 'Правило', '规则')),
  integer('recompute_hours', t('Recompute every, hours', 'Пересчитывать каждые, ч', 'Перераховувати кожні, год', '重新计算间隔（小时）'), { min: 1, max: 720, default: 24 }),
  integer('member_count', t('Members now', 'Участников сейчас', 'Учасників зараз', '当前成员数'), { readOnly: true }),
  datetime('computed_at', t('Computed at', 'Пересчитан', 'Перераховано', '计算时间'), { readOnly: true }),
  textarea('description', L.description),
];

export const segmentsModule: ModuleDef = {
  name: 'segments',
  label: LABELS.segments,
  area: 'marketing',
  numberPrefix: 'SEG',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: setup,
  blocks: [block('segment', LABELS.segments.one, [...setup, 'assigned_to'])],
  list: { columns: ['name', 'module', 'kind', 'member_count', 'computed_at', 'assigned_to'], sort: 'name' },
};
