/** workflows — automation rules (Бизнес-процессы): a trigger on a module, conditions, ordered actions. */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, json, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

export const workflowsModule: ModuleDef = {
  name: 'workflows',
  label: LABELS.workflows,
  area: 'settings',
  numberPrefix: 'WF',
  titleFields: ['name'],
  sharing: 'private',
  fields: [
    text('name', t('Workflow name', 'Название процесса', 'Назва процесу', '工作流名称'), { required: true, searchable: true, maxLength: 200 }),
    text('module', t('Module', 'Модуль', 'Модуль', '模块'), { required: true, maxLength: 60 }),
    bool('active', L.is_active, { default: true }),
    /** `{"type":"create|save|field_change|schedule|date","field"?,"from"?,"to"?,"cron"?,"offset_days"?,"offset_hours"?}` */
    json('trigger', t('Trigger', 'Условие запуска', 'Умова запуску', '触发条件'), { required: true }),
    /** A filter (the list's filter language) plus `changed`, `changed_to`, `changed_from`. */
    json('where', t('Conditions', 'Условия', 'Умови', '条件')),
    json('actions', t('Actions', 'Действия', 'Дії', '动作'), { required: true }),
    textarea('description', L.description),
  ],
  blocks: [
    block('workflow', t('Workflow', 'Процесс', 'Процес', '工作流'), ['name', 'module', 'active', 'assigned_to', 'description']),
    block('rule', t('Rule', 'Правило', 'Правило', '规则'), ['trigger', 'where', 'actions']),
  ],
  list: { columns: ['name', 'module', 'active', 'assigned_to', 'updated_at'], sort: 'name' },
};
