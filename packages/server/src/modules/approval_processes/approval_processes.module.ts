/** approval_processes — who must approve which records (Согласование): an entry condition and ordered steps. */
import type { ModuleDef } from '@karta/shared';
import { L, block, bool, json, t, text, textarea } from '../common.js';
import { LABELS } from '../labels.js';

export const approvalProcessesModule: ModuleDef = {
  name: 'approval_processes',
  label: LABELS.approval_processes,
  area: 'settings',
  numberPrefix: 'APR',
  titleFields: ['name'],
  sharing: 'public_read',
  fields: [
    text('name', t('Process name', 'Название процесса', 'Назва процесу', '流程名称'), { required: true, searchable: true, maxLength: 200 }),
    text('module', t('Module', 'Модуль', 'Модуль', '模块'), { required: true, maxLength: 60 }),
    bool('active', L.is_active, { default: true }),
    /** Which records need it (the filter language): `{"field":"discount_percent","op":"gt","value":15}`. */
    json('where', t('Entry condition', 'Условие', 'Умова', '进入条件')),
    /** `[{"approver":"manager|<user id>|role:<id>"}]`, in order. */
    json('steps', t('Steps', 'Шаги', 'Кроки', '审批步骤'), { required: true }),
    /** What needs the approval: `{"field":"status","values":["accepted"],"actions":["convert","send_email"]}`. */
    json('unlocks', t('Unlocks', 'Открывает', 'Відкриває', '批准后解锁')),
    textarea('description', L.description),
  ],
  blocks: [
    block('process', LABELS.approval_processes.one, ['name', 'module', 'active', 'assigned_to', 'description']),
    block('rule', t('Rule', 'Правило', 'Правило', '规则'), ['where', 'steps', 'unlocks']),
  ],
  list: { columns: ['name', 'module', 'active', 'updated_at'], sort: 'name' },
};
