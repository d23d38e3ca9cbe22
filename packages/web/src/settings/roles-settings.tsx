import { Alert, Button, Card, Checkbox, Grid, Group, Modal, MultiSelect, NavLink, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useRoles } from '../api/directory';
import { qk } from '../api/query-keys';
import type { Role } from '../api/types';
import { PermissionsMatrix } from './permissions-matrix';
import { useProfiles } from './profiles-settings';
import { errorText, SectionTitle } from './settings-ui';
import { DialogActions } from '../app/dialog-actions';

/** The role tree (a manager sees what the roles below own) and each role's module permissions. */
export function RolesSettings() {
  const { t } = useTranslation();
  const roles = useRoles();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = roles.data ?? [];
  const role = list.find((r) => r.id === selected) ?? list[0];

  const renderTree = (parent: string | null): React.ReactNode => list.filter((r) => r.parent_id === parent).map((r) => {
    const children = list.some((c) => c.parent_id === r.id);
    return (
      <NavLink key={r.id} label={r.name} active={role?.id === r.id} defaultOpened childrenOffset="md"
        onClick={() => setSelected(r.id)} {...(children ? { children: renderTree(r.id) } : {})} />
    );
  });

  return (
    <Stack>
      <Group justify="space-between">
        <SectionTitle>{t('settings.roles')}</SectionTitle>
        <Button onClick={() => setCreating(true)}>{t('settings.new_role')}</Button>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder p="xs" component="nav" aria-label={t('settings.role_tree')}>{renderTree(null)}</Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {role && <RoleEditor key={role.id} role={role} roles={list} />}
        </Grid.Col>
      </Grid>
      {creating && <NewRoleDialog roles={list} onClose={() => setCreating(false)} onCreated={(id) => { setCreating(false); setSelected(id); }} />}
    </Stack>
  );
}

function RoleEditor({ role, roles }: { role: Role; roles: Role[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(role.name);
  const [parent, setParent] = useState<string | null>(role.parent_id);
  const [permissions, setPermissions] = useState(role.permissions);
  const [profileIds, setProfileIds] = useState(role.profile_ids ?? []);
  const [require2fa, setRequire2fa] = useState(role.require_2fa ?? false);
  const profiles = useProfiles();
  const save = useMutation({
    mutationFn: () => api(`/roles/${role.id}`, { method: 'PATCH', body: { name, parent_id: parent, permissions, profile_ids: profileIds, require_2fa: require2fa } }),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.roles }),
  });
  return (
    <Stack>
      <Group align="flex-end">
        <TextInput label={t('settings.role_name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label={t('settings.reports_to')} data={roles.filter((r) => r.id !== role.id).map((r) => ({ value: r.id, label: r.name }))}
          value={parent} clearable comboboxProps={{ withinPortal: true }} onChange={setParent} />
      </Group>
      <MultiSelect label={t('access.profiles_of_role')} description={t('access.profiles_of_role_hint')} w={480}
        data={(profiles.data ?? []).map((p) => ({ value: p.id, label: p.name }))} value={profileIds} onChange={setProfileIds} comboboxProps={{ withinPortal: true }} />
      <Checkbox label={t('access.require_2fa')} checked={require2fa} onChange={(e) => setRequire2fa(e.currentTarget.checked)} />
      <Text size="sm" fw={600}>{t('settings.permissions')}</Text>
      <PermissionsMatrix value={permissions} onChange={setPermissions} />
      {save.error && <Alert color="red">{errorText(save.error)}</Alert>}
      {save.isSuccess && <Alert color="green">{t('settings.saved')}</Alert>}
      <Group justify="flex-end"><Button loading={save.isPending} onClick={() => save.mutate()}>{t('actions.save')}</Button></Group>
    </Stack>
  );
}

function NewRoleDialog({ roles, onClose, onCreated }: { roles: Role[]; onClose(): void; onCreated(id: string): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [parent, setParent] = useState<string | null>(roles[0]?.id ?? null);
  const create = useMutation({
    mutationFn: () => api<{ data: Role }>('/roles', { method: 'POST', body: { name, parent_id: parent, permissions: roles.find((r) => r.id === parent)?.permissions ?? {} } }),
    onSuccess: async (r) => { await client.invalidateQueries({ queryKey: qk.roles }); onCreated(r.data.id); },
  });
  return (
    <Modal opened onClose={onClose} title={t('settings.new_role')} centered>
      <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Stack>
          {create.error && <Alert color="red">{errorText(create.error)}</Alert>}
          <TextInput label={t('settings.role_name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Select label={t('settings.reports_to')} data={roles.map((r) => ({ value: r.id, label: r.name }))} value={parent}
            clearable comboboxProps={{ withinPortal: true }} onChange={setParent} />
          <DialogActions onCancel={onClose} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
