import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { labelProps } from '../../fields/inputs/types';
import type { ModuleFieldInputProps } from '../../records/record/module-extensions';

const CLOSING = new Set(['closed_won', 'closed_lost']);

/** A deal's stage: the stages of the kind chosen in the same form (its own names), labelled when they are known ones. */
export function DealStageInput(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const kindId = useWatch({ control: p.control, name: 'deal_kind_id' }) as string | null;
  const kind = useQuery({
    queryKey: ['deal_kinds', 'one', kindId], enabled: !!kindId,
    queryFn: () => api<{ data: { mode: string; stages: { name: string }[] | null } }>(`/records/deal_kinds/${kindId}?fields=mode,stages`).then((r) => r.data),
  });
  const known = new Map((p.field.options ?? []).map((o) => [o.value, o.label]));
  const names = kindId && kind.data ? (kind.data.mode === 'none' ? [] : (kind.data.stages ?? []).map((s) => s.name)) : (p.field.options ?? []).map((o) => o.value);
  const open = names.filter((n) => !CLOSING.has(n));
  const current = typeof p.value === 'string' ? p.value : null;
  const data = [...open, ...(current && !open.includes(current) ? [current] : [])].map((v) => ({ value: v, label: known.get(v) ?? v }));
  return (
    <Select {...labelProps(p)} name={p.field.name} data={data} value={current} error={p.error} disabled={p.disabled || (!!kindId && kind.data?.mode === 'none')}
      clearable searchable={data.length > 8} nothingFoundMessage={t('common.nothing_found')} onBlur={p.onBlur}
      comboboxProps={{ withinPortal: true }} onChange={(v) => p.onChange(v)} />
  );
}
