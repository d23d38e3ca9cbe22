import { MultiSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useGroups, useRoleNames, userLabel, useUsers } from '../../api/directory';

/** Whom a report is shared with besides its owner: everyone, roles, groups, users (`all`, `role:<id>`, `group:<id>`, ids). */
export function SharePicker({ value, onChange, error }: { value: string[]; onChange(v: string[]): void; error?: string }) {
  const { t } = useTranslation();
  const users = useUsers();
  const groups = useGroups();
  const roles = useRoleNames();
  const data = [
    { group: t('reports.share_everyone'), items: [{ value: 'all', label: t('reports.share_everyone') }] },
    { group: t('reports.share_roles'), items: (roles.data ?? []).map((r) => ({ value: `role:${r.id}`, label: r.name })) },
    { group: t('reports.share_groups'), items: (groups.data ?? []).map((g) => ({ value: `group:${g.id}`, label: g.name })) },
    { group: t('reports.share_users'), items: (users.data ?? []).map((u) => ({ value: u.id, label: userLabel(u) })) },
  ];
  // Tokens the lists do not offer (a standard report's language) stay, shown as they are.
  const known = new Set(data.flatMap((d) => d.items.map((i) => i.value)));
  const extra = value.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }));
  return (
    <MultiSelect label={t('reports.shared_with')} searchable clearable w={420} value={value} onChange={onChange} error={error}
      data={extra.length ? [...data, { group: '…', items: extra }] : data} comboboxProps={{ withinPortal: true }} />
  );
}
