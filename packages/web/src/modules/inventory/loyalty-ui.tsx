import { Alert, Button, Group, Input, Modal, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { runAction, useInvalidateRecords } from '../../api/records';
import { Loading } from '../../app/busy';
import { useCall } from '../../app/use-call';
import { formatDateTime, formatNumber } from '../../i18n/format';
import type { ModuleFieldInputProps, RecordDialogProps, RecordPanelProps } from '../../records/record/module-extensions';
import { RowButtons, useRows } from '../marketing/row-editor';

/** A programme's tiers: from cumulative purchases on, a discount or a points rate of their own. */
export function TiersEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const { rows, add, patch, remove } = useRows<{ min_purchases: string | number; discount_percent?: string | number | null; bonus_rate?: string | number | null }>(p);
  return (
    <Input.Wrapper label={p.field.label} error={p.error} description={t('loyalty.tiers_hint')}>
      <Stack gap={4} mt={4}>
        {rows.map((r, i) => (
          <Group key={i} gap="xs" wrap="nowrap">
            <NumberInput size="xs" w={170} min={0} thousandSeparator=" " aria-label={t('loyalty.min_purchases')} placeholder={t('loyalty.min_purchases')} value={r.min_purchases ?? ''} onChange={(v) => patch(i, { min_purchases: v })} />
            <NumberInput size="xs" w={130} min={0} max={100} suffix=" %" aria-label={t('loyalty.tier_discount')} placeholder={t('loyalty.tier_discount')} value={r.discount_percent ?? ''} onChange={(v) => patch(i, { discount_percent: v === '' ? null : v })} />
            <NumberInput size="xs" w={130} min={0} max={100} suffix=" %" aria-label={t('loyalty.tier_bonus')} placeholder={t('loyalty.tier_bonus')} value={r.bonus_rate ?? ''} onChange={(v) => patch(i, { bonus_rate: v === '' ? null : v })} />
            <RowButtons i={i} count={rows.length} remove={remove} />
          </Group>
        ))}
        <Group><Button size="xs" variant="default" onClick={() => add({ min_purchases: 0, discount_percent: null, bonus_rate: null })}>{t('loyalty.add_tier')}</Button></Group>
      </Stack>
    </Input.Wrapper>
  );
}

interface Entry { id: string; kind: 'accrual' | 'redemption' | 'reversal' | 'refund'; points: string; amount: string | null; document_module: string | null; document_id: string | null; document_number: string | null; created_at: string }

/** A card's points ledger and balance. */
export function PointsTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['loyalty-points', record.id, record.version], queryFn: () => api<{ data: Entry[]; balance: string | null; purchases_total: string | null }>(`/loyalty_cards/${record.id}/points`) });
  if (!q.data) return <Loading error={q.error} />;
  return (
    <Stack>
      {q.data.balance !== null && <Text data-testid="points-balance">{t('loyalty.balance', { points: formatNumber(q.data.balance, i18n.language, { min: 2, max: 2 }) })}</Text>}
      {!q.data.data.length ? <Text c="dimmed">{t('loyalty.no_points')}</Text> : (
        <Table striped aria-label={t('loyalty.ledger')}>
          <Table.Thead><Table.Tr><Table.Th>{t('loyalty.when')}</Table.Th><Table.Th>{t('loyalty.what')}</Table.Th><Table.Th>{t('loyalty.invoice')}</Table.Th><Table.Th ta="right">{t('loyalty.points')}</Table.Th><Table.Th ta="right">{t('loyalty.amount')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {q.data.data.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{formatDateTime(e.created_at, i18n.language)}</Table.Td>
                <Table.Td>{t(`loyalty.kind_${e.kind}`)}</Table.Td>
                <Table.Td>{e.document_number ?? '—'}</Table.Td>
                <Table.Td ta="right">{formatNumber(e.points, i18n.language, { min: 2, max: 2 })}</Table.Td>
                <Table.Td ta="right">{e.amount ? formatNumber(e.amount, i18n.language, { min: 2, max: 2 }) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** Redeem a bonus card's points on this invoice: its total goes down by their value. */
export function RedeemPointsDialog({ module, record, onClose, onDone }: RecordDialogProps) {
  const { t } = useTranslation();
  const invalidate = useInvalidateRecords();
  const [points, setPoints] = useState<string | number>('');
  const { busy, error, run } = useCall();
  const redeem = () => run(async () => {
    await runAction(module.name, record.id, 'redeem_points', { points: String(points) });
    await invalidate(module.name);
    onDone();
  });
  return (
    <Modal opened onClose={onClose} title={t('loyalty.redeem')} centered>
      <Stack>
        <NumberInput label={t('loyalty.points')} min={0} decimalScale={2} value={points} onChange={setPoints} />
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
          <Button loading={busy} disabled={!points} onClick={() => void redeem()}>{t('loyalty.redeem')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
