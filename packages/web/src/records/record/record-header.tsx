import { Badge, Button, Group, Menu, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Suspense, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { canDo, recordLabel } from '../../api/meta';
import { deleteRecord, duplicateRecord, useInvalidateRecords } from '../../api/records';
import type { ModuleMeta, RecordData } from '../../api/types';
import { IconCopy, IconDots, IconPencil, IconTrash } from '../../app/icons';
import { extensionFor } from '../../modules';

/** Number and title on the left; Edit, Duplicate, Delete and the module's actions on the right (vTiger's place). */
export function RecordHeader({ module, record }: { module: ModuleMeta; record: RecordData }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const invalidate = useInvalidateRecords();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<string | null>(null);
  const all = (extensionFor(module.name).actions ?? []).filter((a) => !a.visible || a.visible(record));
  const primary = all.filter((a) => a.primary);
  const actions = all.filter((a) => !a.primary);
  const OpenDialog = all.find((a) => a.key === dialog)?.dialog;
  const run = (a: (typeof all)[number]) => void act(async () => {
    if (a.confirmKey && !window.confirm(t(a.confirmKey))) return;
    if (a.dialog) return setDialog(a.key);
    const to = await a.run?.({ module, record });
    await invalidate();
    if (to) navigate(to);
  });

  // One action at a time: a second click while a conversion runs would make a second document.
  const inFlight = useRef(false);
  async function act(fn: () => Promise<void>) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  const duplicate = () => act(async () => {
    const copy = await duplicateRecord(module.name, record.id);
    await invalidate(module.name);
    notifications.show({ color: 'green', message: t('record.duplicated', { number: copy.number }) });
    navigate(`/${module.name}/${copy.id}/edit`);
  });
  const remove = () => act(async () => {
    await deleteRecord(module.name, record.id);
    await invalidate(module.name);
    notifications.show({ color: 'green', message: t('record.deleted', { number: record.number }) });
    navigate(`/${module.name}`);
  });

  return (
    <Group justify="space-between" align="flex-start" wrap="wrap">
      <Stack gap={2}>
        <Group gap="xs">
          <Text component={Link} to={`/${module.name}`} size="sm" c="dimmed">{module.label.many}</Text>
          <Badge variant="light" aria-label={t('record.number')}>{record.number}</Badge>
        </Group>
        <Title order={1} size="h2">{recordLabel(module, record)}</Title>
      </Stack>
      <Group gap="xs">
        {primary.map((a) => <Button key={a.key} color="green" disabled={busy} onClick={() => run(a)}>{t(a.labelKey)}</Button>)}
        {canDo(module, 'edit') && <Button component={Link} to={`/${module.name}/${record.id}/edit`} leftSection={<IconPencil />}>{t('actions.edit')}</Button>}
        {canDo(module, 'create') && <Button variant="default" leftSection={<IconCopy />} onClick={() => void duplicate()} loading={busy}>{t('actions.duplicate')}</Button>}
        {canDo(module, 'delete') && <Button variant="default" color="red" leftSection={<IconTrash />} onClick={() => setConfirmDelete(true)}>{t('actions.delete')}</Button>}
        {actions.length > 0 && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="default" rightSection={<IconDots />}>{t('record.more_actions')}</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {actions.map((a) => (
                <Menu.Item key={a.key} disabled={busy} onClick={() => run(a)}>{t(a.labelKey)}</Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {OpenDialog && (
        <Suspense fallback={null}>
          <OpenDialog module={module} record={record} onClose={() => setDialog(null)}
            onDone={(to) => { setDialog(null); void invalidate(); if (to) navigate(to); }} />
        </Suspense>
      )}
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={t('record.delete_title')} centered>
        <Text mb="md">{t('record.delete_confirm', { label: `${record.number} ${recordLabel(module, record)}` })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmDelete(false)} data-autofocus>{t('actions.cancel')}</Button>
          <Button color="red" loading={busy} onClick={() => void remove()}>{t('actions.delete')}</Button>
        </Group>
      </Modal>
    </Group>
  );
}
