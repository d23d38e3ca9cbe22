import { Badge, Button, Modal, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useModules } from '../../api/meta';
import { Loading } from '../../app/busy';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';

interface Deviation {
  module: string; id: string; number: string | null; subject: string | null; offer_id: string; offer_number: string | null; offer_name: string | null;
  offer_deviation_percent: string | null; deviation_over_limit: boolean | null; deviating_lines: number; grand_total: string | null; currency: string | null; date: string;
}

/** The "deviation from offer terms" report: documents whose lines leave their offer's terms, the furthest below first. */
function DeviationsDialog({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const meta = useModules();
  const q = useQuery({ queryKey: ['offer-deviations'], queryFn: () => api<{ data: Deviation[] }>('/pricing/deviations') });
  return (
    <Modal opened onClose={onClose} title={t('pricing.deviations')} size="xl" centered>
      {!q.data ? <Loading error={q.error} /> : !q.data.data.length ? <Text c="dimmed">{t('pricing.no_deviations')}</Text> : (
        <div className="karta-table-wrap">
          <Table striped fz="sm" aria-label={t('pricing.deviations')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('pricing.document')}</Table.Th><Table.Th>{t('pricing.offer')}</Table.Th><Table.Th>{t('pricing.date')}</Table.Th>
                <Table.Th ta="right">{t('pricing.below_offer')}</Table.Th><Table.Th ta="right">{t('pricing.lines_off')}</Table.Th><Table.Th ta="right">{t('pricing.total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.data.map((d) => (
                <Table.Tr key={`${d.module}:${d.id}`}>
                  <Table.Td><Link to={`/${d.module}/${d.id}`}>{meta.data?.module(d.module)?.label.one} {d.number}{d.subject ? ` · ${d.subject}` : ''}</Link></Table.Td>
                  <Table.Td><Link to={`/offers/${d.offer_id}`}>{d.offer_name ?? d.offer_number}</Link></Table.Td>
                  <Table.Td>{formatDate(d.date, i18n.language)}</Table.Td>
                  <Table.Td ta="right">
                    {formatNumber(d.offer_deviation_percent ?? '0', i18n.language, { min: 2, max: 2 })} %
                    {d.deviation_over_limit && <Badge ml={6} size="xs" color="red" variant="light">{t('pricing.over_limit')}</Badge>}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(d.deviating_lines, i18n.language)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(d.grand_total, i18n.language, d.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Modal>
  );
}

export function DeviationsTool() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="default" onClick={() => setOpen(true)}>{t('pricing.deviations')}</Button>
      {open && <DeviationsDialog onClose={() => setOpen(false)} />}
    </>
  );
}
