import { Alert, Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { Busy } from '../../app/busy';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import type { RecordPanelProps } from '../../records/record/module-extensions';

interface Bought { item_module: string; item_id: string; label: string; quantity: string | null; net: string | null; lines: number; last_date: string | null }

/** What the account bought: its invoices' lines by product and service, the latest first. */
export function ProductsBoughtTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const q = useQuery({
    queryKey: ['products_bought', record.id, record.version],
    queryFn: () => api<{ data: Bought[]; currency: string; lines_without_rate: number }>(`/records/accounts/${record.id}/products_bought`),
  });
  if (q.isPending) return <Busy />;
  if (q.error) return <Alert color="orange">{(q.error as Error).message}</Alert>;
  const { data, currency, lines_without_rate: unrated } = q.data;
  if (!data.length) return <Text c="dimmed">{t('bought.none')}</Text>;
  return (
    <>
      {unrated > 0 && <Alert color="yellow" mb="sm">{t('bought.unrated', { count: unrated })}</Alert>}
      <Table striped aria-label={t('bought.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('bought.item')}</Table.Th>
            <Table.Th ta="right">{t('bought.quantity')}</Table.Th>
            <Table.Th ta="right">{t('bought.net', { currency })}</Table.Th>
            <Table.Th ta="right">{t('bought.lines')}</Table.Th>
            <Table.Th>{t('bought.last_date')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.map((b) => (
            <Table.Tr key={`${b.item_module}:${b.item_id}`}>
              <Table.Td><Anchor component={Link} to={`/${b.item_module}/${b.item_id}`}>{b.label}</Anchor></Table.Td>
              <Table.Td ta="right">{formatNumber(b.quantity ?? 0, i18n.language, { max: 3 })}</Table.Td>
              <Table.Td ta="right">{formatMoney(b.net ?? 0, i18n.language, currency)}</Table.Td>
              <Table.Td ta="right">{formatNumber(b.lines, i18n.language)}</Table.Td>
              <Table.Td>{b.last_date ? formatDate(b.last_date, i18n.language) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
