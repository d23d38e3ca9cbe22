import { Alert, Anchor, Badge, Button, Chip, Group, SegmentedControl, Stack, Text, Timeline } from '@mantine/core';
import { Link } from 'react-router';
import { useModules } from '../../api/meta';
import { MentionBox, type Mention } from './mention-box';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, qs } from '../../api/client';
import { createRecord } from '../../api/records';
import { formatDateTime } from '../../i18n/format';
import { FollowSwitch } from './follow-switch';
import type { RecordPanelProps } from '../../records/record/module-extensions';
import { Busy } from '../../app/busy';
import { errorText } from '../../settings/settings-ui';

interface Item { kind: string; id: string; at: string; user_id: string | null; title: string | null; detail: Record<string, unknown> | null; about: { module: string; id: string; label: string } | null }
interface Page { data: Item[]; next_before: string | null }

const KINDS = ['comment', 'event', 'task', 'email', 'sms', 'document', 'change', 'workflow', 'invitation'];

const COMMENTABLE = new Set(['accounts', 'contacts', 'leads', 'deals', 'campaigns', 'tickets', 'quotes', 'sales_orders', 'invoices', 'purchase_orders',
  'service_contracts', 'assets', 'vendors', 'products', 'services', 'price_books', 'faqs', 'events', 'tasks', 'documents']);

/** What happened around the record, newest first, with a box to comment. */
export function TimelineTab({ module, record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<{ text: string; mentions: Mention[] }>({ text: '', mentions: [] });
  const text = draft.text;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const meta = useModules();
  const rollsUp = !!module.timeline_rollup?.length;
  const [kinds, setKinds] = useState<string[]>([]);
  const [include, setInclude] = useState<'all' | 'self'>('all');
  const q = useInfiniteQuery({
    queryKey: ['timeline', module.name, record.id, record.version, kinds.join(','), include],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api<Page>(`/records/${module.name}/${record.id}/timeline${qs({ before: pageParam, limit: 30, kinds: kinds.length ? kinds.join(',') : undefined, include: rollsUp ? include : undefined })}`),
    getNextPageParam: (last) => last.next_before ?? undefined,
  });

  async function comment() {
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await createRecord('comments', { body: text.trim(), related_to: record.id, ...(draft.mentions.length ? { mention_ids: draft.mentions.map((m) => m.id) } : {}) });
      // What was sent leaves the box; what was typed after it meanwhile stays.
      const sentMentions = new Set(draft.mentions.map((m) => m.id));
      setDraft((d) => (d.text.startsWith(text)
        ? { text: d.text.slice(text.length).trimStart(), mentions: d.mentions.filter((m) => !sentMentions.has(m.id)) }
        : d));
      await q.refetch();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const items = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack>
      <FollowSwitch module={module.name} id={String(record.id)} />
      {COMMENTABLE.has(module.name) && (
        <Stack gap="xs">
          <MentionBox label={t('activities.comment')} placeholder={t('activities.comment_hint')} value={draft} onChange={setDraft} />
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group><Button size="xs" onClick={() => void comment()} loading={busy} disabled={!text.trim()}>{t('activities.add_comment')}</Button></Group>
        </Stack>
      )}
      <Group gap="xs" wrap="wrap">
        <Chip.Group multiple value={kinds} onChange={setKinds}>
          <Group gap={4} aria-label={t('activities.timeline_kinds')} role="group">
            {KINDS.map((k) => <Chip key={k} value={k} size="xs">{t(`activities.kind_${k}`)}</Chip>)}
          </Group>
        </Chip.Group>
        {rollsUp && (
          <SegmentedControl size="xs" value={include} onChange={(v) => setInclude(v as 'all' | 'self')}
            data={[{ value: 'all', label: t('activities.timeline_all') }, { value: 'self', label: t('activities.timeline_self') }]} />
        )}
      </Group>
      {q.isError && <Alert color="red" role="alert">{errorText(q.error)}</Alert>}
      {q.isPending ? <Busy /> : q.isError && !items.length ? null : (
        <Timeline bulletSize={14} lineWidth={2} aria-label={t('activities.timeline')}>
          {items.map((x) => (
            <Timeline.Item key={`${x.kind}-${x.id}`} title={<Group gap="xs"><Badge size="xs" variant="light">{t(`activities.kind_${x.kind}`)}</Badge><Text size="sm" fw={500}>{title(x, t)}</Text></Group>}>
              <Text size="xs" c="dimmed">
                {formatDateTime(x.at, i18n.language)}
                {x.about && <> · <Anchor component={Link} to={`/${x.about.module}/${x.about.id}`} size="xs">{t('activities.about', { module: meta.data?.module(x.about.module)?.label.one ?? x.about.module, label: x.about.label })}</Anchor></>}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {q.hasNextPage && <Group><Button variant="default" size="xs" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>{t('activities.older')}</Button></Group>}
    </Stack>
  );
}

function title(x: Item, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (x.kind === 'change') {
    const fields = Object.keys(x.detail ?? {});
    return x.title === 'create' ? t('activities.created') : t('activities.changed', { fields: fields.join(', ') });
  }
  if (x.kind === 'invitation') {
    const d = (x.detail ?? {}) as { kind?: string; status?: string };
    return `${x.title ?? ''} — ${d.kind === 'survey' ? t(d.status === 'answered' ? 'activities.survey_answered' : 'activities.survey_sent') : t(`events.status_${d.status ?? 'invited'}`)}`;
  }
  if (x.kind === 'sms') {
    const d = (x.detail ?? {}) as { to?: string; state?: string };
    return `${d.to ?? ''}: ${x.title ?? ''}${d.state === 'failed' ? ` — ${t('activities.sms_not_delivered')}` : ''}`;
  }
  if (x.kind === 'workflow') {
    const d = (x.detail ?? {}) as { status?: string };
    return `${x.title ?? ''} — ${t(`automation.status_${d.status ?? 'ok'}`)}`;
  }
  return x.title ?? '';
}
