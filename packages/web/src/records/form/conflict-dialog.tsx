import { Alert, Button, Group, Modal, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { recordCurrency } from '../../api/meta';
import type { ModuleMeta, RecordData, Refs } from '../../api/types';
import { displayText } from '../../fields/display';
import { sameValue, type FormValues } from './form-values';
import { Busy } from '../../app/busy';

interface Props {
  module: ModuleMeta;
  /** The version the user started from. */
  base: RecordData;
  /** The user's changes. */
  mine: FormValues;
  refs?: Refs;
  onClose(): void;
  onReload(current: RecordData): void;
  onReapply(current: RecordData): void;
}

/**
 * 409: someone saved the record after this user opened it. Shows what they changed next to what this
 * user changed, then reloads (discarding this user's edits) or reapplies this user's edits on top.
 */
export function ConflictDialog({ module, base, mine, refs, onClose, onReload, onReapply }: Props) {
  const { t, i18n } = useTranslation();
  const current = useQuery({
    queryKey: ['conflict', module.name, base.id],
    queryFn: () => api<{ data: RecordData; refs: Refs }>(`/records/${module.name}/${base.id}`),
    gcTime: 0,
  });
  const allRefs = { ...refs, ...current.data?.refs };
  const now = current.data?.data;
  const fields = module.fields.filter((f) => !f.hidden && f.name !== 'updated_at' && f.name !== 'version');
  const theirs = now ? fields.filter((f) => !sameValue(base[f.name], now[f.name])) : [];
  const rows = fields.filter((f) => f.name in mine || theirs.includes(f));
  const show = (name: string, v: unknown, r?: RecordData) => displayText(module.fields.find((f) => f.name === name), v, i18n.language, allRefs, recordCurrency(r));

  return (
    <Modal opened onClose={onClose} title={t('conflict.title')} size="lg" centered>
      <Alert color="orange" mb="md">{t('conflict.text')}</Alert>
      {current.isPending ? <Busy /> : (
        <Table withTableBorder striped aria-label={t('conflict.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('conflict.field')}</Table.Th>
              <Table.Th>{t('conflict.their_value')}</Table.Th>
              <Table.Th>{t('conflict.your_value')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((f) => (
              <Table.Tr key={f.name}>
                <Table.Td>{f.label}</Table.Td>
                <Table.Td c={theirs.includes(f) ? 'orange' : undefined}>{show(f.name, now?.[f.name], now)}</Table.Td>
                <Table.Td>{f.name in mine ? show(f.name, mine[f.name], now) : <Text span c="dimmed">{t('conflict.unchanged')}</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
        <Button variant="light" disabled={!now} onClick={() => now && onReload(now)}>{t('conflict.reload')}</Button>
        <Button disabled={!now} onClick={() => now && onReapply(now)}>{t('conflict.reapply')}</Button>
      </Group>
    </Modal>
  );
}
