import { Alert, Anchor, Badge, Button, Group, Modal, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useInvalidateRecords } from '../../api/records';
import { useModules } from '../../api/meta';
import { formatNumber } from '../../i18n/format';
import { ACTIVE_STATES, type ImportStatus } from './types';
import { Busy } from '../../app/busy';

export const fetchImport = (id: string) => api<{ data: ImportStatus }>(`/imports/${id}`).then((r) => r.data);

/**
 * One import: a live progress bar while it runs (rows done, rows a second, time left — the page can be left
 * and opened again, the import goes on), then what it did, the failed rows to download, and Undo for 7 days.
 */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const meta = useModules();
  const q = useQuery({
    queryKey: ['imports', id], queryFn: () => fetchImport(id),
    refetchInterval: (query) => (query.state.data && ACTIVE_STATES.includes(query.state.data.state) ? 1000 : false),
  });
  const [confirmUndo, setConfirmUndo] = useState(false);
  const [busy, setBusy] = useState(false);
  const s = q.data;
  // Once an import (or its undo) ends, the module's lists show its records, not a cached page from before.
  const invalidate = useInvalidateRecords();
  const seenState = useRef<string | null>(null);
  useEffect(() => {
    if (!s) return;
    const was = seenState.current;
    seenState.current = s.state;
    if (was !== null && was !== s.state && !ACTIVE_STATES.includes(s.state)) void invalidate(s.module);
  }, [s?.state, s?.module]); // eslint-disable-line react-hooks/exhaustive-deps
  if (q.error) return <Alert color="red" role="alert">{(q.error as Error).message}</Alert>;
  if (!s) return <Busy />;
  const n = (v: number) => formatNumber(v, i18n.language);
  const m = meta.data?.module(s.module);
  const running = ACTIVE_STATES.includes(s.state);
  const percent = s.total ? Math.round((s.done / s.total) * 100) : 0;

  async function undo() {
    setBusy(true);
    try {
      await api(`/imports/${s!.id}/undo`, { method: 'POST' });
      await client.invalidateQueries({ queryKey: ['imports'] });
      setConfirmUndo(false);
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="md" maw={900}>
      <Group gap="sm" justify="space-between">
        <Title order={1} size="h2">{t('data.import_of', { file: s.filename })}</Title>
        <Badge size="lg" color={s.state === 'failed' ? 'red' : running ? 'blue' : 'green'}>{t(`data.state_${s.state}`)}</Badge>
      </Group>
      {s.state !== 'undoing' && s.state !== 'undone' && (
        <Stack gap={4}>
          <Progress value={percent} size="xl" animated={running} aria-label={t('data.progress_label')} aria-valuenow={percent} />
          <Text size="sm" aria-live="polite">
            {t('data.progress', { done: n(s.done), total: n(s.total) })}
            {s.rate ? ` · ${t('data.rate', { rate: n(s.rate) })}` : ''}
            {running && s.eta_seconds !== null ? ` · ${t('data.eta', { seconds: s.eta_seconds })}` : ''}
          </Text>
        </Stack>
      )}
      <Group gap="lg">
        <Text>{t('data.created', { count: s.created })}</Text>
        <Text>{t('data.updated', { count: s.updated })}</Text>
        <Text>{t('data.skipped', { count: s.skipped })}</Text>
        <Text c={s.failed ? 'red' : undefined}>{t('data.failed', { count: s.failed })}</Text>
      </Group>
      {s.last_error && <Alert color="red" role="alert">{s.last_error}</Alert>}
      {s.state === 'undoing' && <Group gap="xs"><Busy size="sm" /><Text>{t('data.undoing')}</Text></Group>}
      {s.undo_report && s.state === 'undone' && (
        <Alert color="gray">{t('data.undone', { deleted: s.undo_report.deleted, restored: s.undo_report.restored, kept: s.undo_report.kept })}</Alert>
      )}
      <Group gap="sm">
        {m && <Button component={Link} to={`/${m.name}`} variant="default">{t('data.open_module', { module: m.label.many })}</Button>}
        {s.failed > 0 && <Button component="a" href={`/api/v1/imports/${s.id}/failed.csv`} download variant="default">{t('data.download_failed')}</Button>}
        {s.can_undo && <Button color="red" variant="light" onClick={() => setConfirmUndo(true)}>{t('data.undo')}</Button>}
        <Anchor component={Link} to="/imports" size="sm">{t('data.all_imports')}</Anchor>
      </Group>
      {s.errors.length > 0 && (
        <Table striped aria-label={t('data.failed_rows')}>
          <Table.Thead><Table.Tr><Table.Th>{t('data.row')}</Table.Th><Table.Th>{t('data.reason')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {s.errors.map((e, i) => (
              <Table.Tr key={i}>
                <Table.Td>{e.row}</Table.Td>
                <Table.Td>{[e.message, ...Object.entries(e.fields ?? {}).map(([f, v]) => `${m?.fields.find((x) => x.name === f)?.label ?? f}: ${v}`)].join(' · ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={confirmUndo} onClose={() => setConfirmUndo(false)} title={t('data.undo_title')} centered>
        <Text mb="md" size="sm">{t('data.undo_confirm', { created: s.created, updated: s.updated })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmUndo(false)} data-autofocus>{t('actions.cancel')}</Button>
          <Button color="red" loading={busy} onClick={() => void undo()}>{t('data.undo')}</Button>
        </Group>
      </Modal>
    </Stack>
  );
}
