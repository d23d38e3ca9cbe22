import { MultiSelect, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useGroups, useRoleNames, userLabel, useUsers } from '../../api/directory';
import { useModules } from '../../api/meta';
import type { ModuleFieldInputProps } from '../../records/record/module-extensions';

/** People an automation names: the record's owner, the owner's head, roles, groups, users (`owner`, `manager`, `role:<id>`, `group:<id>`, ids). */
export function usePeopleOptions(opts: { groups?: boolean } = {}) {
  const { t } = useTranslation();
  const users = useUsers();
  const groups = useGroups();
  const roles = useRoleNames();
  return [
    { group: t('automation.relative'), items: [{ value: 'owner', label: t('automation.owner') }, { value: 'manager', label: t('automation.manager') }] },
    { group: t('reports.share_roles'), items: (roles.data ?? []).map((r) => ({ value: `role:${r.id}`, label: r.name })) },
    ...(opts.groups === false ? [] : [{ group: t('reports.share_groups'), items: (groups.data ?? []).map((g) => ({ value: `group:${g.id}`, label: g.name })) }]),
    { group: t('reports.share_users'), items: (users.data ?? []).map((u) => ({ value: u.id, label: userLabel(u) })) },
  ];
}

export function PersonSelect({ label, value, onChange, groups }: { label: string; value: string | undefined; onChange(v: string): void; groups?: boolean }) {
  const data = usePeopleOptions({ groups });
  return <Select label={label} data={data} value={value ?? null} onChange={(v) => onChange(v ?? 'owner')} searchable comboboxProps={{ withinPortal: true }} />;
}

export function PeopleSelect({ label, value, onChange }: { label: string; value: string[]; onChange(v: string[]): void }) {
  const data = usePeopleOptions();
  return <MultiSelect label={label} data={data} value={value} onChange={onChange} searchable comboboxProps={{ withinPortal: true }} />;
}

/** The `module` field of templates, workflows and approval processes: a module by its name in the user's language. */
export function ModuleInput(p: ModuleFieldInputProps) {
  const meta = useModules();
  const data = (meta.data?.modules ?? []).map((m) => ({ value: m.name, label: m.label.many })).sort((a, b) => a.label.localeCompare(b.label));
  return (
    <Select label={p.field.label} required={p.field.required} data={data} value={typeof p.value === 'string' ? p.value : null} error={p.error}
      onChange={(v) => p.onChange(v)} onBlur={p.onBlur} searchable clearable={!p.field.required} comboboxProps={{ withinPortal: true }} />
  );
}

/** The module a form is about (its `module` field), read from the form as the user changes it. */
export { useWatch } from 'react-hook-form';
