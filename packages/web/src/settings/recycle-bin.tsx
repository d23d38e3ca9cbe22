import { Alert, Button, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { qk } from '../api/query-keys';
import type { RecycleRow } from '../api/types';
import { formatDateTime } from '../i18n/format';
import { useInvalidateRecords } from '../api/records';
import { Loading } from '../app/busy';
import { errorText, ModulePicker, SectionTitle } from './settings-ui';

/** Deleted records per module, newest first, a page at a time; restorable with their number and relations. */
export function RecycleBin() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const invalidate = useInvalidateRecords();
  const [module, setModule] = useState('accounts');
  const rows = useInfiniteQuery({
    queryKey: qk.recycle(module),
    queryFn: ({ pageParam }) => api<{ data: RecycleRow[]; next_cursor: string | null }>(`/recycle-bin?module=${module}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const restore = useMutation({
    mutationFn: (id: string) => api(`/records/${module}/${id}/restore`, { method: 'POST', body: {} }),
    // The record is back everywhere it shows: lists, related lists, search, timelines.
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: qk.recycle(module) }), invalidate(module)]),
  });
  const list = rows.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack>
      <SectionTitle>{t('settings.recycle_bin')}</SectionTitle>
      <ModulePicker value={module} onChange={setModule} />
      {restore.error && <Alert color="red">{errorText(restore.error)}</Alert>}
      {!rows.data ? <Loading error={rows.error} /> : list.length === 0 ? <Text c="dimmed">{t('settings.recycle_empty')}</Text> : (
        <Table striped withTableBorder aria-label={t('settings.recycle_bin')}>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('record.number')}</Table.Th><Table.Th>{t('settings.name')}</Table.Th><Table.Th>{t('settings.deleted_at')}</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.number}</Table.Td><Table.Td>{r.label}</Table.Td><Table.Td>{formatDateTime(r.deleted_at, i18n.language)}</Table.Td>
                <Table.Td><Button size="xs" variant="light" loading={restore.isPending && restore.variables === r.id} onClick={() => restore.mutate(r.id)}
                  aria-label={t('settings.restore_record', { label: `${r.number} ${r.label}` })}>{t('settings.restore')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {rows.hasNextPage && <Button variant="default" loading={rows.isFetchingNextPage} onClick={() => void rows.fetchNextPage()}>{t('related.show_more')}</Button>}
      {rows.data && rows.error && <Alert color="red">{errorText(rows.error)}</Alert>}
    </Stack>
  );
}
