/** deal_kinds — kinds of deals, each with its own stage list and mode (no stages, manual, process). */
import type { ModuleDef } from '@karta/shared';
import { B, L, block, bool, hasMany, json, opts, picklist, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

const MODES = opts(
  ['none', 'No stages (won / lost only)', 'Без этапов (только выиграна / проиграна)', 'Без етапів (лише виграна / програна)', '无阶段（仅赢单/输单）'],
  ['manual', 'Manual (stages in any order)', 'Ручной (этапы в любом порядке)', 'Ручний (етапи в будь-якому порядку)', '手动（任意顺序）'],
  ['process', 'Process (fixed order)', 'Процесс (строгий порядок)', 'Процес (суворий порядок)', '流程（固定顺序）'],
);

const info = [
  text('name', L.name, { required: true, searchable: true }),
  picklist('mode', t('Stage mode', 'Режим этапов', 'Режим етапів', '阶段模式'), MODES, { required: true, default: 'manual' }),
  bool('is_active', L.is_active, { default: true }),
  /** The kind a deal gets when none is chosen (lead conversion, a quick create); the board opens on it. */
  bool('is_default', t('Default kind', 'Вид по умолчанию', 'Вид за замовчуванням', '默认类型'), { default: false }),
  /** `[{"name":"prospecting","probability":10,"required_fields":["amount"]}, …]`, in order; names are the kind's own. */
  json('stages', t('Stages', 'Этапы', 'Етапи', '阶段')),
];
const notes = [textarea('description', L.description)];

export const dealKindsModule: ModuleDef = {
  name: 'deal_kinds',
  label: LABELS.deal_kinds,
  area: 'sales',
  numberPrefix: 'DK',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [...info, ...notes],
  blocks: [
    block('deal_kind', t('Deal kind', 'Вид сделки', 'Вид угоди', '商机类型'), [...info, 'assigned_to']),
    block('description', B.description, notes),
  ],
  relations: [hasMany('deals', 'deals', 'deal_kind_id', LABELS.deals.many)],
  list: { columns: ['name', 'mode', 'is_active', 'is_default', 'updated_at'], sort: 'name' },
};
