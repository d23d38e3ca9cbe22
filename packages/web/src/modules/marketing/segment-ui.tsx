import { Badge, Button, Checkbox, Group, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import type { Where } from '@karta/shared';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useWatch } from 'react-hook-form';
import { api, ApiError } from '../../api/client';
import { qk } from '../../api/query-keys';
import { Busy } from '../../app/busy';
import { formatDateTime, formatNumber } from '../../i18n/format';
import type { ModuleFieldInputProps, RecordPanelProps } from '../../records/record/module-extensions';
import type { ModuleMeta } from '../../api/types';

/**
 * A segment's rule as JSON in the filter language (with `related` conditions), checked as it is typed, with the number
 * of records it selects now.
 */
export function RuleInput(p: ModuleFieldInputProps) {
  const { t, i18n } = useTranslation();
  const module = useWatch({ control: p.control, name: 'module' }) as string | undefined;
  const [text, setText] = useState(p.value ? JSON.stringify(p.value, null, 2) : '');
  const [parseError, setParseError] = useState<string | null>(null);
  const [rule, setRule] = useState<unknown>(p.value ?? null);
  useEffect(() => {
    const id = setTimeout(() => {
      if (!text.trim()) { setParseError(null); setRule(null); p.onChange(null); return; }
      try {
        const v = JSON.parse(text);
        setParseError(null);
        setRule(v);
        p.onChange(v);
      } catch (e) {
        setParseError(t('marketing.rule_not_json', { problem: (e as Error).message }));
      }
    }, 400);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  const count = useQuery({
    queryKey: ['segment-preview', module, JSON.stringify(rule)], enabled: Boolean(module) && !parseError,
    queryFn: () => api<{ data: { count: number } }>('/segments/preview', { method: 'POST', body: { module, rule } }), retry: false,
  });
  const serverError = count.error instanceof ApiError ? Object.values(count.error.fields ?? {})[0] ?? count.error.message : null;
  return (
    <Stack gap={4}>
      <Textarea label={p.field.label} description={t('marketing.rule_hint')} autosize minRows={4} maxRows={16} value={text}
        onChange={(e) => setText(e.currentTarget.value)} error={p.error ?? parseError ?? serverError ?? undefined} styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} />
      {!parseError && !serverError && count.data && (
        <Text size="sm" data-testid="rule-count">{t('marketing.rule_count', { count: count.data.data.count, formatted: formatNumber(count.data.data.count, i18n.language) })}</Text>
      )}
    </Stack>
  );
}

/** The module's list filtered to the segment's current members (`in_segment`), with everything a list can do. */
export const segmentListUrl = (module: string, id: string) => `/${module}?where=${encodeURIComponent(JSON.stringify(inSegment(id)))}`;
const inSegment = (id: string): Where => ({ field: 'id', op: 'in_segment', value: id });

/** Above a list of accounts, contacts, leads or products: pick one of their segments to list its members. */
export function SegmentListTool({ module, setWhere }: { module: ModuleMeta; setWhere(where: Where): void }) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['segments-of', module.name],
    queryFn: () => api<{ data: { id: string; name: string }[] }>(`/records/segments?filter[module]=${module.name}&sort=name&limit=100&fields=name`),
    retry: false, staleTime: 60_000,
  });
  if (!q.data?.data.length) return null;
  return (
    <Select size="sm" w={200} clearable placeholder={t('marketing.segment_filter')} aria-label={t('marketing.segment_filter')} value={picked}
      data={q.data.data.map((s) => ({ value: s.id, label: s.name }))}
      onChange={(v) => { setPicked(v); setWhere(v ? inSegment(v) : { and: [] }); }} />
  );
}

interface Member { id: number; record_id: string; module: string; number: string | null; label: string; since: string; until: string | null }

/** A segment's members the user may see, recomputed on demand; with history, those who left and when. */
export function SegmentMembersTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [history, setHistory] = useState(false);
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: ['segment-members', record.id, history, record.version],
    queryFn: () => api<{ data: Member[]; count: number }>(`/records/segments/${record.id}/members?limit=200${history ? '&history=1' : ''}`),
  });
  const recompute = async () => {
    setBusy(true);
    try {
      const r = await api<{ data: { added: number; removed: number; total: number } }>(`/records/segments/${record.id}/actions/recompute`, { method: 'POST', body: {} });
      notifications.show({ color: 'green', message: t('marketing.recomputed', r.data) });
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: qk.record('segments', String(record.id)) });
      void qc.invalidateQueries({ queryKey: ['segment-members', record.id] });
    }
  };
  return (
    <Stack>
      <Group>
        {q.data && <Badge size="lg" data-testid="segment-count">{t('marketing.segment_count', { count: q.data.count, formatted: formatNumber(q.data.count, i18n.language) })}</Badge>}
        {record.kind === 'dynamic' && <Button size="xs" loading={busy} onClick={() => void recompute()}>{t('marketing.recompute')}</Button>}
        <Checkbox label={t('marketing.with_history')} checked={history} onChange={(e) => setHistory(e.currentTarget.checked)} />
        <Button size="xs" variant="default" component={Link} to={segmentListUrl(String(record.module), String(record.id))}>{t('marketing.open_as_list')}</Button>
      </Group>
      {q.isPending ? <Busy /> : !q.data?.data.length ? <Text c="dimmed">{t('marketing.no_segment_members')}</Text> : (
        <Table striped aria-label={t('marketing.segment_members')}>
          <Table.Thead><Table.Tr><Table.Th>{t('marketing.member')}</Table.Th><Table.Th>{t('marketing.since')}</Table.Th><Table.Th>{t('marketing.until')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {q.data.data.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td><Link to={`/${m.module}/${m.record_id}`}>{m.label || m.number}</Link></Table.Td>
                <Table.Td>{formatDateTime(m.since, i18n.language)}</Table.Td>
                <Table.Td>{m.until ? formatDateTime(m.until, i18n.language) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
