import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { firstProblem } from '../../api/client';
import { linkRecord, useInvalidateRecords } from '../../api/records';
import type { ModuleMeta, RecordData } from '../../api/types';
import { ReferenceField } from '../../fields/inputs/reference-input';
import { typedNumber } from '../../i18n/format';

type Relation = ModuleMeta['relations'][number];

/** Pick an existing record of the other module (search as you type) and, for links with a role/status, its value. */
export function LinkExistingDialog({ module, record, relation, target, onClose }: { module: ModuleMeta; record: RecordData; relation: Relation; target: ModuleMeta; onClose(): void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateRecords();
  const [id, setId] = useState<string | null>(null);
  const money = relation.link_field?.type === 'money';
  const [linkValue, setLinkValue] = useState<string | null>(money ? '' : relation.link_field?.options[0]?.value ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function link() {
    if (!id) return;
    setBusy(true);
    try {
      await linkRecord(module.name, record.id, relation.name, { id, ...(relation.link_field && linkValue ? { [relation.link_field.name]: money ? typedNumber(linkValue) : linkValue } : {}) });
      await invalidate(target.name);
      onClose();
    } catch (e) {
      setError(firstProblem(e));
    } finally {
      setBusy(false);
    }
  }

  const pickerField = { name: 'link_target', type: 'reference' as const, label: target.label.one, required: true, read_only: false, reference: [target.name], sortable: false, operators: [] };
  return (
    <Modal opened onClose={onClose} title={t('related.link_title', { module: target.label.one })} centered>
      <Stack>
        <ReferenceField field={pickerField} value={id} onChange={(v) => setId((v as string) ?? null)} autoFocus />
        {relation.link_field && money && (
          <TextInput label={relation.link_field.label} inputMode="decimal" value={linkValue ?? ''} onChange={(e) => setLinkValue(e.currentTarget.value)} />
        )}
        {relation.link_field && !money && (
          <Select label={relation.link_field.label} data={relation.link_field.options} value={linkValue} onChange={setLinkValue}
            comboboxProps={{ withinPortal: true }} />
        )}
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
          <Button disabled={!id} loading={busy} onClick={() => void link()}>{t('related.link')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
