import { NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { SaveFooter, SectionTitle } from './settings-ui';
import { Busy } from '../app/busy';

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
type Hours = Record<(typeof PRIORITIES)[number], number>;

/** How many hours a first answer to a ticket may take, by priority: a new ticket's "response due by". */
export function SupportSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['support-settings'], queryFn: () => api<{ data: { response_hours: Hours } }>('/settings/support').then((r) => r.data) });
  // Only what the user typed; the rest shows the stored hours (a refetch never undoes what is being typed).
  const [draft, setDraft] = useState<Partial<Hours>>({});
  const shown: Partial<Hours> = { ...q.data?.response_hours, ...draft };
  const save = useMutation({
    mutationFn: () => api<{ data: { response_hours: Hours } }>('/settings/support', { method: 'PUT', body: { response_hours: shown } }),
    onSuccess: (r) => { client.setQueryData(['support-settings'], r.data); setDraft({}); },
  });
  const fieldError = (k: string) => (save.error as { fields?: Record<string, string> } | null)?.fields?.[`response_hours.${k}`];
  // The inputs appear with the stored hours: typed into before they arrive, a value would be overwritten by them.
  if (q.isPending) return <Busy />;
  return (
    <Stack maw={700}>
      <SectionTitle>{t('settings.support')}</SectionTitle>
      <Text size="sm" c="dimmed">{t('support.settings_hint')}</Text>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {PRIORITIES.map((p) => (
              <NumberInput key={p} label={t('support.response_hours_of', { priority: t(`support.priority_${p}`) })} min={0.25} max={8760} step={1} decimalScale={2}
                value={shown[p] ?? ''} error={fieldError(p)} onChange={(v) => setDraft((d) => ({ ...d, [p]: typeof v === 'number' ? v : Number(v) }))} />
            ))}
          </SimpleGrid>
          <SaveFooter save={save} />
        </Stack>
      </form>
    </Stack>
  );
}
