import { Alert, Anchor, Badge, Button, Group, Stack } from '@mantine/core';
import { Link } from 'react-router';
import type { Where } from '@karta/shared';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useModule } from '../../api/meta';
import type { ModuleMeta, RecordData, Refs } from '../../api/types';
import type { RecordPanelProps } from '../../records/record/module-extensions';
import { FieldDisplay } from '../../fields/display';

type Queue = { count: number; where: Where };
const QUEUES = ['mine', 'unassigned', 'overdue', 'triage'] as const;

/** The ticket queues beside the list's filters: mine, waiting in a group, overdue — each with its count. */
export function TicketQueues({ setWhere }: { module: ModuleMeta; setWhere(where: Where): void }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['support-queue'], queryFn: () => api<{ data: Partial<Record<(typeof QUEUES)[number], Queue>> }>('/support/queue').then((r) => r.data), refetchInterval: 60_000 });
  return (
    <Group gap="xs" role="group" aria-label={t('support.queues')}>
      {QUEUES.filter((k) => !q.data || q.data[k]).map((k) => (
        <Button key={k} variant="default" disabled={!q.data} onClick={() => q.data?.[k] && setWhere(q.data[k].where)}
          rightSection={<Badge size="sm" variant={k === 'overdue' && q.data?.overdue?.count ? 'filled' : 'light'} color={k === 'overdue' ? 'red' : 'gray'}>{q.data?.[k]?.count ?? '…'}</Badge>}>
          {t(`support.queue_${k}`)}
        </Button>
      ))}
    </Group>
  );
}

/** Open, not answered, past its due time (the server's rule, for the mark). */
function overdue(r: RecordData): boolean {
  return r.status !== 'closed' && !r.first_response_at && typeof r.due_at === 'string' && new Date(r.due_at).getTime() < Date.now();
}

/** A ticket's due time, marked when it is overdue. */
export function DueDisplay({ value, record, refs }: { value: unknown; record: RecordData; refs: Refs }) {
  const { t } = useTranslation();
  const { module } = useModule('tickets');
  const field = module?.fields.find((f) => f.name === 'due_at');
  if (!field) return null;
  return (
    <Group gap={6} wrap="nowrap">
      <FieldDisplay field={field} value={value} refs={refs} />
      {overdue(record) && <Badge color="red" size="sm">{t('support.overdue')}</Badge>}
    </Group>
  );
}

/** Published FAQs that may answer an open ticket, linked above its tabs. */
export function FaqSuggestions({ record }: RecordPanelProps) {
  const { t } = useTranslation();
  const text = [record.title, record.description].filter((x) => typeof x === 'string').join(' ');
  const q = useQuery({
    queryKey: ['faq-suggestions', text], enabled: record.status !== 'closed' && Boolean(text.trim()), retry: false,
    queryFn: () => api<{ data: { id: string; number: string; question: string | null }[] }>(`/support/faq_suggestions?text=${encodeURIComponent(text.slice(0, 2000))}`).then((r) => r.data),
  });
  if (!q.data?.length) return null;
  return (
    <Alert color="blue" variant="light" title={t('support.suggested_faqs')} role="region" aria-label={t('support.suggested_faqs')}>
      <Stack gap={2}>
        {q.data.map((f) => <Anchor key={f.id} component={Link} to={`/faqs/${f.id}`} size="sm">{f.question ? `${f.number}: ${f.question}` : f.number}</Anchor>)}
      </Stack>
    </Alert>
  );
}
