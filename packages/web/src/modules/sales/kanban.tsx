import { Alert, Badge, Button, Card, Group, ScrollArea, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, qs } from '../../api/client';
import { updateRecord, useInvalidateRecords } from '../../api/records';
import type { ModuleMeta, RecordData, Refs } from '../../api/types';
import { formatDate, formatMoney, localDay } from '../../i18n/format';
import { LossDialog, type Loss } from './loss-dialog';
import { Busy } from '../../app/busy';

const WON = 'closed_won';
const LOST = 'closed_lost';

interface Total { currency: string | null; amount: string; forecast_amount: string }
interface Card extends RecordData { next_activity: { module: string; id: string; subject: string; at: string } | null }

/** The day of a deal's next activity, as the user reads it: a task's due date as it is (sent as that day's UTC
 *  midnight), an event's start on this browser's calendar. */
function activityDay(a: NonNullable<Card['next_activity']>): string {
  return a.module === 'tasks' ? a.at.slice(0, 10) : localDay(new Date(a.at));
}
interface Column { stage: string; count: number; totals: Total[]; converted?: { currency: string; amount: string; forecast_amount: string; unrated: number }; cards: Card[]; more: boolean }
interface Board { kind: { id: string; name: string } | null; default_kind: string | null; closed_days: number; columns: Column[]; refs: Refs }

/**
 * The deals board of one kind (in the URL: `?layout=kanban&kind=…`; by default the default kind): per stage the
 * exact count and the money per currency with its forecast — never a sum of unlike money — and cards with the
 * owner, close date and next activity. Drag a card (or use its menu) to move it; Lost asks why.
 */
export function DealsKanban({ module }: { module: ModuleMeta }) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidateRecords();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const [losing, setLosing] = useState<RecordData | null>(null);
  const [extra, setExtra] = useState<Record<string, Card[]>>({});
  const [loadingMore, setLoadingMore] = useState<Set<string>>(new Set());
  const stageField = module.fields.find((f) => f.name === 'stage');
  const kinds = useQuery({ queryKey: ['deal_kinds', 'board'], queryFn: () => api<{ data: { id: string; name: string; mode: string }[] }>('/records/deal_kinds?fields=name,mode&limit=100&sort=name').then((r) => r.data) });
  const board = useQuery({
    queryKey: ['records', 'deals', 'kanban', kind],
    queryFn: () => api<Board>(`/analytics/kanban${qs({ deal_kind: kind ?? undefined })}`),
  });
  const label = (v: string) => stageField?.options?.find((o) => o.value === v)?.label ?? v;
  const lang = i18n.language;

  function chooseKind(v: string | null) {
    const next = new URLSearchParams(params);
    if (v) next.set('kind', v); else next.delete('kind');
    setExtra({});
    setParams(next, { replace: true });
  }

  async function move(deal: RecordData, stage: string, loss?: Loss) {
    if (stage === LOST && !loss) return setLosing(deal);
    try {
      await updateRecord('deals', deal.id, deal.version, stage === WON ? { status: 'won' } : stage === LOST ? { status: 'lost', ...loss } : { stage });
      notifications.show({ color: 'green', message: t('sales.moved', { name: String(deal.name), stage: label(stage) }) });
    } catch (e) {
      const err = e as ApiError;
      notifications.show({ color: 'red', title: err.message, message: err.fields ? Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`).join('; ') : '' });
    }
    setExtra({});
    await invalidate('deals');
  }
  const allCards = (c: Column) => [...c.cards, ...(extra[c.stage] ?? [])];
  const onDrop = (stage: string) => (e: DragEvent) => {
    e.preventDefault();
    const deal = board.data?.columns.flatMap(allCards).find((d) => d.id === e.dataTransfer.getData('text/plain'));
    if (deal && deal.stage !== stage) void move(deal, stage);
  };
  /** The next cards of a column: one request at a time per column, a failure said, a card never shown twice. */
  async function more(c: Column) {
    if (loadingMore.has(c.stage)) return;
    setLoadingMore((s) => new Set(s).add(c.stage));
    try {
      const r = await api<Board>(`/analytics/kanban${qs({ deal_kind: kind ?? board.data?.kind?.id ?? 'none', stage: c.stage, offset: allCards(c).length })}`);
      const got = r.columns[0]?.cards ?? [];
      Object.assign(board.data!.refs, r.refs);
      setExtra((x) => {
        const shown = new Set([...c.cards, ...(x[c.stage] ?? [])].map((d) => d.id));
        return { ...x, [c.stage]: [...(x[c.stage] ?? []), ...got.filter((d) => !shown.has(d.id))] };
      });
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message });
    } finally {
      setLoadingMore((s) => { const n = new Set(s); n.delete(c.stage); return n; });
    }
  }

  if (board.isPending || kinds.isPending) return <Busy />;
  if (board.error) return <Alert color="red">{(board.error as Error).message}</Alert>;
  const data = board.data!;
  const columnNames = data.columns.map((c) => c.stage);
  const today = localDay();
  return (
    <Stack>
      <Select label={t('sales.deal_kind')} w={280} value={kind ?? data.kind?.id ?? 'none'} onChange={chooseKind} allowDeselect={false}
        data={[...(kinds.data ?? []).map((k) => ({ value: k.id, label: k.name })), { value: 'none', label: t('sales.no_kind') }]} comboboxProps={{ withinPortal: true }} />
      <ScrollArea type="auto">
        <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm">
          {data.columns.map((col) => {
            const cards = allCards(col);
            const closed = col.stage === WON || col.stage === LOST;
            return (
              <Stack key={col.stage} w={260} miw={260} gap="xs" p="xs" bg="var(--mantine-color-default-hover)" style={{ borderRadius: 8, minHeight: 200 }}
                role="region" aria-label={label(col.stage)} onDragOver={(e) => e.preventDefault()} onDrop={onDrop(col.stage)}>
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600} size="sm" truncate title={label(col.stage)}>{label(col.stage)}</Text>
                  <Badge variant="light" aria-label={t('sales.count')}>{col.count}</Badge>
                </Group>
                {closed && <Text size="xs" c="dimmed">{t('sales.closed_recently', { days: data.closed_days })}</Text>}
                <Stack gap={0} aria-label={t('sales.amount')}>
                  {col.totals.map((tot) => (
                    <Group key={tot.currency ?? '-'} justify="space-between" wrap="nowrap" gap={4}>
                      <Text size="xs" fw={500}>{formatMoney(tot.amount, lang, tot.currency)}</Text>
                      {!closed && <Text size="xs" c="dimmed" truncate>{t('sales.forecast', { amount: formatMoney(tot.forecast_amount, lang, tot.currency) })}</Text>}
                    </Group>
                  ))}
                  {col.converted && col.totals.some((tot) => tot.currency !== col.converted!.currency) && (
                    <Text size="xs" c="dimmed" data-testid="kanban-converted" title={t('sales.converted_hint', { currency: col.converted.currency })}>
                      ≈ {formatMoney(col.converted.amount, lang, col.converted.currency)}
                      {col.converted.unrated > 0 && ` · ${t('sales.unrated', { count: col.converted.unrated })}`}
                    </Text>
                  )}
                </Stack>
                <ScrollArea.Autosize mah="calc(100vh - 300px)" type="auto" scrollbars="y" offsetScrollbars="y">
                <Stack gap="xs">
                {cards.map((d) => (
                  <Card key={d.id} withBorder padding="xs" draggable onDragStart={(e) => e.dataTransfer.setData('text/plain', d.id)} aria-label={String(d.name)}>
                    <Text size="sm" fw={500} component={Link} to={`/deals/${d.id}`} lineClamp={2}>{String(d.name)}</Text>
                    {d.account_id ? <Text size="xs" c="dimmed" truncate>{data.refs[d.account_id as string]?.label}</Text> : null}
                    <Text size="xs">{formatMoney(d.amount, lang, d.currency as string | null)}</Text>
                    <Group gap={6} wrap="nowrap">
                      <Text size="xs" c={!closed && String(d.close_date) < today ? 'red' : 'dimmed'}>{formatDate(d.close_date, lang)}</Text>
                      <Text size="xs" c="dimmed" truncate title={t('sales.owner')}>{data.refs[d.assigned_to as string]?.label ?? ''}</Text>
                    </Group>
                    {!closed && (d.next_activity ? (
                      <Text size="xs" c={activityDay(d.next_activity) < today ? 'red' : undefined} truncate title={d.next_activity.subject}>
                        {t('sales.next_activity', { subject: d.next_activity.subject, when: formatDate(activityDay(d.next_activity), lang) })}
                      </Text>
                    ) : <Text size="xs" c="dimmed" fs="italic">{t('sales.no_next_activity')}</Text>)}
                    <Select size="xs" mt={4} aria-label={t('sales.move_to', { name: String(d.name) })} placeholder={t('sales.move')} value={null}
                      data={columnNames.filter((c) => c !== col.stage).map((c) => ({ value: c, label: label(c) }))} comboboxProps={{ withinPortal: true }}
                      onChange={(v) => v && void move(d, v)} />
                  </Card>
                ))}
                </Stack>
                </ScrollArea.Autosize>
                {col.count > cards.length && (
                  <Button size="compact-xs" variant="subtle" loading={loadingMore.has(col.stage)} onClick={() => void more(col)}>{t('sales.show_more', { count: col.count - cards.length })}</Button>
                )}
              </Stack>
            );
          })}
        </Group>
      </ScrollArea>
      {losing && <LossDialog module={module} onClose={() => setLosing(null)} onPick={(loss) => { const d = losing; setLosing(null); void move(d, LOST, loss); }} />}
    </Stack>
  );
}
