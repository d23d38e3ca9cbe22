import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useGroups, userLabel, useUsers } from '../../api/directory';
import { labelProps, type FieldInputProps } from './types';

/** "Assigned to": a user or a group (records owned by "Отдел продаж"). */
export function OwnerField(p: FieldInputProps) {
  const { t } = useTranslation();
  const users = useUsers();
  const groups = useGroups();
  const data = [
    { group: t('owner.users'), items: (users.data ?? []).filter((u) => u.active || u.id === p.value).map((u) => ({ value: u.id, label: userLabel(u) })) },
    { group: t('owner.groups'), items: (groups.data ?? []).map((g) => ({ value: g.id, label: g.name })) },
  ];
  return (
    <Select {...labelProps(p)} name={p.field.name} data={data} value={typeof p.value === 'string' ? p.value : null}
      searchable clearable={!p.field.required || p.ignoreRequired} error={p.error} autoFocus={p.autoFocus} disabled={p.disabled}
      nothingFoundMessage={t('common.nothing_found')} onBlur={p.onBlur} comboboxProps={{ withinPortal: true }}
      onChange={(v) => p.onChange(v)} />
  );
}
