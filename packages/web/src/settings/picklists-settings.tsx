import { Alert, Card, Loader, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ModuleMeta } from '../api/types';
import { LANGUAGE_NAMES, UI_LANGUAGES, type UiLanguage } from '../i18n/languages';
import { ModulePicker, SectionTitle } from './settings-ui';

/**
 * Picklist values with their labels in all four languages. Read-only: the server has no API to edit
 * picklists yet (values of custom picklists are set when the field is added).
 */
export function PicklistsSettings() {
  const { t, i18n } = useTranslation();
  const [module, setModule] = useState('accounts');
  const translations = useQuery({
    queryKey: ['picklist-translations', module],
    queryFn: () => Promise.all(UI_LANGUAGES.map((l) => api<{ data: ModuleMeta }>(`/meta/modules/${module}?lang=${l}`).then((r) => r.data))),
  });
  // Shown in the UI language; the table lists every language.
  const [base, ...others] = translations.data ?? [];
  const current = translations.data?.[Math.max(0, UI_LANGUAGES.indexOf(i18n.language as UiLanguage))] ?? base;
  const picklists = current?.fields.filter((f) => f.options?.length && !f.hidden) ?? [];
  const labelIn = (i: number, field: string, value: string) =>
    (i === 0 ? base : others[i - 1])?.fields.find((f) => f.name === field)?.options?.find((o) => o.value === value)?.label ?? '';

  return (
    <Stack>
      <SectionTitle>{t('settings.picklists')}</SectionTitle>
      <Alert color="blue" variant="light">{t('settings.picklists_read_only')}</Alert>
      <ModulePicker value={module} onChange={setModule} />
      {translations.isPending && <Loader aria-label={t('common.loading')} />}
      {picklists.map((f) => (
        <Card key={f.name} withBorder>
          <Title order={3} size="h5" mb="xs">{f.label}</Title>
          <div className="karta-table-wrap">
            <Table fz="sm" withTableBorder aria-label={f.label}>
              <Table.Thead>
                <Table.Tr><Table.Th>{t('settings.value')}</Table.Th>{UI_LANGUAGES.map((l) => <Table.Th key={l}>{LANGUAGE_NAMES[l]}</Table.Th>)}</Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {f.options!.map((o) => (
                  <Table.Tr key={o.value}>
                    <Table.Td><code>{o.value}</code></Table.Td>
                    {UI_LANGUAGES.map((l, i) => <Table.Td key={l} lang={l}>{labelIn(i, f.name, o.value)}</Table.Td>)}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </Card>
      ))}
    </Stack>
  );
}
