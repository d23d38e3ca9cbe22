import { Alert, Button, NumberInput, Stack, Table, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useModules } from '../api/meta';
import { qk } from '../api/query-keys';
import type { NumberingRow } from '../api/types';
import { errorText, SectionTitle } from './settings-ui';

/** Record numbers per module: prefix and the next number (ACC12, CON3, …). */
export function NumberingSettings() {
  const { t } = useTranslation();
  const rows = useQuery({ queryKey: qk.numbering, queryFn: () => api<{ data: NumberingRow[] }>('/settings/numbering').then((r) => r.data) });
  return (
    <Stack>
      <SectionTitle>{t('settings.numbering')}</SectionTitle>
      {rows.error && <Alert color="red" role="alert">{errorText(rows.error)}</Alert>}
      <div className="karta-table-wrap">
        <Table striped withTableBorder aria-label={t('settings.numbering')}>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('settings.module')}</Table.Th><Table.Th>{t('settings.prefix')}</Table.Th><Table.Th>{t('settings.next_number')}</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>{(rows.data ?? []).map((r) => <NumberingRowEditor key={r.module} row={r} />)}</Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

function NumberingRowEditor({ row }: { row: NumberingRow }) {
  const { t } = useTranslation();
  const meta = useModules();
  const client = useQueryClient();
  const [prefix, setPrefix] = useState(row.prefix);
  // Empty while the user retypes it (snapping to 1 would make "250" typed after a backspace "1250").
  const [next, setNext] = useState<number | ''>(row.next_number);
  const label = meta.data?.module(row.module)?.label.many ?? row.module;
  const save = useMutation({
    mutationFn: () => api(`/settings/numbering/${row.module}`, { method: 'PATCH', body: { prefix, next_number: next } }),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: qk.numbering }); await client.invalidateQueries({ queryKey: ['meta'] }); },
  });
  const changed = next !== '' && (prefix !== row.prefix || next !== row.next_number);
  // A refusal of the number is shown beside it; anything else below the row.
  const nextError = (save.error as { fields?: Record<string, string> } | null)?.fields?.next_number;
  return (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td><TextInput aria-label={`${label}: ${t('settings.prefix')}`} value={prefix} maxLength={12} w={120} onChange={(e) => setPrefix(e.currentTarget.value)} /></Table.Td>
      <Table.Td><NumberInput aria-label={`${label}: ${t('settings.next_number')}`} value={next} min={1} allowDecimal={false} w={140} onChange={(v) => setNext(v === '' ? '' : Number(v))}
        error={nextError} /></Table.Td>
      <Table.Td>
        <Button size="xs" disabled={!changed} loading={save.isPending} onClick={() => save.mutate()}>{t('actions.save')}</Button>
        {save.error && !nextError && <Alert color="red" mt={4} p={4}>{errorText(save.error)}</Alert>}
      </Table.Td>
    </Table.Tr>
  );
}
