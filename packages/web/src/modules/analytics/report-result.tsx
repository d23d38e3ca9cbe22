import { Alert, Anchor, Table, Text } from '@mantine/core';
import type { ReportGroup, ReportResult } from '@karta/shared/reports';
import { Fragment, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../i18n/format';

/** One value of a report as people read it: money in the report's currency, dates and numbers in the locale. */
export function useReportFormat(result: ReportResult) {
  const { t, i18n } = useTranslation();
  return (value: unknown, type: string, converted = true): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (type === 'money') return converted ? formatMoney(value, i18n.language, result.currency) : formatNumber(value, i18n.language, { min: 2, max: 2 });
    if (['integer', 'decimal', 'percent'].includes(type)) return formatNumber(value, i18n.language, { max: 2 });
    if (type === 'date') return formatDate(String(value), i18n.language);
    if (type === 'datetime') return formatDateTime(String(value), i18n.language, result.time_zone);
    if (type === 'boolean') return value ? t('common.yes') : t('common.no');
    return String(value);
  };
}

const listLink = (module: string, g: ReportGroup) => (g.where ? `/${module}?${new URLSearchParams({ where: JSON.stringify(g.where) })}` : null);

/** Records whose money could not be converted, named (never counted as 0 or at rate 1). */
export function MissingRates({ result }: { result: ReportResult }) {
  const { t, i18n } = useTranslation();
  if (!result.missing_rates.length) return null;
  return (
    <Alert color="orange" title={t('reports.missing_rates')}>
      {result.missing_rates.map((m) => t('reports.missing_rate', { currency: m.currency, count: formatNumber(m.count, i18n.language), from: formatDate(m.from, i18n.language), to: formatDate(m.to, i18n.language) })).join('; ')}
    </Alert>
  );
}

/** The table of a result: rows (tabular), groups with subtotals (summary) or rows × columns (matrix). */
/** `links`: groups and references open their records (off for a copy read only by screen readers, never tabbed to). */
export function ReportTable({ result, links = true }: { result: ReportResult; links?: boolean }) {
  const { t } = useTranslation();
  const fmt = useReportFormat(result);
  const aggs = result.aggregates;
  const cellLink = (g: ReportGroup, text: string) => {
    const to = links ? listLink(result.module, g) : null;
    return to ? <Anchor component={Link} to={to}>{text}</Anchor> : text;
  };
  if (result.type === 'tabular') {
    const show = (key: string, type: string, v: unknown) => {
      const c = result.columns.find((x) => x.key === key);
      if ((type === 'reference' || type === 'owner') && typeof v === 'string') {
        const ref = result.refs[v];
        return ref && type === 'reference' && links ? <Anchor component={Link} to={`/${ref.module}/${v}`}>{ref.label}</Anchor> : ref?.label ?? '—';
      }
      if (c?.options && typeof v === 'string') return c.options[v] ?? v;
      return fmt(v, type, false);
    };
    return (
      <div className="karta-table-wrap">
        <Table withTableBorder striped fz="sm" aria-label={t('reports.result')}>
          <Table.Thead><Table.Tr>{result.columns.map((c) => <Table.Th key={c.key}>{c.label}</Table.Th>)}</Table.Tr></Table.Thead>
          <Table.Tbody>
            {result.rows.map((row, i) => (
              <Table.Tr key={i}>{result.columns.map((c) => <Table.Td key={c.key} ta={['money', 'integer', 'decimal', 'percent'].includes(c.type) ? 'right' : undefined}>{show(c.key, c.type, row[c.key])}</Table.Td>)}</Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {aggs.length > 0 && <Text size="sm" mt="xs" fw={600}>{aggs.map((a) => `${a.label}: ${fmt(result.totals[a.key], a.type)}`).join(' · ')}</Text>}
        {result.truncated && <Text size="sm" c="dimmed">{t('reports.truncated', { count: result.rows.length })}</Text>}
      </div>
    );
  }
  if (result.type === 'matrix') {
    const cols = result.column_groups ?? [];
    const first = aggs[0];
    const value = (g?: ReportGroup) => (g && first ? fmt(g.aggregates[first.key], first.type) : '');
    return (
      <div className="karta-table-wrap">
        <Table withTableBorder striped fz="sm" aria-label={t('reports.result')}>
          <Table.Thead><Table.Tr>
            <Table.Th>{result.grouping.map((g) => g.label).join(' \\ ')}</Table.Th>
            {cols.map((c) => <Table.Th key={String(c.key)} ta="right">{c.label}</Table.Th>)}
            <Table.Th ta="right">{t('reports.total')}</Table.Th>
          </Table.Tr></Table.Thead>
          <Table.Tbody>
            {result.groups.map((g) => (
              <Table.Tr key={String(g.key)}>
                <Table.Td>{g.label}</Table.Td>
                {cols.map((c) => { const cell = g.groups?.find((x) => x.key === c.key); return <Table.Td key={String(c.key)} ta="right">{cell ? cellLink(cell, value(cell)) : ''}</Table.Td>; })}
                <Table.Td ta="right" fw={600}>{cellLink(g, value(g))}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr fw={700}><Table.Td>{t('reports.total')}</Table.Td>{cols.map((c) => <Table.Td key={String(c.key)} ta="right">{value(c)}</Table.Td>)}<Table.Td ta="right">{first ? fmt(result.totals[first.key], first.type) : ''}</Table.Td></Table.Tr>
          </Table.Tbody>
        </Table>
        {result.truncated && <Text size="sm" c="dimmed">{t('reports.groups_truncated')}</Text>}
      </div>
    );
  }
  const rows = (groups: ReportGroup[], depth: number): ReactElement[] => groups.map((g) => (
    <Fragment key={`${depth}-${String(g.key)}`}>
      <Table.Tr fw={g.groups ? 600 : undefined}>
        <Table.Td style={{ paddingInlineStart: 12 + depth * 20 }}>{cellLink(g, g.label)}</Table.Td>
        {aggs.map((a) => <Table.Td key={a.key} ta="right">{fmt(g.aggregates[a.key], a.type)}</Table.Td>)}
      </Table.Tr>
      {g.groups && rows(g.groups, depth + 1)}
    </Fragment>
  ));
  return (
    <div className="karta-table-wrap">
      <Table withTableBorder fz="sm" aria-label={t('reports.result')}>
        <Table.Thead><Table.Tr>
          <Table.Th>{result.grouping.map((g) => g.label).join(' / ')}</Table.Th>
          {aggs.map((a) => <Table.Th key={a.key} ta="right">{a.label}</Table.Th>)}
        </Table.Tr></Table.Thead>
        <Table.Tbody>
          {rows(result.groups, 0)}
          <Table.Tr fw={700}><Table.Td>{t('reports.total')}</Table.Td>{aggs.map((a) => <Table.Td key={a.key} ta="right">{fmt(result.totals[a.key], a.type)}</Table.Td>)}</Table.Tr>
        </Table.Tbody>
      </Table>
      {result.truncated && <Text size="sm" c="dimmed">{t('reports.groups_truncated')}</Text>}
    </div>
  );
}
