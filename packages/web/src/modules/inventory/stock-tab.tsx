import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { formatDateTime, formatNumber } from '../../i18n/format';
import type { RecordPanelProps } from '../../records/record/module-extensions';
import { Loading } from '../../app/busy';

interface Movement { id: string; document_module: string; document_id: string | null; delta: string; qty_after: string; at: string }

/** Every stock movement of a product: which document, how much, what was left. */
export function StockTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['stock_movements', record.id, record.version], queryFn: () => api<{ data: Movement[] }>(`/records/products/${record.id}/stock_movements`).then((r) => r.data) });
  // A failed read is said, not shown as "no movements".
  if (!q.data) return <Loading error={q.error} />;
  if (!q.data.length) return <Text c="dimmed">{t('inventory.no_movements')}</Text>;
  return (
    <div className="karta-table-wrap">
      <Table withTableBorder fz="sm" aria-label={t('inventory.stock')}>
        <Table.Thead><Table.Tr><Table.Th>{t('inventory.when')}</Table.Th><Table.Th>{t('inventory.document')}</Table.Th><Table.Th ta="right">{t('inventory.change')}</Table.Th><Table.Th ta="right">{t('inventory.left')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {q.data.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{formatDateTime(m.at, i18n.language)}</Table.Td>
              <Table.Td>{m.document_id ? <Link to={`/${m.document_module}/${m.document_id}`}>{t(`inventory.doc_${m.document_module}`)}</Link> : t(`inventory.doc_${m.document_module}`)}</Table.Td>
              <Table.Td ta="right">{Number(m.delta) > 0 ? '+' : ''}{formatNumber(m.delta, i18n.language)}</Table.Td>
              <Table.Td ta="right">{formatNumber(m.qty_after, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
