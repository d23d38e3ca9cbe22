import { Alert, Badge, Card, Group, Loader, Modal, ScrollArea, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, qs } from '../../api/client';
import { updateRecord, useInvalidateRecords } from '../../api/records';
import type { ModuleMeta, RecordData, Refs } from '../../api/types';
import { DialogActions } from '../../app/dialog-actions';
import { formatMoney } from '../../i18n/format';

const WON = 'closed_won';
const LOST = 'closed_lost';

/** Open deals by stage for a kind; drag a card (or use its menu) to move it; Lost asks for the reason. */
export function DealsKanban({ module }: { module: ModuleMeta }) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidateRecords();
  const [kind, setKind] = useState<string | null>(null);
  const [losing, setLosing] = useState<RecordData | null>(null);
  const stageField = module.fields.find((f) => f.name === 'stage');
  const kinds = useQuery({ queryKey: ['deal_kinds', 'stages'], queryFn: () => api<{ data: { id: string; name: string; mode: string; stages: { name: string }[] | null }[] }>('/records/deal_kinds?fields=name,mode,stages&limit=100').then((r) => r.data) });
  const chosen = kinds.data?.find((k) => k.id === kind);
  const stages = chosen ? (chosen.stages ?? []).map((s) => s.name).filter((s) => s !== WON && s !== LOST) : (stageField?.options ?? []).map((o) => o.value).filter((s) => s !== WON && s !== LOST);
  const deals = useQuery({
    queryKey: ['records', 'deals', 'kanban', kind],
    queryFn: () => api<{ data: RecordData[]; refs: Refs }>(`/records/deals${qs({ 'filter[status]': 'open', ...(kind ? { 'filter[deal_kind_id]': kind } : { 'filter[deal_kind_id][empty]': '1' }), fields: 'name,amount,currency,stage,account_id,assigned_to', limit: 500, sort: '-amount' })}`),
  });
  const label = (v: string) => stageField?.options?.find((o) => o.value === v)?.label ?? v;

  async function move(deal: RecordData, stage: string, extra: Record<string, unknown> = {}) {
    if (stage === LOST && !extra.loss_reason) return setLosing(deal);
    try {
      await updateRecord('deals', deal.id, deal.version, stage === WON ? { status: 'won' } : stage === LOST ? { status: 'lost', ...extra } : { stage });
      notifications.show({ color: 'green', message: t('sales.moved', { name: String(deal.name), stage: label(stage) }) });
    } catch (e) {
      const err = e as ApiError;
      notifications.show({ color: 'red', title: err.message, message: err.fields ? Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`).join('; ') : '' });
    }
    await invalidate('deals');
  }
  const onDrop = (stage: string) => (e: DragEvent) => {
    e.preventDefault();
    const deal = deals.data?.data.find((d) => d.id === e.dataTransfer.getData('text/plain'));
    if (deal && deal.stage !== stage) void move(deal, stage);
  };

  if (deals.isPending || kinds.isPending) return <Loader aria-label={t('common.loading')} />;
  const columns = [...stages, WON, LOST];
  return (
    <Stack>
      <Select label={t('sales.deal_kind')} w={260} clearable placeholder={t('sales.default_kind')} value={kind} onChange={setKind}
        data={(kinds.data ?? []).filter((k) => k.mode !== 'none').map((k) => ({ value: k.id, label: k.name }))} comboboxProps={{ withinPortal: true }} />
      {deals.error && <Alert color="red">{(deals.error as Error).message}</Alert>}
      <ScrollArea type="auto">
        <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm">
          {columns.map((stage) => {
            const cards = (deals.data?.data ?? []).filter((d) => d.stage === stage);
            const total = cards.reduce((s, d) => s + Number(d.amount ?? 0), 0);
            return (
              <Stack key={stage} w={240} miw={240} gap="xs" p="xs" bg="var(--mantine-color-default-hover)" style={{ borderRadius: 8, minHeight: 200 }}
                role="region" aria-label={label(stage)} onDragOver={(e) => e.preventDefault()} onDrop={onDrop(stage)}>
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600} size="sm" truncate>{label(stage)}</Text>
                  <Badge variant="light" aria-label={t('sales.count')}>{cards.length}</Badge>
                </Group>
                <Text size="xs" c="dimmed">{formatMoney(total, i18n.language)}</Text>
                {cards.map((d) => (
                  <Card key={d.id} withBorder padding="xs" draggable onDragStart={(e) => e.dataTransfer.setData('text/plain', d.id)} aria-label={String(d.name)}>
                    <Text size="sm" fw={500} component={Link} to={`/deals/${d.id}`}>{String(d.name)}</Text>
                    <Text size="xs" c="dimmed">{d.account_id ? deals.data?.refs[d.account_id as string]?.label : ''}</Text>
                    <Text size="xs">{formatMoney(d.amount, i18n.language, d.currency as string | null)}</Text>
                    <Select size="xs" mt={4} aria-label={t('sales.move_to', { name: String(d.name) })} placeholder={t('sales.move')} value={null}
                      data={columns.filter((c) => c !== stage).map((c) => ({ value: c, label: label(c) }))} comboboxProps={{ withinPortal: true }}
                      onChange={(v) => v && void move(d, v)} />
                  </Card>
                ))}
              </Stack>
            );
          })}
        </Group>
      </ScrollArea>
      {losing && <LossReasonDialog module={module} onClose={() => setLosing(null)} onPick={(reason) => { const d = losing; setLosing(null); void move(d, LOST, { loss_reason: reason }); }} />}
    </Stack>
  );
}

function LossReasonDialog({ module, onClose, onPick }: { module: ModuleMeta; onClose(): void; onPick(reason: string): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<string | null>(null);
  const options = module.fields.find((f) => f.name === 'loss_reason')?.options ?? [];
  return (
    <Modal opened onClose={onClose} title={t('sales.why_lost')}>
      <form onSubmit={(e) => { e.preventDefault(); if (reason) onPick(reason); }}>
        <Stack>
          <Select label={t('sales.loss_reason')} data={options} value={reason} onChange={setReason} required comboboxProps={{ withinPortal: true }} data-autofocus />
          <DialogActions onCancel={onClose} label={t('sales.mark_lost')} />
        </Stack>
      </form>
    </Modal>
  );
}
