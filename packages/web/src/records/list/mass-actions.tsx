import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { firstProblem } from '../../api/client';
import { canDo, editableFields, useModule } from '../../api/meta';
import { useNavigate } from 'react-router';
import { massDelete, massUpdate, useInvalidateRecords } from '../../api/records';
import type { ModuleMeta } from '../../api/types';
import { IconPencil, IconTrash } from '../../app/icons';
import { FieldInput } from '../../fields/field-input';
import { checkValue } from '../../fields/validate';

const MergeDialog = lazy(() => import('../../modules/data/merge-dialog').then((m) => ({ default: m.MergeDialog })));
const MergePrintDialog = lazy(() => import('../../modules/print/print-ui').then((m) => ({ default: m.MergePrintDialog })));
const PriceLabelsDialog = lazy(() => import('../../modules/inventory/price-labels').then((m) => ({ default: m.PriceLabelsDialog })));

/** Mass edit and mass delete of the selected rows (all-or-nothing on the server). */
export function MassActions({ module, selected, onDone }: { module: ModuleMeta; selected: string[]; onDone(): void }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'edit' | 'delete' | 'merge' | 'print' | 'labels' | null>(null);
  const canMerge = canDo(module, 'edit') && canDo(module, 'delete') && selected.length >= 2 && selected.length <= 10;
  const navigate = useNavigate();
  const mailings = useModule('mailings').module;
  const priceTypes = useModule('price_types').module;
  const canLabel = ['products', 'services'].includes(module.name) && priceTypes && canDo(priceTypes, 'view') && selected.length <= 300;
  // The chosen people as a mailing's audience (the wizard reads them back from this tab's storage).
  const canMail = ['contacts', 'leads', 'accounts'].includes(module.name) && mailings && canDo(mailings, 'create') && selected.length <= 10_000;
  const mail = () => {
    sessionStorage.setItem('karta.mailing.ids', JSON.stringify(selected));
    navigate('/mailings/compose?selection=1');
  };
  return (
    <Group gap="xs">
      <Text size="sm" fw={500}>{t('list.selected', { count: selected.length })}</Text>
      {canDo(module, 'edit') && <Button size="xs" variant="light" leftSection={<IconPencil />} onClick={() => setDialog('edit')}>{t('list.mass_edit')}</Button>}
      {canDo(module, 'delete') && <Button size="xs" variant="light" color="red" leftSection={<IconTrash />} onClick={() => setDialog('delete')}>{t('list.mass_delete')}</Button>}
      {canMerge && <Button size="xs" variant="light" onClick={() => setDialog('merge')}>{t('data.merge')}</Button>}
      {selected.length <= 200 && <Button size="xs" variant="light" onClick={() => setDialog('print')}>{t('print.print')}</Button>}
      {canMail && <Button size="xs" variant="light" onClick={mail}>{t('marketing.mail_selected')}</Button>}
      {canLabel && <Button size="xs" variant="light" onClick={() => setDialog('labels')}>{t('pricing.labels')}</Button>}
      <Button size="xs" variant="subtle" onClick={onDone}>{t('list.clear_selection')}</Button>
      {dialog === 'edit' && <MassEditDialog module={module} ids={selected} onClose={() => setDialog(null)} onDone={onDone} />}
      {dialog === 'delete' && <MassDeleteDialog module={module} ids={selected} onClose={() => setDialog(null)} onDone={onDone} />}
      {dialog === 'print' && <Suspense fallback={null}><MergePrintDialog module={module} ids={selected} onClose={() => setDialog(null)} /></Suspense>}
      {dialog === 'labels' && <Suspense fallback={null}><PriceLabelsDialog ids={selected} onClose={() => setDialog(null)} /></Suspense>}
      {dialog === 'merge' && (
        <Suspense fallback={null}><MergeDialog module={module} ids={selected} onClose={() => { setDialog(null); onDone(); }} /></Suspense>
      )}
    </Group>
  );
}

function MassEditDialog({ module, ids, onClose, onDone }: { module: ModuleMeta; ids: string[]; onClose(): void; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidateRecords();
  const fields = editableFields(module).filter((f) => f.type !== 'image' && f.type !== 'file');
  const [name, setName] = useState<string | null>(null);
  const [value, setValue] = useState<unknown>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const field = fields.find((f) => f.name === name);

  async function apply() {
    if (!field) return;
    const r = checkValue(field, value, i18n.language);
    if (!r.ok) return setError(r.message);
    setBusy(true);
    try {
      await massUpdate(module.name, ids, { [field.name]: r.value });
      await invalidate(module.name);
      notifications.show({ color: 'green', message: t('list.mass_updated', { count: ids.length }) });
      onClose();
      onDone();
    } catch (e) {
      setError(firstProblem(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('list.mass_edit_title', { count: ids.length })} centered>
      <Stack>
        <Select label={t('list.mass_field')} data={fields.map((f) => ({ value: f.name, label: f.label }))} value={name} searchable
          comboboxProps={{ withinPortal: true }} onChange={(v) => { setName(v); setValue(null); setError(undefined); }} />
        {field && <FieldInput key={field.name} field={{ ...field, label: t('list.mass_value', { field: field.label }) }} value={value} onChange={(v) => { setValue(v); setError(undefined); }} error={error} />}
        {!field && error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
          <Button disabled={!field} loading={busy} onClick={() => void apply()}>{t('list.apply_to', { count: ids.length })}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MassDeleteDialog({ module, ids, onClose, onDone }: { module: ModuleMeta; ids: string[]; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateRecords();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    try {
      await massDelete(module.name, ids);
      await invalidate(module.name);
      notifications.show({ color: 'green', message: t('list.mass_deleted', { count: ids.length }) });
      onClose();
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title={t('list.mass_delete')} centered>
      <Stack>
        <Text>{t('list.mass_delete_confirm', { count: ids.length })}</Text>
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>{t('actions.cancel')}</Button>
          <Button color="red" loading={busy} onClick={() => void run()}>{t('actions.delete')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
