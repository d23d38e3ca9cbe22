import { Box, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Loading } from '../../app/busy';
import { formatMoney, formatNumber } from '../../i18n/format';
import type { RecordPanelProps } from '../../records/record/module-extensions';

interface Results {
  members: Record<string, Record<string, number>>; member_total: number; responses: number; leads: number; deals: number;
  won_deals: number; won_revenue: string | null; actual_cost: string | null; roi_percent: string | null; cost_per_lead: string | null;
}

/** The member funnel, in the order a mailing moves people along. */
const FUNNEL = ['planned', 'sent', 'received', 'opened', 'clicked', 'responded', 'converted', 'bounced', 'unsubscribed'];

export function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="lg" data-testid={testId}>{value}</Text>
    </Paper>
  );
}

/** A campaign's results: the figures, and its members by status as bars. */
export function CampaignResultsTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['campaign-results', record.id, record.version], queryFn: () => api<{ data: Results }>(`/campaigns/${record.id}/results`) });
  if (!q.data) return <Loading error={q.error} />;
  const r = q.data.data;
  const lang = i18n.language;
  const money = (v: string | null) => (v === null ? '—' : formatMoney(v, lang, typeof record.currency === 'string' ? record.currency : undefined));
  const byStatus = new Map<string, number>();
  for (const statuses of Object.values(r.members)) for (const [s, n] of Object.entries(statuses)) byStatus.set(s, (byStatus.get(s) ?? 0) + n);
  const rows = FUNNEL.filter((s) => byStatus.has(s)).map((s) => ({ status: s, n: byStatus.get(s)! }));
  const max = Math.max(1, ...rows.map((x) => x.n));
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label={t('marketing.members')} value={formatNumber(r.member_total, lang)} testId="campaign-members" />
        <Figure label={t('marketing.responses')} value={formatNumber(r.responses, lang)} testId="campaign-responses" />
        <Figure label={t('marketing.leads')} value={formatNumber(r.leads, lang)} testId="campaign-leads" />
        <Figure label={t('marketing.deals')} value={`${formatNumber(r.deals, lang)} / ${formatNumber(r.won_deals, lang)}`} testId="campaign-deals" />
        <Figure label={t('marketing.won_revenue')} value={money(r.won_revenue)} testId="campaign-revenue" />
        <Figure label={t('marketing.actual_cost')} value={money(r.actual_cost)} testId="campaign-cost" />
        <Figure label={t('marketing.roi')} value={r.roi_percent === null ? '—' : `${formatNumber(r.roi_percent, lang)} %`} testId="campaign-roi" />
        <Figure label={t('marketing.cost_per_lead')} value={money(r.cost_per_lead)} testId="campaign-cpl" />
      </SimpleGrid>
      <Title order={4}>{t('marketing.members_by_status')}</Title>
      {!rows.length ? <Text c="dimmed">{t('marketing.no_members')}</Text> : (
        <Stack gap={4} role="img" aria-label={t('marketing.members_by_status')}>
          {rows.map((x) => (
            <Group key={x.status} gap="xs" wrap="nowrap">
              <Text size="sm" w={150} ta="right">{t(`marketing.member_${x.status}`)}</Text>
              <Box h={18} w={`${Math.max(2, (x.n / max) * 70)}%`} bg={x.status === 'unsubscribed' || x.status === 'bounced' ? 'red.4' : 'blue.5'} style={{ borderRadius: 3 }} />
              <Text size="sm" data-testid={`members-${x.status}`}>{formatNumber(x.n, lang)}</Text>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
