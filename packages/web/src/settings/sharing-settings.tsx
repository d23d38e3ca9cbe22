import { Alert, Button, Group, SegmentedControl, Stack, Table } from '@mantine/core';
import { SHARING_LEVELS } from '@karta/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useModules } from '../api/meta';
import { qk } from '../api/query-keys';
import { errorText, SectionTitle } from './settings-ui';
import { SharingRules } from './sharing-rules';

/** Default sharing per module: private (owner and the roles above), public read, public read-write. */
export function SharingSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const meta = useModules();
  const sharing = useQuery({ queryKey: qk.sharing, queryFn: () => api<{ data: Record<string, string> }>('/sharing').then((r) => r.data) });
  const [draft, setDraft] = useState<Record<string, string>>({});
  useEffect(() => { if (sharing.data) setDraft(sharing.data); }, [sharing.data]);
  const save = useMutation({
    mutationFn: () => api('/sharing', { method: 'PUT', body: draft }),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.sharing }),
  });
  return (
    <Stack>
      <SectionTitle>{t('settings.sharing')}</SectionTitle>
      {sharing.error && <Alert color="red" role="alert">{errorText(sharing.error)}</Alert>}
      <div className="karta-table-wrap">
        <Table striped withTableBorder aria-label={t('settings.sharing')}>
          <Table.Tbody>
            {(meta.data?.modules ?? []).map((m) => (
              <Table.Tr key={m.name}>
                <Table.Td>{m.label.many}</Table.Td>
                <Table.Td>
                  <SegmentedControl size="xs" aria-label={m.label.many} value={draft[m.name] ?? 'private'}
                    onChange={(v) => setDraft({ ...draft, [m.name]: v })}
                    data={SHARING_LEVELS.map((l) => ({ value: l, label: t(`sharing.${l}`) }))} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {save.error && <Alert color="red">{errorText(save.error)}</Alert>}
      {save.isSuccess && <Alert color="green">{t('settings.saved')}</Alert>}
      <Group justify="flex-end"><Button loading={save.isPending} disabled={!sharing.data} onClick={() => save.mutate()}>{t('actions.save')}</Button></Group>
      <SharingRules />
    </Stack>
  );
}
