import { Group, MultiSelect, Select, Switch, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { userLabel, useUsers } from '../../api/directory';

export interface Schedule { frequency: 'daily' | 'weekly' | 'monthly'; time: string; weekday?: number; day?: number; format?: 'xlsx' | 'pdf'; users?: string[]; emails?: string[] }

/** When a report is e-mailed (in the owner's time zone), as what, to whom; off when null. */
export function ScheduleEditor({ value, onChange, errors }: { value: Schedule | null; onChange(s: Schedule | null): void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const users = useUsers();
  const set = (patch: Partial<Schedule>) => value && onChange({ ...value, ...patch });
  return (
    <>
      <Switch label={t('reports.schedule')} checked={value !== null}
        onChange={(e) => onChange(e.currentTarget.checked ? { frequency: 'weekly', weekday: 1, time: '09:00', format: 'xlsx', users: [], emails: [] } : null)} />
      {value && (
        <Group align="flex-start">
          <Select label={t('reports.frequency')} w={150} value={value.frequency} allowDeselect={false} error={errors['schedule.frequency']}
            data={(['daily', 'weekly', 'monthly'] as const).map((f) => ({ value: f, label: t(`reports.frequency_${f}`) }))}
            onChange={(v) => set({ frequency: v as Schedule['frequency'], weekday: v === 'weekly' ? value.weekday ?? 1 : undefined, day: v === 'monthly' ? value.day ?? 1 : undefined })} />
          {value.frequency === 'weekly' && (
            <Select label={t('reports.weekday')} w={150} value={String(value.weekday ?? 1)} allowDeselect={false} error={errors['schedule.weekday']}
              data={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: t(`reports.weekday_${d}`) }))} onChange={(v) => set({ weekday: Number(v) })} />
          )}
          {value.frequency === 'monthly' && (
            <Select label={t('reports.day')} w={100} value={String(value.day ?? 1)} allowDeselect={false} error={errors['schedule.day']}
              data={Array.from({ length: 31 }, (_, i) => String(i + 1))} onChange={(v) => set({ day: Number(v) })} />
          )}
          <TextInput label={t('reports.time')} w={100} value={value.time} error={errors['schedule.time']} placeholder="09:00" onChange={(e) => set({ time: e.currentTarget.value })} />
          <Select label={t('reports.format')} w={100} value={value.format ?? 'xlsx'} allowDeselect={false} data={['xlsx', 'pdf']} onChange={(v) => set({ format: v as 'xlsx' | 'pdf' })} />
          <MultiSelect label={t('reports.to_users')} w={260} searchable value={value.users ?? []} error={errors['schedule.users']}
            data={(users.data ?? []).map((u) => ({ value: u.id, label: userLabel(u) }))} onChange={(v) => set({ users: v })} />
          <TagsInput label={t('reports.to_emails')} w={260} value={value.emails ?? []} error={errors['schedule.emails']} onChange={(v) => set({ emails: v })} />
        </Group>
      )}
    </>
  );
}
