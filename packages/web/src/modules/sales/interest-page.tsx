import { Alert, Group, Stack, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../api/client';
import { DateBox } from '../../fields/inputs/date-inputs';
import { useModules } from '../../api/meta';
import { CurrencyPicker, MixedCurrencies, reportMoney, useCurrencyChoice, type InCurrencies, type Money } from './report-currency';
import { Busy } from '../../app/busy';
import { formatNumber } from '../../i18n/format';

interface ByChannel { channel: string | null; leads: number; deals: number; won: number; won_amount: Money }
interface BySource { module: string; id: string; label: string | null; deals: number; won: number; won_amount: Money }
interface Report extends InCurrencies { by_channel: ByChannel[]; by_source: BySource[] }

/** Where demand comes from: leads, deals and wins by primary-interest channel and by source. */
export function InterestPage() {
  const { t, i18n } = useTranslation();
  const meta = useModules();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { q, currency, setCurrency, currencies } = useCurrencyChoice(['interest', from, to],
    (c) => api<Report>(`/analytics/interest${qs({ from: from || undefined, to: to || undefined, currency: c })}`));
  const channelLabel = (v: string | null) => v === null ? t('sales.not_set')
    : meta.data?.module('deals')?.fields.find((f) => f.name === 'interest_channel')?.options?.find((o) => o.value === v)?.label ?? v;
  const moduleLabel = (m: string) => (m === 'users' ? t('owner.users') : meta.data?.module(m)?.label.one ?? m);
  const money = (v: Money) => reportMoney(v, i18n.language, q.data);
  const dealsWith = (field: string, value: string | null) =>
    `/deals?${new URLSearchParams({ where: JSON.stringify({ and: [{ field, op: value === null ? 'empty' : 'eq', value }] }) })}`;

  return (
    <Stack>
      <Title order={1} size="h2">{t('sales.interest')}</Title>
      <Group align="flex-end">
        <DateBox label={t('sales.from')} value={from || null} onChange={(v) => setFrom(v ?? '')} />
        <DateBox label={t('sales.to')} value={to || null} onChange={(v) => setTo(v ?? '')} />
        <CurrencyPicker currencies={currencies} value={currency} onChange={setCurrency} />
      </Group>
      <MixedCurrencies report={q.data} />
      {q.isPending && <Busy />}
      {q.error && <Alert color="red">{(q.error as Error).message}</Alert>}
      {q.data && (
        <>
          <Title order={2} size="h4">{t('sales.by_channel')}</Title>
          <div className="karta-table-wrap">
            <Table withTableBorder striped fz="sm" aria-label={t('sales.by_channel')}>
              <Table.Thead><Table.Tr>
                <Table.Th>{t('sales.channel')}</Table.Th><Table.Th ta="right">{t('sales.leads')}</Table.Th><Table.Th ta="right">{t('sales.count')}</Table.Th>
                <Table.Th ta="right">{t('sales.won')}</Table.Th><Table.Th ta="right">{t('sales.won_amount')}</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {q.data.by_channel.map((c) => (
                  <Table.Tr key={c.channel ?? ''}>
                    <Table.Td>{channelLabel(c.channel)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(c.leads, i18n.language)}</Table.Td>
                    <Table.Td ta="right"><Link to={dealsWith('interest_channel', c.channel)}>{formatNumber(c.deals, i18n.language)}</Link></Table.Td>
                    <Table.Td ta="right">{formatNumber(c.won, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{money(c.won_amount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Title order={2} size="h4">{t('sales.by_source')}</Title>
          <div className="karta-table-wrap">
            <Table withTableBorder striped fz="sm" aria-label={t('sales.by_source')}>
              <Table.Thead><Table.Tr>
                <Table.Th>{t('sales.source')}</Table.Th><Table.Th ta="right">{t('sales.count')}</Table.Th>
                <Table.Th ta="right">{t('sales.won')}</Table.Th><Table.Th ta="right">{t('sales.won_amount')}</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {q.data.by_source.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      {s.module === 'users' ? s.label : <Link to={`/${s.module}/${s.id}`}>{s.label ?? '—'}</Link>}
                      {' · '}{moduleLabel(s.module)}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Link to={dealsWith(s.module === 'users' ? 'interest_source_user_id' : 'interest_source_id', s.id)}>{s.deals}</Link>
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(s.won, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{money(s.won_amount)}</Table.Td>
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
