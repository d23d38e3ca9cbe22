import { MultiSelect, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PreviewField } from './types';
import { UNMATCHABLE_TYPES } from '@karta/shared';


const MODES = ['create', 'skip', 'merge', 'overwrite'] as const;

/** What to do with a row that matches a record already there, and on which fields (compared normalised). */
export function DuplicateOptions({ fields, value, onChange, canUpdate }: {
  fields: PreviewField[]; value: { mode: string; match_on: string[] }; onChange(v: { mode: string; match_on: string[] }): void; canUpdate: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Radio.Group label={t('data.duplicates')} value={value.mode} onChange={(mode) => onChange({ ...value, mode })}>
        <Stack gap={6} mt={6}>
          {MODES.map((mode) => (
            <Radio key={mode} value={mode} label={t(`data.mode_${mode}`)} disabled={!canUpdate && (mode === 'merge' || mode === 'overwrite')} />
          ))}
        </Stack>
      </Radio.Group>
      {value.mode !== 'create' && (
        <>
          <MultiSelect label={t('data.match_on')} data={fields.filter((f) => !(UNMATCHABLE_TYPES as readonly string[]).includes(f.type)).map((f) => ({ value: f.name, label: f.label }))} value={value.match_on}
            onChange={(match_on) => onChange({ ...value, match_on })} maw={480} />
          <Text size="xs" c="dimmed">{t('data.match_hint')}</Text>
        </>
      )}
    </Stack>
  );
}
