import { ActionIcon, Checkbox, Group, Menu, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { qk } from '../../api/query-keys';
import type { SavedView } from '../../api/types';
import { useCurrentUser } from '../../app/auth';
import { IconDots } from '../../app/icons';
import type { ListState } from './list-state';
import { DialogActions } from '../../app/dialog-actions';

export function useViews(module: string) {
  return useQuery({ queryKey: qk.views(module), queryFn: () => api<{ data: SavedView[] }>(`/views?module=${module}`).then((r) => r.data) });
}

interface Props {
  module: string;
  views: SavedView[];
  state: ListState;
  onOpen(id: string | null): void;
  onSaved(id: string): void;
}

/** "All" plus the user's own and shared views; save the current filter, sort and columns as a view. */
export function SavedViews({ module, views, state, onOpen, onSaved }: Props) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<'new' | null>(null);
  const current = views.find((v) => v.id === state.viewId);
  const mine = current && (current.owner_id === user.id || user.is_admin);
  const definition = { where: state.where, sort: state.sort.split(','), columns: state.columns };

  const update = useMutation({
    mutationFn: () => api<{ data: SavedView }>(`/views/${current!.id}`, { method: 'PATCH', body: { definition } }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: qk.views(module) });
      onSaved(current!.id);
      notifications.show({ color: 'green', message: t('views.saved', { name: current!.name }) });
    },
    onError: (e) => notifications.show({ color: 'red', message: (e as Error).message }),
  });
  const remove = useMutation({
    mutationFn: () => api(`/views/${current!.id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: qk.views(module) });
      onOpen(null);
    },
  });

  const data = [
    { value: '', label: t('views.all') },
    ...views.map((v) => ({ value: v.id, label: v.is_shared ? `${v.name} (${t('views.shared')})` : v.name })),
  ];
  return (
    <Group gap={4} wrap="nowrap">
      <Select aria-label={t('views.view')} data={data} value={state.viewId ?? ''} allowDeselect={false} w={200}
        comboboxProps={{ withinPortal: true }} onChange={(v) => onOpen(v || null)} />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="input-sm" aria-label={t('views.actions')}><IconDots /></ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {mine && <Menu.Item disabled={!state.modified} onClick={() => update.mutate()}>{t('views.save_changes')}</Menu.Item>}
          <Menu.Item onClick={() => setDialog('new')}>{t('views.save_as')}</Menu.Item>
          {mine && <Menu.Item color="red" onClick={() => remove.mutate()}>{t('views.delete')}</Menu.Item>}
        </Menu.Dropdown>
      </Menu>
      {dialog && <SaveViewDialog module={module} definition={definition} onClose={() => setDialog(null)}
        onCreated={async (v) => { setDialog(null); await client.invalidateQueries({ queryKey: qk.views(module) }); onSaved(v.id); }} />}
    </Group>
  );
}

function SaveViewDialog({ module, definition, onClose, onCreated }: { module: string; definition: SavedView['definition']; onClose(): void; onCreated(v: SavedView): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: () => api<{ data: SavedView }>('/views', { method: 'POST', body: { module, name: name.trim(), is_shared: shared, definition } }),
    onSuccess: (r) => onCreated(r.data),
    onError: (e) => setError(e instanceof ApiError ? e.fields?.name ?? e.message : String(e)),
  });
  return (
    <Modal opened onClose={onClose} title={t('views.save_as')} centered>
      <form onSubmit={(e) => { e.preventDefault(); if (name.trim()) create.mutate(); else setError(t('views.name_required')); }}>
        <Stack>
          <TextInput label={t('views.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} data-autofocus required />
          <Checkbox label={t('views.share')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
          <DialogActions onCancel={onClose} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
