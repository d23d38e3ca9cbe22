import { MultiSelect, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client';
import { userLabel, useUsers } from '../../api/directory';
import { labelProps } from '../../fields/inputs/types';
import { useLookup } from '../../fields/inputs/use-lookup';
import type { ModuleFieldInputProps } from '../../records/record/module-extensions';

/** How long before an event or a task to be reminded, as people choose it (minutes in the API). */
export function ReminderInput(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const presets = [0, 5, 10, 15, 30, 60, 120, 1440, 2880, 10080];
  const text = (m: number) => (m === 0 ? t('activities.reminder_at_start') : m === 10080 ? t('activities.reminder_week')
    : m % 1440 === 0 ? t('activities.reminder_days', { count: m / 1440 }) : m % 60 === 0 ? t('activities.reminder_hours', { count: m / 60 }) : t('activities.reminder_minutes', { count: m }));
  const current = p.value === null || p.value === undefined || p.value === '' ? null : Number(p.value);
  const data = [{ value: 'none', label: t('activities.reminder_none') }, ...[...new Set([...presets, ...(current !== null ? [current] : [])])].sort((a, b) => a - b).map((m) => ({ value: String(m), label: text(m) }))];
  return (
    <Select {...labelProps(p)} name={p.field.name} data={data} value={current === null ? 'none' : String(current)} allowDeselect={false}
      error={p.error} disabled={p.disabled} onBlur={p.onBlur} comboboxProps={{ withinPortal: true }}
      onChange={(v) => p.onChange(!v || v === 'none' ? null : v)} />
  );
}

/** Colleagues invited to an event: they see it in their calendar and are reminded. */
export function InviteesInput(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const users = useUsers();
  const value = Array.isArray(p.value) ? (p.value as string[]) : [];
  return (
    <MultiSelect label={t('activities.invitees_users')} name={p.field.name} searchable clearable value={value} error={p.error}
      data={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: userLabel(u) }))}
      nothingFoundMessage={t('common.nothing_found')} comboboxProps={{ withinPortal: true }} onChange={(v) => p.onChange(v.length ? v : null)} />
  );
}

/** Contacts invited to an event (by e-mail, with "Send invitations"): searched as one types. */
export function InvitedContactsInput(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const value = Array.isArray(p.value) ? (p.value as string[]) : [];
  const lookup = useLookup('contacts', search, true);
  const chosen = useQuery({
    queryKey: ['contacts', 'labels', value], enabled: value.length > 0,
    queryFn: () => api<{ data: { id: string; first_name: string | null; last_name: string | null; number: string }[] }>(`/records/contacts${qs({ 'filter[id][in]': value.join(','), fields: 'first_name,last_name', limit: 100 })}`)
      .then((r) => r.data.map((c) => ({ value: c.id, label: `${[c.first_name, c.last_name].filter(Boolean).join(' ')} · ${c.number}` }))),
  });
  const data = [...(chosen.data ?? []), ...(lookup.data ?? []).filter((o) => !chosen.data?.some((c) => c.value === o.value))];
  return (
    <MultiSelect label={t('activities.invitees_contacts')} name={p.field.name} searchable clearable value={value} error={p.error} data={data}
      searchValue={search} onSearchChange={setSearch} filter={({ options }) => options}
      nothingFoundMessage={t('common.nothing_found')} comboboxProps={{ withinPortal: true }} onChange={(v) => p.onChange(v.length ? v : null)} />
  );
}

/** Invited colleagues by name. */
export function InviteesDisplay({ value }: { value: unknown }) {
  const users = useUsers();
  const ids = Array.isArray(value) ? (value as string[]) : [];
  return <>{ids.map((id) => { const u = users.data?.find((x) => x.id === id); return u ? userLabel(u) : '…'; }).join(', ')}</>;
}

/** A reminder in words. */
export function ReminderDisplay({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return null;
  const m = Number(value);
  return <>{m === 0 ? t('activities.reminder_at_start') : m % 1440 === 0 ? t('activities.reminder_days', { count: m / 1440 }) : m % 60 === 0 ? t('activities.reminder_hours', { count: m / 60 }) : t('activities.reminder_minutes', { count: m })}</>;
}
