import { Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { SaveFooter, SectionTitle } from './settings-ui';
import { typedNumber } from '../i18n/format';

interface TaxClass { value: string; label: string; percent: string | null; active: boolean }

/** Percent and on/off of each tax class; the classes themselves are the products' tax class picklist. */
export function TaxClassesSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['tax_classes'], queryFn: () => api<{ data: TaxClass[] }>('/settings/tax_classes').then((r) => r.data) });
  const [draft, setDraft] = useState<TaxClass[]>([]);
  useEffect(() => { if (q.data) setDraft(q.data); }, [q.data]);
  const save = useMutation({
    mutationFn: () => api<{ data: TaxClass[] }>('/settings/tax_classes', { method: 'PUT', body: { data: draft.map(({ value, percent, active }) => ({ value, percent: typedNumber(percent), active })) } }),
    onSuccess: (r) => client.setQueryData(['tax_classes'], r.data),
  });
  const fieldError = (k: string) => (save.error as { fields?: Record<string, string> } | null)?.fields?.[k];
  const set = (i: number, patch: Partial<TaxClass>) => setDraft((d) => d.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  return (
    <Stack maw={700}>
      <SectionTitle>{t('settings.tax_classes')}</SectionTitle>
      <Text size="sm" c="dimmed">{t('settings.tax_classes_hint')}</Text>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Stack>
          <Table withTableBorder aria-label={t('settings.tax_classes')}>
            <Table.Thead><Table.Tr>
              <Table.Th>{t('settings.tax_class')}</Table.Th><Table.Th>{t('settings.tax_percent')}</Table.Th><Table.Th>{t('settings.tax_active')}</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {draft.map((c, i) => (
                <Table.Tr key={c.value}>
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td w={140}>
                    <TextInput size="xs" inputMode="decimal" aria-label={t('settings.tax_percent_of', { name: c.label })} value={c.percent ?? ''}
                      error={fieldError(`data[${i}].percent`)} onChange={(e) => set(i, { percent: e.currentTarget.value || null })} />
                  </Table.Td>
                  <Table.Td w={100}>
                    <Switch aria-label={t('settings.tax_active_of', { name: c.label })} checked={c.active} onChange={(e) => set(i, { active: e.currentTarget.checked })} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <SaveFooter save={save} placed={(k) => /^data\[\d+\]\.percent$/.test(k)} />
        </Stack>
      </form>
    </Stack>
  );
}
