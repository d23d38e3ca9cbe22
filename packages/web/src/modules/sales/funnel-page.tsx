import { Alert, Box, Group, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../api/client';
import { DateBox } from '../../fields/inputs/date-inputs';
import { useModules } from '../../api/meta';
import { formatNumber, formatPercent } from '../../i18n/format';
import { CurrencyPicker, MixedCurrencies, reportMoney, useCurrencyChoice, type InCurrencies, type Money } from './report-currency';
import { Busy } from '../../app/busy';

interface FunnelStage { stage: string; entered: number; moved_on: number; conversion: number; dropped: number; avg_days: number; amount: Money; weighted_amount: Money; forecast_amount: Money }
interface Funnel extends InCurrencies {
  unrated?: number;
  stages: FunnelStage[]; won: { count: number; amount: Money };
  lost: { count: number; amount: Money; by_reason: { reason: string | null; count: number; amount: Money }[] };
}

/** The sales funnel: bars per stage, the table behind them, losses by reason; numbers link to the deals. */
export function FunnelPage() {
  const { t, i18n } = useTranslation();
  const meta = useModules();
  const deals = meta.data?.module('deals');
  const [kind, setKind] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [convert, setConvert] = useState(false);
  const kinds = useQuery({ queryKey: ['deal_kinds', 'all'], queryFn: () => api<{ data: { id: string; name: string }[] }>('/records/deal_kinds?fields=name&limit=100').then((r) => r.data) });
  const { q, currency, setCurrency, currencies } = useCurrencyChoice(['funnel', kind, from, to, convert],
    (c) => api<Funnel>(`/analytics/funnel${qs({ deal_kind: kind ?? undefined, from: from || undefined, to: to || undefined, currency: c, convert_to: convert ? 'company' : undefined })}`));
  const label = (field: string, v: string | null) => deals?.fields.find((f) => f.name === field)?.options?.find((o) => o.value === v)?.label ?? v ?? '—';
  const money = (v: Money) => reportMoney(v, i18n.language, q.data);
  const n = (v: number) => formatNumber(v, i18n.language);
  const max = Math.max(1, ...(q.data?.stages.map((s) => s.entered) ?? [1]));
  // The deals behind a number: of the kind and (unless converted) the currency the funnel counts.
  const dealsLink = (filter: Record<string, string>) => {
    const all = { ...filter, ...(kind ? { deal_kind_id: kind } : {}), ...(currency ? { currency } : {}) };
    return `/deals?${new URLSearchParams({ where: JSON.stringify({ and: Object.entries(all).map(([field, value]) => ({ field, op: 'eq', value })) }) })}`;
  };

  return (
    <Stack>
      <Title order={1} size="h2">{t('sales.funnel')}</Title>
      <Group align="flex-end">
        <Select label={t('sales.deal_kind')} clearable placeholder={t('sales.default_kind')} w={240} value={kind} onChange={setKind}
          data={(kinds.data ?? []).map((k) => ({ value: k.id, label: k.name }))} comboboxProps={{ withinPortal: true }} />
        <DateBox label={t('sales.from')} value={from || null} onChange={(v) => setFrom(v ?? '')} />
        <DateBox label={t('sales.to')} value={to || null} onChange={(v) => setTo(v ?? '')} />
        <CurrencyPicker currencies={currencies} value={currency} onChange={setCurrency} />
        <Switch label={t('sales.convert_company')} checked={convert} onChange={(e) => setConvert(e.currentTarget.checked)} mb={8} />
      </Group>
      <MixedCurrencies report={q.data} />
      {convert && (q.data?.unrated ?? 0) > 0 && <Alert color="orange">{t('sales.funnel_unrated', { count: q.data!.unrated })}</Alert>}
      {q.isPending && <Busy />}
      {q.error && <Alert color="red">{(q.error as Error).message}</Alert>}
      {q.data && (
        <>
          <Stack gap={4} aria-label={t('sales.funnel_chart')} role="img">
            {q.data.stages.map((s) => (
              <Group key={s.stage} gap="xs" wrap="nowrap">
                <Text size="sm" w={200} ta="right" truncate>{label('stage', s.stage)}</Text>
                <Box h={22} w={`${Math.max(2, (s.entered / max) * 70)}%`} bg="var(--mantine-primary-color-filled)" style={{ borderRadius: 4 }} />
                <Text size="sm">{n(s.entered)}</Text>
              </Group>
            ))}
          </Stack>
          <div className="karta-table-wrap">
            <Table withTableBorder striped fz="sm" aria-label={t('sales.funnel')}>
              <Table.Thead><Table.Tr>
                <Table.Th>{t('sales.stage')}</Table.Th><Table.Th ta="right">{t('sales.entered')}</Table.Th><Table.Th ta="right">{t('sales.moved_on')}</Table.Th>
                <Table.Th ta="right">{t('sales.conversion')}</Table.Th><Table.Th ta="right">{t('sales.dropped')}</Table.Th><Table.Th ta="right">{t('sales.avg_days')}</Table.Th>
                <Table.Th ta="right">{t('sales.amount')}</Table.Th><Table.Th ta="right">{t('sales.weighted')}</Table.Th><Table.Th ta="right">{t('sales.forecast_col')}</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {q.data.stages.map((s) => (
                  <Table.Tr key={s.stage}>
                    <Table.Td>{label('stage', s.stage)}</Table.Td>
                    <Table.Td ta="right"><Link to={dealsLink({ stage: s.stage })}>{n(s.entered)}</Link></Table.Td>
                    <Table.Td ta="right">{n(s.moved_on)}</Table.Td>
                    <Table.Td ta="right">{formatPercent(s.conversion * 100, i18n.language)}</Table.Td>
                    <Table.Td ta="right">{n(s.dropped)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(s.avg_days, i18n.language, { max: 1 })}</Table.Td>
                    <Table.Td ta="right">{money(s.amount)}</Table.Td>
                    <Table.Td ta="right">{money(s.weighted_amount)}</Table.Td>
                    <Table.Td ta="right">{money(s.forecast_amount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Group align="flex-start" grow>
            <Stack gap={4}>
              <Title order={2} size="h4">{t('sales.won')}</Title>
              <Text><Link to={dealsLink({ status: 'won' })}>{n(q.data.won.count)}</Link> · {money(q.data.won.amount)}</Text>
            </Stack>
            <Stack gap={4}>
              <Title order={2} size="h4">{t('sales.lost')}</Title>
              <Text><Link to={dealsLink({ status: 'lost' })}>{n(q.data.lost.count)}</Link> · {money(q.data.lost.amount)}</Text>
              <Table fz="sm" aria-label={t('sales.loss_reasons')}>
                <Table.Tbody>
                  {q.data.lost.by_reason.map((r) => (
                    <Table.Tr key={r.reason ?? '-'}>
                      <Table.Td>{label('loss_reason', r.reason)}</Table.Td>
                      <Table.Td ta="right"><Link to={dealsLink({ status: 'lost', ...(r.reason ? { loss_reason: r.reason } : {}) })}>{formatNumber(r.count, i18n.language)}</Link></Table.Td>
                      <Table.Td ta="right">{money(r.amount)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          </Group>
        </>
      )}
    </Stack>
  );
}
