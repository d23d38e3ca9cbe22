import { Anchor, Group, ScrollArea, Stack, Text, VisuallyHidden } from '@mantine/core';
import type { ReportResult } from '@karta/shared/reports';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useCurrentUser } from '../../app/auth';
import { formatDate, formatMoney, formatNumber, formatTime, localDay } from '../../i18n/format';
import { ReportTable } from './report-result';
import { Busy } from '../../app/busy';

const loadChart = () => import('./report-chart');
const ReportChart = lazy(loadChart);
/** Starts fetching the chart code while a dashboard's data is on its way, so the two arrive together. */
export function preloadChart(): void {
  void loadChart();
}

export interface Widget { id: string; type: 'report' | 'key_figure' | 'my_tasks' | 'today_events' | 'pipeline' | 'recent'; report_id?: string; title?: string; period?: 'month' | 'quarter' | 'year'; x: number; y: number; w: number; h: number }
export const WIDGET_TYPES: Widget['type'][] = ['report', 'key_figure', 'my_tasks', 'today_events', 'pipeline', 'recent'];

function Pending({ error, children }: { error: unknown; children: ReactNode }) {
  const { t } = useTranslation();
  if (error) return <Text size="sm" c="dimmed">{t('dashboard.unavailable')}</Text>;
  return <>{children ?? <Busy size="sm" />}</>;
}

function ChartOrTable({ result, height }: { result: ReportResult; height: number }) {
  // A chart's figures for who cannot see it: the same table, read by screen readers only.
  if (result.chart && result.groups.length) {
    return (
      <>
        <Suspense fallback={<Busy size="sm" />}><ReportChart result={result} height={height} /></Suspense>
        <VisuallyHidden className="karta-sr-table"><ReportTable result={result} links={false} /></VisuallyHidden>
      </>
    );
  }
  return <ScrollArea h={height}><ReportTable result={result} /></ScrollArea>;
}

function ReportWidget({ w, height }: { w: Widget; height: number }) {
  const q = useQuery({ queryKey: ['report-run', w.report_id, 'widget'], queryFn: () => api<ReportResult>(`/reports/${w.report_id}/run`, { method: 'POST', body: {} }), retry: false });
  return <Pending error={q.error}>{q.data && <ChartOrTable result={q.data} height={height} />}</Pending>;
}

interface KeyFigure { label: string; type: string; value: string | number | null; previous: string | number | null; change_percent: number | null; currency: string }
function KeyFigureWidget({ w }: { w: Widget }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['key-figure', w.report_id, w.period], queryFn: () => api<KeyFigure>(`/reports/${w.report_id}/key_figure`, { method: 'POST', body: { period: w.period ?? 'month' } }), retry: false });
  const fmt = (v: unknown, k: KeyFigure) => (v === null || v === undefined ? '—' : k.type === 'money' ? formatMoney(v, i18n.language, k.currency) : formatNumber(v, i18n.language, { max: 2 }));
  return (
    <Pending error={q.error}>
      {q.data && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">{q.data.label} · {t(`dashboard.period_${w.period ?? 'month'}`)}</Text>
          <Text fz={28} fw={700} data-testid="key-figure">{fmt(q.data.value, q.data)}</Text>
          <Group gap="xs">
            {q.data.change_percent !== null && (
              <Text size="sm" fw={700} c={q.data.change_percent >= 0 ? 'teal.9' : 'red.9'}>
                {q.data.change_percent >= 0 ? '▲' : '▼'} {formatNumber(Math.abs(q.data.change_percent), i18n.language, { max: 1 })}%
              </Text>
            )}
            <Text size="xs" c="dimmed">{t('dashboard.before', { value: fmt(q.data.previous, q.data) })}</Text>
          </Group>
        </Stack>
      )}
    </Pending>
  );
}

function MyTasksWidget({ height }: { height: number }) {
  const { i18n } = useTranslation();
  const me = useCurrentUser();
  const q = useQuery({
    queryKey: ['records', 'tasks', 'widget', me.id],
    queryFn: () => api<{ data: { id: string; subject: string; due_date: string | null; status: string }[] }>(`/records/tasks?filter[assigned_to][eq]=${me.id}&filter[status][nin]=completed,deferred&sort=due_date&limit=20&fields=subject,due_date,status`),
  });
  const overdue = (d: string | null) => d !== null && d < localDay();
  return (
    <Pending error={q.error}>
      {q.data && (
        <ScrollArea h={height}><Stack gap={4}>
          {q.data.data.map((task) => (
            <Group key={task.id} justify="space-between" wrap="nowrap">
              <Anchor component={Link} to={`/tasks/${task.id}`} size="sm" truncate>{task.subject}</Anchor>
              <Text size="xs" c={overdue(task.due_date) ? 'red' : 'dimmed'}>{task.due_date ? formatDate(task.due_date, i18n.language) : ''}</Text>
            </Group>
          ))}
          {!q.data.data.length && <EmptyText />}
        </Stack></ScrollArea>
      )}
    </Pending>
  );
}

function TodayEventsWidget({ height }: { height: number }) {
  const { i18n } = useTranslation();
  const start = new Date(); start.setHours(0, 0, 0, 0);
  const end = new Date(start); end.setDate(end.getDate() + 1);
  const q = useQuery({
    queryKey: ['calendar', 'today', start.toISOString()],
    queryFn: () => api<{ data: { module: string; id: string; subject: string; start: string; all_day: boolean }[] }>(`/calendar?from=${encodeURIComponent(start.toISOString())}&to=${encodeURIComponent(end.toISOString())}`),
  });
  const events = (q.data?.data ?? []).filter((e) => e.module === 'events');
  return (
    <Pending error={q.error}>
      {q.data && (
        <ScrollArea h={height}><Stack gap={4}>
          {events.map((e) => (
            <Group key={`${e.id}-${e.start}`} gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" w={48}>{e.all_day ? '—' : formatTime(e.start, i18n.language)}</Text>
              <Anchor component={Link} to={`/events/${e.id}`} size="sm" truncate>{e.subject}</Anchor>
            </Group>
          ))}
          {!events.length && <EmptyText />}
        </Stack></ScrollArea>
      )}
    </Pending>
  );
}

const PIPELINE = { module: 'deals', type: 'summary', where: { field: 'status', op: 'eq', value: 'open' }, group_by: [{ field: 'stage' }], aggregates: [{ field: 'amount', fn: 'sum' }, { fn: 'count' }], chart: { type: 'hbar' } };
function PipelineWidget({ height }: { height: number }) {
  const q = useQuery({ queryKey: ['report-preview', 'pipeline-widget'], queryFn: () => api<ReportResult>('/reports/preview', { method: 'POST', body: PIPELINE }), retry: false });
  return <Pending error={q.error}>{q.data && <ChartOrTable result={{ ...q.data, chart: { type: 'hbar' } }} height={height} />}</Pending>;
}

function RecentWidget({ height }: { height: number }) {
  const meta = useQuery({ queryKey: ['recent-records'], queryFn: () => api<{ data: { module: string; id: string; number: string; label: string }[] }>('/dashboards/widgets/recent') });
  return (
    <Pending error={meta.error}>
      {meta.data && (
        <ScrollArea h={height}><Stack gap={4}>
          {meta.data.data.map((r) => (
            <Group key={r.id} gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" w={72} truncate>{r.number}</Text>
              <Anchor component={Link} to={`/${r.module}/${r.id}`} size="sm" truncate>{r.label}</Anchor>
            </Group>
          ))}
          {!meta.data.data.length && <EmptyText />}
        </Stack></ScrollArea>
      )}
    </Pending>
  );
}

function EmptyText() {
  const { t } = useTranslation();
  return <Text size="sm" c="dimmed">{t('dashboard.nothing')}</Text>;
}

/** One widget's content, sized to the height its grid cell leaves. */
export function WidgetBody({ w, height }: { w: Widget; height: number }) {
  switch (w.type) {
    case 'report': return <ReportWidget w={w} height={height} />;
    case 'key_figure': return <KeyFigureWidget w={w} />;
    case 'my_tasks': return <MyTasksWidget height={height} />;
    case 'today_events': return <TodayEventsWidget height={height} />;
    case 'pipeline': return <PipelineWidget height={height} />;
    default: return <RecentWidget height={height} />;
  }
}
