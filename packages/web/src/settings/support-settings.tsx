import { NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { SaveFooter, SectionTitle } from './settings-ui';

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
type Hours = Record<(typeof PRIORITIES)[number], number>;

/** How many hours a first answer to a ticket may take, by priority: a new ticket's "response due by". */
export function SupportSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['support-settings'], queryFn: () => api<{ data: { response_hours: Hours } }>('/settings/support').then((r) => r.data) });
  const [draft, setDraft] = useState<Partial<Hours>>({});
  useEffect(() => { if (q.data) setDraft(q.data.response_hours); }, [q.data]);
  const save = useMutation({
    mutationFn: () => api<{ data: { response_hours: Hours } }>('/settings/support', { method: 'PUT', body: { response_hours: draft } }),
    onSuccess: (r) => client.setQueryData(['support-settings'], r.data),
  });
  const fieldError = (k: string) => (save.error as { fields?: Record<string, string> } | null)?.fields?.[`response_hours.${k}`];
  return (
    <Stack maw={700}>
      <SectionTitle>{t('settings.support')}</SectionTitle>
      <Text size="sm" c="dimmed">{t('support.settings_hint')}</Text>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {PRIORITIES.map((p) => (
              <NumberInput key={p} label={t('support.response_hours_of', { priority: t(`support.priority_${p}`) })} min={0.25} max={8760} step={1} decimalScale={2}
                value={draft[p] ?? ''} error={fieldError(p)} onChange={(v) => setDraft((d) => ({ ...d, [p]: typeof v === 'number' ? v : Number(v) }))} />
            ))}
          </SimpleGrid>
          <SaveFooter save={save} />
        </Stack>
      </form>
    </Stack>
  );
}
