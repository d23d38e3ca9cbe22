import { Alert, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useModules } from '../../api/meta';
import { updateRecord, useInvalidateRecords } from '../../api/records';
import type { RecordPanelProps } from '../../records/record/module-extensions';

interface Proposal { mode: string; next: string | null; missing: string[]; finished: boolean }

/** In a fixed process: the next stage, offered once the current stage has what it requires. */
export function NextStageBanner({ module, record }: RecordPanelProps) {
  const { t } = useTranslation();
  const meta = useModules();
  const invalidate = useInvalidateRecords();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: ['next_stage', record.id, record.version],
    queryFn: () => api<Proposal>(`/records/deals/${record.id}/next_stage`),
    enabled: record.status === 'open' && !!record.deal_kind_id,
  });
  const p = q.data;
  if (!p?.next) return null;
  const fields = meta.data?.module(module.name)?.fields ?? [];
  const stageLabel = fields.find((f) => f.name === 'stage')?.options?.find((o) => o.value === p.next)?.label ?? p.next;
  const fieldLabel = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const move = async () => {
    setBusy(true);
    setError(null);
    try {
      await updateRecord('deals', String(record.id), Number(record.version), { stage: p.next });
      await invalidate('deals');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert variant="light" color={p.finished ? 'teal' : 'gray'} title={t('sales.next_stage', { stage: stageLabel })}>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm">
          {p.finished ? t('sales.stage_finished') : t('sales.stage_needs', { fields: p.missing.map(fieldLabel).join(', ') })}
        </Text>
        <Button size="xs" onClick={move} loading={busy} disabled={!p.finished}>{t('sales.move_to_stage', { stage: stageLabel })}</Button>
      </Group>
      {error && <Text size="sm" c="red" role="alert" mt="xs">{error}</Text>}
    </Alert>
  );
}
