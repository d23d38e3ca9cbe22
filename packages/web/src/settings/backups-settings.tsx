import { Alert, Button, Card, Checkbox, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download } from '../api/client';
import { Busy } from '../app/busy';
import { formatDateTime, formatMegabytes } from '../i18n/format';
import { errorText, SaveFooter, SectionTitle } from './settings-ui';

interface Backup { name: string; bytes: number; created_at: string }
interface Schedule { enabled: boolean; hour: number; keep: number }

/** Backups of the database and files: one now, the daily schedule and how many to keep, downloads. */
export function BackupsSettings() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const backups = useQuery({ queryKey: ['backups'], queryFn: () => api<{ data: Backup[] }>('/backups').then((r) => r.data) });
  const now = useMutation({ mutationFn: () => api('/backups', { method: 'POST', body: {} }), onSuccess: () => client.invalidateQueries({ queryKey: ['backups'] }) });
  return (
    <Stack>
      <SectionTitle>{t('backup.backups')}</SectionTitle>
      <Text size="sm" c="dimmed">{t('backup.backups_hint')}</Text>
      <ScheduleCard />
      <Group>
        <Button loading={now.isPending} onClick={() => now.mutate()}>{t('backup.backup_now')}</Button>
      </Group>
      {now.error && <Alert color="red" role="alert">{errorText(now.error)}</Alert>}
      <div className="karta-table-wrap">
        <Table striped withTableBorder fz="sm" aria-label={t('backup.backups')}>
          <Table.Tbody>
            {(backups.data ?? []).map((b) => (
              <Table.Tr key={b.name}>
                <Table.Td>{b.name}</Table.Td>
                <Table.Td>{formatDateTime(b.created_at, i18n.language)}</Table.Td>
                <Table.Td>{formatMegabytes(b.bytes, i18n.language)}</Table.Td>
                <Table.Td><Button size="compact-xs" variant="subtle" onClick={() => void download(`/backups/${b.name}`, b.name)}>{t('backup.download')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {backups.data?.length === 0 && <Text size="sm" c="dimmed">{t('backup.no_backups')}</Text>}
    </Stack>
  );
}

function ScheduleCard() {
  const { t } = useTranslation();
  const saved = useQuery({ queryKey: ['backup-schedule'], queryFn: () => api<{ data: Schedule }>('/settings/backups').then((r) => r.data) });
  const [v, setV] = useState<Schedule>({ enabled: false, hour: 2, keep: 14 });
  useEffect(() => { if (saved.data) setV(saved.data); }, [saved.data]);
  const save = useMutation({ mutationFn: () => api('/settings/backups', { method: 'PUT', body: v }) });
  // The schedule is replaced whole on save: the form waits for the saved one rather than offer defaults to save over it.
  if (!saved.data) return <Card withBorder>{saved.error ? <Alert color="red">{errorText(saved.error)}</Alert> : <Busy />}</Card>;
  return (
    <Card withBorder>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Stack>
          <Title order={3} size="h5">{t('backup.schedule')}</Title>
          <Checkbox label={t('backup.daily')} checked={v.enabled} onChange={(e) => setV({ ...v, enabled: e.currentTarget.checked })} />
          <Group>
            <NumberInput label={t('backup.hour')} min={0} max={23} w={160} value={v.hour} onChange={(n) => setV({ ...v, hour: Number(n) || 0 })} />
            <NumberInput label={t('backup.keep')} min={1} max={365} w={160} value={v.keep} onChange={(n) => setV({ ...v, keep: Number(n) || 1 })} />
          </Group>
          <SaveFooter save={save} />
        </Stack>
      </form>
    </Card>
  );
}
