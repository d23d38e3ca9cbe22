import { Group, MultiSelect, NumberInput, Select, TagsInput } from '@mantine/core';
import { PERIODS } from '@karta/shared';
import { useTranslation } from 'react-i18next';
import { useGroups, userLabel, useUsers } from '../../api/directory';
import type { FieldMeta } from '../../api/types';
import { FieldInput } from '../../fields/field-input';

interface Props {
  field: FieldMeta;
  op: string;
  value: unknown;
  onChange(v: unknown): void;
}

/** The value part of a filter condition: nothing for empty/not_empty, two inputs for between, lists for in/nin. */
export function FilterValueInput({ field, op, value, onChange }: Props) {
  const { t } = useTranslation();
  const users = useUsers();
  const groups = useGroups();
  if (op === 'empty' || op === 'not_empty') return null;
  const label = t('filter.value_for', { field: field.label });

  if (op === 'in_period') {
    return <Select aria-label={label} data={PERIODS.map((p) => ({ value: p, label: t(`filter.period_${p}`) }))} value={typeof value === 'string' ? value : null}
      onChange={onChange} comboboxProps={{ withinPortal: true }} flex={1} />;
  }
  if (op === 'last_n_days') {
    return <NumberInput aria-label={label} min={1} max={36600} value={typeof value === 'number' ? value : ''} onChange={(v) => onChange(typeof v === 'number' ? v : null)} suffix={` ${t('filter.days')}`} flex={1} />;
  }
  if (op === 'between') {
    const [a, b] = Array.isArray(value) ? value : [null, null];
    return (
      <Group gap="xs" wrap="nowrap" flex={1}>
        <FieldInput field={{ ...field, label: t('filter.from', { field: field.label }) }} value={a} onChange={(v) => onChange([v, b])} hideLabel ignoreRequired />
        <FieldInput field={{ ...field, label: t('filter.to', { field: field.label }) }} value={b} onChange={(v) => onChange([a, v])} hideLabel ignoreRequired />
      </Group>
    );
  }
  const list = Array.isArray(value) ? (value as string[]) : [];
  if (op === 'in' || op === 'nin') {
    if (field.options) {
      return <MultiSelect aria-label={label} data={field.options} value={list} onChange={onChange} searchable comboboxProps={{ withinPortal: true }} flex={1} />;
    }
    if (field.type === 'owner') {
      const data = [...(users.data ?? []).map((u) => ({ value: u.id, label: userLabel(u) })), ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))];
      return <MultiSelect aria-label={label} data={data} value={list} onChange={onChange} searchable comboboxProps={{ withinPortal: true }} flex={1} />;
    }
    return <TagsInput aria-label={label} value={list} onChange={onChange} placeholder={t('filter.values_hint')} flex={1} />;
  }
  // A multi-picklist condition (eq, contains) tests one value.
  const single = field.type === 'multipicklist' ? { ...field, type: 'picklist' as const } : field;
  return (
    <div style={{ flex: 1 }}>
      <FieldInput field={{ ...single, label }} value={value} onChange={onChange} hideLabel ignoreRequired />
    </div>
  );
}
