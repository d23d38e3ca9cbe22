import { Badge, Button, MultiSelect, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useModules } from '../../api/meta';
import { Loading } from '../../app/busy';
import { formatDateTime } from '../../i18n/format';
import type { ModuleFieldInputProps, RecordPanelProps } from '../../records/record/module-extensions';

const COLOR: Record<string, string> = { ok: 'green', delivered: 'green', error: 'red', failed: 'red', stopped: 'orange', retrying: 'yellow', cancelled: 'gray', pending: 'gray', running: 'gray' };

interface Run { id: number; record_id: string | null; trigger: string; status: string; actions: { type: string; status: string; error?: string }[]; error: string | null; started_at: string; duration_ms: number | null }

/** A workflow's run log: when, for which record, each action's outcome; filtered by outcome. */
export function RunsTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  const q = useQuery({ queryKey: ['workflow-runs', record.id, status], queryFn: () => api<{ data: Run[] }>(`/workflows/${record.id}/runs${status ? `?status=${status}` : ''}`) });
  return (
    <Stack>
      <Select label={t('automation.run_status')} w={220} clearable value={status} onChange={setStatus} comboboxProps={{ withinPortal: true }}
        data={['ok', 'error', 'stopped'].map((s) => ({ value: s, label: t(`automation.status_${s}`) }))} />
      {!q.data ? <Loading error={q.error} /> : !q.data.data.length ? <Text c="dimmed">{t('automation.no_runs')}</Text> : (
        <Table striped aria-label={t('automation.runs')}>
          <Table.Thead><Table.Tr><Table.Th>{t('automation.when')}</Table.Th><Table.Th>{t('automation.record')}</Table.Th><Table.Th>{t('automation.trigger_type')}</Table.Th><Table.Th>{t('automation.outcome')}</Table.Th><Table.Th>{t('automation.actions')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {q.data.data.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatDateTime(r.started_at, i18n.language)}</Table.Td>
                <Table.Td>{r.record_id ? <Link to={`/${String(record.module)}/${r.record_id}`}>{r.record_id.slice(-8)}</Link> : '—'}</Table.Td>
                <Table.Td>{t(`automation.trigger_${r.trigger}`, { defaultValue: r.trigger })}</Table.Td>
                <Table.Td><Badge color={COLOR[r.status]}>{t(`automation.status_${r.status}`, { defaultValue: r.status })}</Badge>{r.error && <Text size="xs" c="dimmed">{r.error}</Text>}</Table.Td>
                <Table.Td>{r.actions.map((a, i) => <Text key={i} size="xs" c={a.status === 'ok' ? undefined : 'red'}>{t(`automation.action_${a.type}`)}: {a.status === 'ok' ? '✓' : a.error}</Text>)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

interface Delivery { id: string; event: string; state: string; attempts: number; response_status: number | null; error: string | null; created_at: string; next_attempt_at: string | null }

/** A webhook's delivery log with replay. */
export function DeliveriesTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['webhook-deliveries', record.id], queryFn: () => api<{ data: Delivery[] }>(`/webhooks/${record.id}/deliveries`) });
  const replay = async (d: Delivery) => {
    try {
      await api(`/webhooks/${record.id}/deliveries/${d.id}/replay`, { method: 'POST' });
      notifications.show({ color: 'green', message: t('automation.replayed') });
      void qc.invalidateQueries({ queryKey: ['webhook-deliveries', record.id] });
    } catch (err) {
      notifications.show({ color: 'red', message: err instanceof Error ? err.message : String(err) });
    }
  };
  // A failed read (only administrators read what was sent) is said, not shown as "no deliveries".
  if (!q.data) return <Loading error={q.error} />;
  if (!q.data.data.length) return <Text c="dimmed">{t('automation.no_deliveries')}</Text>;
  return (
    <Table striped aria-label={t('automation.deliveries')}>
      <Table.Thead><Table.Tr><Table.Th>{t('automation.when')}</Table.Th><Table.Th>{t('automation.event')}</Table.Th><Table.Th>{t('automation.outcome')}</Table.Th><Table.Th>{t('automation.attempts')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
      <Table.Tbody>
        {q.data.data.map((d) => (
          <Table.Tr key={d.id}>
            <Table.Td>{formatDateTime(d.created_at, i18n.language)}</Table.Td>
            <Table.Td>{d.event}</Table.Td>
            <Table.Td><Badge color={COLOR[d.state]}>{t(`automation.status_${d.state}`)}</Badge>{d.error && <Text size="xs" c="dimmed">{d.error}</Text>}</Table.Td>
            <Table.Td>{d.attempts}{d.response_status ? ` (HTTP ${d.response_status})` : ''}</Table.Td>
            <Table.Td><Button size="xs" variant="light" onClick={() => void replay(d)}>{t('automation.replay')}</Button></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A webhook's events: created, updated, deleted of any module (or of all). */
export function EventsInput(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const meta = useModules();
  const kinds = ['created', 'updated', 'deleted'];
  const data = [
    { group: t('automation.all_modules'), items: kinds.map((k) => ({ value: `*.${k}`, label: `* — ${t(`automation.event_${k}`)}` })) },
    ...(meta.data?.modules ?? []).map((m) => ({ group: m.label.many, items: kinds.map((k) => ({ value: `${m.name}.${k}`, label: `${m.label.many} — ${t(`automation.event_${k}`)}` })) })),
  ];
  return (
    <MultiSelect label={p.field.label} withAsterisk data={data} value={Array.isArray(p.value) ? (p.value as string[]) : []} onChange={p.onChange} error={p.error}
      searchable clearable comboboxProps={{ withinPortal: true }} />
  );
}
