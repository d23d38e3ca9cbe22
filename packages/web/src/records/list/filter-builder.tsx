import { ActionIcon, Button, Group, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Where } from '@karta/shared';
import type { FieldMeta, ModuleMeta } from '../../api/types';
import { IconPlus, IconX } from '../../app/icons';
import { FilterValueInput } from './filter-value-input';
import { toTree, toWhere, type FilterNode } from './filter-tree';

type Group = FilterNode & { kind: 'group' };

interface Props {
  module: ModuleMeta;
  value: Where | undefined;
  onApply(w: Where | undefined): void;
  onClose(): void;
}

/** Field, operator, value; "all of" / "any of" groups, one level of nesting — the filter language. */
export function FilterBuilder({ module, value, onApply, onClose }: Props) {
  const { t } = useTranslation();
  const [tree, setTree] = useState<Group>(() => toTree(value));
  const fields = module.fields.filter((f) => !f.hidden && f.type !== 'json' && f.operators.length > 0);

  return (
    <Paper withBorder p="sm" role="region" aria-label={t('filter.title')}>
      <Stack gap="sm">
        <GroupEditor group={tree} fields={fields} depth={0} onChange={setTree} />
        <Group justify="flex-end" gap="xs">
          <Button variant="subtle" onClick={() => setTree({ kind: 'group', mode: 'and', children: [] })}>{t('filter.clear')}</Button>
          <Button variant="default" onClick={onClose}>{t('actions.close')}</Button>
          <Button onClick={() => onApply(toWhere(tree))}>{t('filter.apply')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** What a segment rule adds to the builder: conditions on related records. */
export interface RelatedConditions {
  create(): FilterNode;
  render(node: FilterNode & { kind: 'related' }, onChange: (n: FilterNode) => void, onRemove: () => void): React.ReactNode;
}

export function GroupEditor({ group, fields, depth, onChange, onRemove, related }: { group: Group; fields: FieldMeta[]; depth: number; onChange(g: Group): void; onRemove?(): void; related?: RelatedConditions }) {
  const { t } = useTranslation();
  const setChild = (i: number, n: FilterNode) => onChange({ ...group, children: group.children.map((c, j) => (j === i ? n : c)) });
  const removeChild = (i: number) => onChange({ ...group, children: group.children.filter((_, j) => j !== i) });
  const first = fields[0];
  return (
    <Stack gap="xs" pl={depth ? 'md' : 0} style={depth ? { borderLeft: '3px solid var(--mantine-color-blue-light)' } : undefined}
      role="group" aria-label={depth ? t('filter.group') : t('filter.title')}>
      <Group gap="xs">
        <SegmentedControl size="xs" value={group.mode} onChange={(v) => onChange({ ...group, mode: v as 'and' | 'or' })}
          aria-label={t('filter.match')} data={[{ value: 'and', label: t('filter.all_of') }, { value: 'or', label: t('filter.any_of') }]} />
        {onRemove && <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('filter.remove_group')}><IconX /></ActionIcon>}
      </Group>
      {group.children.length === 0 && <Text size="sm" c="dimmed">{t('filter.no_conditions')}</Text>}
      {group.children.map((child, i) =>
        child.kind === 'group' ? (
          <GroupEditor key={i} group={child} fields={fields} depth={depth + 1} onChange={(g) => setChild(i, g)} onRemove={() => removeChild(i)} related={related} />
        ) : child.kind === 'related' ? (
          <div key={i}>{related?.render(child, (n) => setChild(i, n), () => removeChild(i))}</div>
        ) : (
          <ConditionRow key={i} index={i} node={child} fields={fields} onChange={(n) => setChild(i, n)} onRemove={() => removeChild(i)} />
        ))}
      <Group gap="xs">
        <Button size="xs" variant="light" leftSection={<IconPlus />}
          onClick={() => onChange({ ...group, children: [...group.children, { kind: 'condition', field: first?.name ?? '', op: first?.operators[0] ?? 'eq', value: null }] })}>
          {t('filter.add_condition')}
        </Button>
        {related && (
          <Button size="xs" variant="light" color="grape" leftSection={<IconPlus />} onClick={() => onChange({ ...group, children: [...group.children, related.create()] })}>
            {t('marketing.add_related')}
          </Button>
        )}
        {depth === 0 && (
          <Button size="xs" variant="subtle" leftSection={<IconPlus />}
            onClick={() => onChange({ ...group, children: [...group.children, { kind: 'group', mode: group.mode === 'and' ? 'or' : 'and', children: [] }] })}>
            {t('filter.add_group')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function ConditionRow({ index, node, fields, onChange, onRemove }: { index: number; node: FilterNode & { kind: 'condition' }; fields: FieldMeta[]; onChange(n: FilterNode): void; onRemove(): void }) {
  const { t } = useTranslation();
  const field = fields.find((f) => f.name === node.field);
  return (
    <Group gap="xs" align="flex-start" wrap="wrap" role="group" aria-label={t('filter.condition_n', { n: index + 1 })}>
      <Select aria-label={t('filter.field')} w={200} searchable data={fields.map((f) => ({ value: f.name, label: f.label }))} value={node.field}
        allowDeselect={false} comboboxProps={{ withinPortal: true }}
        onChange={(v) => {
          const f = fields.find((x) => x.name === v);
          onChange({ kind: 'condition', field: v ?? '', op: f?.operators.includes(node.op) ? node.op : f?.operators[0] ?? 'eq', value: null });
        }} />
      <Select aria-label={t('filter.operator')} w={170} data={(field?.operators ?? []).map((op) => ({ value: op, label: t(`ops.${op}`) }))}
        value={node.op} allowDeselect={false} comboboxProps={{ withinPortal: true }}
        onChange={(v) => onChange({ ...node, op: v ?? 'eq', value: v === 'in' || v === 'nin' || v === 'between' ? [] : Array.isArray(node.value) ? null : node.value })} />
      {field && <FilterValueInput field={field} op={node.op} value={node.value} onChange={(v) => onChange({ ...node, value: v })} />}
      <ActionIcon variant="subtle" color="red" size="input-sm" onClick={onRemove} aria-label={t('filter.remove_condition')}><IconX /></ActionIcon>
    </Group>
  );
}
