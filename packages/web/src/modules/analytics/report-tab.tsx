import { Alert, Button, Group, Menu, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReportResult } from '@karta/shared/reports';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, download } from '../../api/client';
import { IconDownload, IconPencil } from '../../app/icons';
import type { RecordPanelProps } from '../../records/record/module-extensions';
import { MissingRates, ReportTable } from './report-result';
import { Busy } from '../../app/busy';

const ReportChart = lazy(() => import('./report-chart'));

/** A report's result, chart first, in the chosen currency; exports of the same result. */
export function ReportResultView({ result }: { result: ReportResult }) {
  return (
    <Stack>
      <MissingRates result={result} />
      {result.chart && result.groups.length > 0 && (
        <Suspense fallback={<Busy size="sm" />}><ReportChart result={result} /></Suspense>
      )}
      <ReportTable result={result} />
    </Stack>
  );
}

/** The "Result" tab of a saved report: run as the reader (their own visibility). */
export function ReportTab({ record }: RecordPanelProps) {
  const { t } = useTranslation();
  const [currency, setCurrency] = useState('');
  const code = /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  const q = useQuery({
    queryKey: ['report-run', record.id, record.version, code],
    queryFn: () => api<ReportResult>(`/reports/${record.id}/run`, { method: 'POST', body: code ? { currency: code } : {} }),
  });
  async function exportAs(format: 'csv' | 'xlsx' | 'pdf') {
    try {
      await download(`/reports/${record.id}/export?format=${format}`, `report.${format}`);
    } catch (e) {
      notifications.show({ color: 'red', title: t('export.failed'), message: (e as Error).message });
    }
  }
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <TextInput label={t('reports.currency')} placeholder={q.data?.currency} w={120} maxLength={3} value={currency}
          onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())} />
        <Group>
          <Button variant="default" component={Link} to={`/reports/${record.id}/edit`} leftSection={<IconPencil />}>{t('reports.open_builder')}</Button>
          <Menu position="bottom-end">
            <Menu.Target><Button variant="default" leftSection={<IconDownload />}>{t('reports.export')}</Button></Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => void exportAs('xlsx')}>XLSX</Menu.Item>
              <Menu.Item onClick={() => void exportAs('csv')}>CSV</Menu.Item>
              <Menu.Item onClick={() => void exportAs('pdf')}>PDF</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {q.isPending && <Busy />}
      {q.error && <Alert color="red">{(q.error as Error).message}</Alert>}
      {q.data && <ReportResultView result={q.data} />}
    </Stack>
  );
}
