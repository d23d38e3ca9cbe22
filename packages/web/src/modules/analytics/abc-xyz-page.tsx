import { Alert, Anchor, Group, SegmentedControl, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../api/client';
import { DateBox } from '../../fields/inputs/date-inputs';
import { formatMoney, formatNumber, localDay } from '../../i18n/format';
import { Busy } from '../../app/busy';

interface Item { id: string | null; label: string | null; abc: string; xyz: string; amount: string; cv: number | null; share: number }
interface Answer { items: Item[]; matrix: Record<string, { count: number; amount: string }>; months: number; currency: string | null; total_items: number; invoices_without_rate: number }

const yearAgo = () => { const d = new Date(); return localDay(new Date(d.getFullYear() - 1, d.getMonth() + 1, 1)); };

/** ABC/XYZ: the 3×3 matrix of accounts or products by share and by steadiness of sales; a cell filters the list. */
export function AbcXyzPage() {
  const { t, i18n } = useTranslation();
  const [subject, setSubject] = useState('accounts');
  const [measure, setMeasure] = useState('revenue');
  const [from, setFrom] = useState<string | null>(yearAgo());
  const [to, setTo] = useState<string | null>(localDay());
  const [cell, setCell] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['abc-xyz', subject, measure, from, to],
    queryFn: () => api<Answer>(`/analytics/abc-xyz${qs({ subject, measure, from: from ?? undefined, to: to ?? undefined, limit: 2000 })}`),
  });
  const amount = (v: number | string) => (measure === 'revenue' ? formatMoney(v, i18n.language, q.data?.currency) : formatNumber(v, i18n.language, { max: 3 }));
  const items = (q.data?.items ?? []).filter((i) => !cell || i.abc + i.xyz === cell);
  return (
    <Stack>
      <Title order={1} size="h2">{t('abc.title')}</Title>
      <Text c="dimmed" size="sm">{t('abc.hint')}</Text>
      <Group align="flex-end">
        <SegmentedControl value={subject} onChange={(v) => { setSubject(v); setCell(null); }} data={[{ value: 'accounts', label: t('abc.accounts') }, { value: 'products', label: t('abc.products') }]} />
        <SegmentedControl value={measure} onChange={setMeasure} data={[{ value: 'revenue', label: t('abc.revenue') }, { value: 'quantity', label: t('abc.quantity') }]} />
        <DateBox label={t('sales.from')} value={from} onChange={setFrom} />
        <DateBox label={t('sales.to')} value={to} onChange={setTo} />
      </Group>
      {q.isPending && <Busy />}
      {q.error && <Alert color="red">{(q.error as Error).message}</Alert>}
      {q.data && q.data.invoices_without_rate > 0 && <Alert color="orange">{t('abc.without_rate', { count: q.data.invoices_without_rate })}</Alert>}
      {q.data && (
        <>
          <Table withTableBorder w="fit-content" aria-label={t('abc.matrix')}>
            <Table.Thead><Table.Tr><Table.Th /><Table.Th>X</Table.Th><Table.Th>Y</Table.Th><Table.Th>Z</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {['A', 'B', 'C'].map((a) => (
                <Table.Tr key={a}>
                  <Table.Th>{a}</Table.Th>
                  {['X', 'Y', 'Z'].map((x) => {
                    const c = q.data.matrix[a + x];
                    return (
                      <Table.Td key={x} bg={cell === a + x ? 'var(--mantine-primary-color-light)' : undefined}>
                        <UnstyledButton aria-label={`${a}${x}`} onClick={() => setCell(cell === a + x ? null : a + x)}>
                          <Text fw={600}>{formatNumber(c.count, i18n.language)}</Text><Text size="xs" c="dimmed">{amount(c.amount)}</Text>
                        </UnstyledButton>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" c="dimmed">{t('abc.months', { count: q.data.months })}</Text>
          <div className="karta-table-wrap">
            <Table withTableBorder striped fz="sm" aria-label={t('abc.items')}>
              <Table.Thead><Table.Tr>
                <Table.Th>{t(subject === 'accounts' ? 'abc.accounts' : 'abc.products')}</Table.Th><Table.Th>ABC</Table.Th><Table.Th>XYZ</Table.Th>
                <Table.Th ta="right">{t(measure === 'revenue' ? 'abc.revenue' : 'abc.quantity')}</Table.Th><Table.Th ta="right">{t('abc.share')}</Table.Th><Table.Th ta="right">{t('abc.cv')}</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {items.slice(0, 500).map((i, n) => (
                  <Table.Tr key={i.id ?? `hidden-${n}`}>
                    <Table.Td>{i.label ? <Anchor component={Link} to={`/${subject}/${i.id}`}>{i.label}</Anchor> : t('common.unknown_record')}</Table.Td>
                    <Table.Td>{i.abc}</Table.Td><Table.Td>{i.xyz}</Table.Td>
                    <Table.Td ta="right">{amount(i.amount)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(i.share, i18n.language, { max: 2 })}%</Table.Td>
                    <Table.Td ta="right">{i.cv === null ? '—' : `${formatNumber(i.cv, i18n.language, { max: 1 })}%`}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </>
      )}
    </Stack>
  );
}
