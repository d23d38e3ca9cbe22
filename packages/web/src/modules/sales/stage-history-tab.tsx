import { Alert, Stack, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useModules } from '../../api/meta';
import { useUsers, userLabel } from '../../api/directory';
import { formatDateTime, formatNumber, formatPercent } from '../../i18n/format';
import type { RecordPanelProps } from '../../records/record/module-extensions';
import { Loading } from '../../app/busy';

interface Estimate { probability: number; basis: { similar: number; won: number; lost: number } }
interface Row { id: string; stage: string | null; status: string; entered_at: string; left_at: string | null; days: number; user_id: string | null; comment: string | null }

/** Every stage the deal went through, with when, for how long, who moved it and why. */
export function StageHistoryTab({ module, record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const meta = useModules();
  const users = useUsers();
  const who = (id: string | null) => { const u = id ? users.data?.find((x) => x.id === id) : undefined; return u ? userLabel(u) : null; };
  const q = useQuery({ queryKey: ['stage_history', record.id, record.version], queryFn: () => api<{ data: Row[] }>(`/records/deals/${record.id}/stage_history`).then((r) => r.data) });
  const label = (field: string, v: string | null) => meta.data?.module(module.name)?.fields.find((f) => f.name === field)?.options?.find((o) => o.value === v)?.label ?? v ?? '';
  const estimate = useQuery({ queryKey: ['probability', record.id, record.version], queryFn: () => api<Estimate>(`/records/deals/${record.id}/probability`) });
  if (!q.data) return <Loading error={q.error} />;
  const rows = q.data;
  return (
    <Stack>
      {estimate.data && record.status === 'open' && (
        <Alert variant="light" title={`${t('sales.estimate')}: ${formatPercent(estimate.data.probability * 100, i18n.language)}`}>
          {t('sales.estimate_basis', estimate.data.basis)}
        </Alert>
      )}
    <Timeline active={rows.length - 1} bulletSize={16} lineWidth={2} aria-label={t('sales.stage_history')}>
      {rows.map((r) => (
        <Timeline.Item key={r.id} title={r.stage ? label('stage', r.stage) : label('status', r.status)}>
          <Text size="sm" c="dimmed">{formatDateTime(r.entered_at, i18n.language)}{r.left_at ? ` — ${formatDateTime(r.left_at, i18n.language)}` : ''}</Text>
          <Text size="sm">{t('sales.days', { days: formatNumber(r.days, i18n.language, { max: 1 }) })}{who(r.user_id) ? ` · ${t('sales.moved_by', { user: who(r.user_id) })}` : ''}</Text>
          {r.comment && <Text size="sm" fs="italic">{r.comment}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
    </Stack>
  );
}
