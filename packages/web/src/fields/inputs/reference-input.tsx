import { Group, Select } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModules } from '../../api/meta';
import { labelProps, type FieldInputProps } from './types';
import { useLookup } from './use-lookup';

/**
 * A reference picker with search-as-you-type. A polymorphic reference (related_to: accounts, contacts, …)
 * first picks the module, then the record; the stored value is the record id either way.
 */
export function ReferenceField(p: FieldInputProps) {
  const { t } = useTranslation();
  const meta = useModules();
  const targets = (p.field.reference ?? []).filter((m) => meta.data?.module(m));
  const id = typeof p.value === 'string' && p.value ? p.value : null;
  const known = id ? p.refs?.[id] : undefined;
  const [module, setModule] = useState<string | undefined>(known?.module ?? targets[0]);
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const current = id ? (picked?.value === id ? picked : known ? { value: id, label: known.number ? `${known.label} · ${known.number}` : known.label } : { value: id, label: t('common.unknown_record') }) : null;
  // While the box shows the chosen record's label, list recent records rather than search for that label.
  const lookup = useLookup(module, current && search === current.label ? '' : search, opened);
  const data = useMemo(() => {
    const list = lookup.data ?? [];
    return current && !list.some((o) => o.value === current.value) ? [current, ...list] : list;
  }, [lookup.data, current]);

  const picker = (
    <Select {...labelProps(p)} name={p.field.name} data={data} value={id} searchable clearable={!p.field.required || p.ignoreRequired}
      searchValue={search} onSearchChange={setSearch} filter={({ options }) => options}
      onDropdownOpen={() => setOpened(true)} onDropdownClose={() => setOpened(false)}
      nothingFoundMessage={lookup.isFetching ? t('common.loading') : lookup.error ? lookup.error.message : t('common.nothing_found')}
      placeholder={t('fields.search_records')} error={p.error} autoFocus={p.autoFocus} disabled={p.disabled}
      onBlur={p.onBlur} comboboxProps={{ withinPortal: true }} flex={1}
      onChange={(v, option) => { setPicked(option ? { value: option.value, label: option.label } : null); p.onChange(v); }} />
  );
  if (targets.length <= 1) return picker;
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select aria-label={t('fields.record_type', { field: p.field.label })} label={p.hideLabel ? undefined : ' '} w={150}
        data={targets.map((m) => ({ value: m, label: meta.data?.module(m)?.label.one ?? m }))} value={module ?? null}
        allowDeselect={false} comboboxProps={{ withinPortal: true }} disabled={p.disabled}
        onChange={(v) => { setModule(v ?? undefined); if (id) p.onChange(null); }} />
      {picker}
    </Group>
  );
}
