import { Alert, Checkbox, Modal, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { CUSTOM_FIELD_TYPES, type FieldType } from '@karta/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, withOtherProblems } from '../api/client';
import { useModules } from '../api/meta';
import type { ModuleMeta } from '../api/types';
import { LANGUAGE_NAMES, UI_LANGUAGES } from '../i18n/languages';
import { DialogActions } from '../app/dialog-actions';

/** Latin snake_case from a label: "Loyalty level" → loyalty_level; Cyrillic labels need a typed name. */
function suggestName(label: string): string {
  const s = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return /^[a-z]/.test(s) ? s : '';
}

export function AddFieldDialog({ module, onClose }: { module: ModuleMeta; onClose(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const meta = useModules();
  const [labels, setLabels] = useState<Record<string, string>>({ en: '', ru: '', uk: '', zh: '' });
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [type, setType] = useState<FieldType>('text');
  const [options, setOptions] = useState<string[]>([]);
  const [reference, setReference] = useState<string | null>(null);
  const [required, setRequired] = useState(false);
  const add = useMutation({
    mutationFn: () => api(`/meta/modules/${module.name}/fields`, {
      method: 'POST',
      body: {
        name, type, required,
        label: Object.fromEntries(Object.entries(labels).filter(([, v]) => v.trim())),
        ...(type === 'picklist' || type === 'multipicklist' ? { options } : {}),
        ...(type === 'reference' ? { reference: reference ? [reference] : [] } : {}),
      },
    }),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: ['meta'] }); await client.invalidateQueries({ queryKey: ['records', module.name] }); onClose(); },
  });
  const errs = add.error instanceof ApiError ? add.error.fields ?? {} : {};
  // A problem with one value (`options[2].value`) is shown under the list, naming that value.
  const optionError = errs.options ?? Object.entries(errs).filter(([k]) => k.startsWith('options[')).map(([k, v]) => {
    const i = Number(/^options\[(\d+)\]/.exec(k)?.[1]);
    return options[i] !== undefined ? `«${options[i]}»: ${v}` : v;
  })[0];

  return (
    <Modal opened onClose={onClose} title={t('settings.add_field_to', { module: module.label.many })} size="lg" centered>
      <form onSubmit={(e) => { e.preventDefault(); add.mutate(); }} noValidate>
        <Stack>
          {add.error && <Alert color="red" role="alert">{add.error instanceof ApiError ? withOtherProblems(add.error, (k) => ['label', 'name', 'type', 'reference', 'options'].includes(k) || k.startsWith('options[') || /^label\.(en|ru|uk|zh)$/.test(k)) : add.error.message}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {UI_LANGUAGES.map((l) => (
              <TextInput key={l} lang={l} label={t('settings.label_in', { language: LANGUAGE_NAMES[l] })} required={l === 'en'} value={labels[l]}
                error={errs[`label.${l}`] ?? (l === 'en' ? errs.label : undefined)}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setLabels({ ...labels, [l]: v });
                  if (l === 'en' && !nameTouched) setName(suggestName(v));
                }} />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('settings.field_name')} description={t('settings.field_name_hint')} required value={name} error={errs.name}
              onChange={(e) => { setName(e.currentTarget.value); setNameTouched(true); }} />
            <Select label={t('settings.field_type')} data={CUSTOM_FIELD_TYPES.map((ft) => ({ value: ft, label: t(`field_types.${ft}`) }))}
              value={type} allowDeselect={false} error={errs.type} comboboxProps={{ withinPortal: true }} onChange={(v) => v && setType(v as FieldType)} />
          </SimpleGrid>
          {(type === 'picklist' || type === 'multipicklist') && (
            <TagsInput label={t('settings.picklist_values')} description={t('settings.picklist_values_hint')} value={options} onChange={setOptions} error={optionError} />
          )}
          {type === 'reference' && (
            <Select label={t('settings.reference_to')} data={(meta.data?.modules ?? []).map((m) => ({ value: m.name, label: m.label.many }))}
              value={reference} onChange={setReference} error={errs.reference} searchable comboboxProps={{ withinPortal: true }} />
          )}
          <Checkbox label={t('settings.required')} checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
          <DialogActions onCancel={onClose} loading={add.isPending} label={t('settings.add_field')} />
        </Stack>
      </form>
    </Modal>
  );
}
