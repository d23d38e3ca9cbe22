import { Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ModuleMeta } from '../api/types';
import { UI_LANGUAGES, type UiLanguage } from '../i18n/languages';
import { PicklistEditor, type EditableOption } from './picklist-editor';
import { ModulePicker, SectionTitle } from './settings-ui';
import { Busy } from '../app/busy';

/** Picklist values of a module with their labels in all four languages, editable per picklist. */
export function PicklistsSettings() {
  const { t, i18n } = useTranslation();
  const [module, setModule] = useState('accounts');
  const translations = useQuery({
    queryKey: ['picklist-translations', module],
    queryFn: () => Promise.all(UI_LANGUAGES.map((l) => api<{ data: ModuleMeta }>(`/meta/modules/${module}?lang=${l}`).then((r) => r.data))),
  });
  const byLang = translations.data ?? [];
  const current = byLang[Math.max(0, UI_LANGUAGES.indexOf(i18n.language as UiLanguage))] ?? byLang[0];
  const picklists = current?.fields.filter((f) => f.options?.length && !f.hidden && !f.read_only) ?? [];
  const optionsOf = (field: string): EditableOption[] =>
    (byLang[0]?.fields.find((f) => f.name === field)?.options ?? []).map((o) => ({
      value: o.value,
      label: Object.fromEntries(UI_LANGUAGES.map((l, i) => [l, byLang[i]?.fields.find((f) => f.name === field)?.options?.find((x) => x.value === o.value)?.label ?? o.label])) as Record<UiLanguage, string>,
    }));

  return (
    <Stack>
      <SectionTitle>{t('settings.picklists')}</SectionTitle>
      <ModulePicker value={module} onChange={setModule} />
      {translations.isPending && <Busy />}
      {picklists.map((f) => (
        <PicklistEditor key={`${module}.${f.name}`} module={module} field={f.name} label={f.label} initial={optionsOf(f.name)} />
      ))}
    </Stack>
  );
}
