import { Alert, Badge, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { recordLabel, useModule } from '../../api/meta';
import type { ListResponse } from '../../api/types';
import type { RecordDialogProps } from '../../records/record/module-extensions';

interface TestRun { matched: boolean; data: { status: string; actions: { type: string; status: string; error?: string }[] } | null }

/** Runs the workflow now against a record the administrator picks, and shows what each action did. */
export function TestRunDialog({ record, onClose }: RecordDialogProps) {
  const { t } = useTranslation();
  const target = typeof record.module === 'string' ? record.module : undefined;
  const { module } = useModule(target);
  const [search, setSearch] = useState('');
  const [recordId, setRecordId] = useState<string | null>(null);
  const [result, setResult] = useState<TestRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = useQuery({
    queryKey: ['workflow-test-records', target, search], enabled: Boolean(target),
    queryFn: () => api<ListResponse>(`/records/${target}?limit=20${search ? `&q=${encodeURIComponent(search)}` : ''}`),
  });
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api<TestRun>(`/workflows/${record.id}/test`, { method: 'POST', body: { record_id: recordId } }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('automation.test_run')} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">{t('automation.test_run_hint')}</Text>
        <Select label={t('automation.preview_record', { module: module?.label.one ?? target ?? '' })} searchable value={recordId} onChange={setRecordId} onSearchChange={setSearch}
          data={(options.data?.data ?? []).map((r) => ({ value: String(r.id), label: recordLabel(module, r) || String(r.number) }))} comboboxProps={{ withinPortal: true }} data-autofocus />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {result && (
          <Alert color={!result.matched ? 'gray' : result.data?.status === 'ok' ? 'green' : 'red'} role="status">
            {!result.matched ? t('automation.test_not_matched') : (
              <Stack gap={2}>
                {result.data?.actions.map((a, i) => <Group key={i} gap="xs"><Badge color={a.status === 'ok' ? 'green' : 'red'}>{a.status === 'ok' ? '✓' : '✕'}</Badge><Text size="sm">{t(`automation.action_${a.type}`)}{a.error ? `: ${a.error}` : ''}</Text></Group>)}
              </Stack>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.close')}</Button>
          <Button disabled={!recordId} loading={busy} onClick={() => void run()}>{t('automation.run_now')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
