import { Badge, Button, Checkbox, Group, Modal, PasswordInput, Select, SimpleGrid, Stack, Table, TextInput, Alert } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { useRoles, userLabel, useUsers } from '../api/directory';
import { qk } from '../api/query-keys';
import type { User } from '../api/types';
import { LANGUAGE_NAMES, UI_LANGUAGES } from '../i18n/languages';
import { allPlaced, errorText, SectionTitle } from './settings-ui';
import { DialogActions } from '../app/dialog-actions';
import { useCall } from '../app/use-call';
import { SessionsCard } from '../app/security/sessions-card';
import { zoneOptions } from '../app/time-zones';
import { useCurrentUser } from '../app/auth';

export function UsersSettings() {
  const { t } = useTranslation();
  const users = useUsers();
  const roles = useRoles();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const roleName = (id: string | null) => roles.data?.find((r) => r.id === id)?.name ?? '—';
  return (
    <Stack>
      <Group justify="space-between">
        <SectionTitle>{t('settings.users')}</SectionTitle>
        <Button onClick={() => setEditing('new')}>{t('settings.new_user')}</Button>
      </Group>
      <div className="karta-table-wrap">
        <Table striped withTableBorder aria-label={t('settings.users')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.username')}</Table.Th><Table.Th>{t('settings.name')}</Table.Th><Table.Th>{t('settings.email')}</Table.Th>
              <Table.Th>{t('settings.role')}</Table.Th><Table.Th>{t('user.language')}</Table.Th><Table.Th>{t('settings.status')}</Table.Th><Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.username} {u.is_admin && <Badge size="xs">{t('settings.admin')}</Badge>}</Table.Td>
                <Table.Td>{userLabel(u)}</Table.Td><Table.Td>{u.email}</Table.Td><Table.Td>{roleName(u.role_id)}</Table.Td>
                <Table.Td>{LANGUAGE_NAMES[u.language as 'en'] ?? u.language}</Table.Td>
                <Table.Td>{u.active ? t('settings.active') : <Badge color="gray">{t('settings.inactive')}</Badge>}</Table.Td>
                <Table.Td><Button size="compact-sm" variant="subtle" onClick={() => setEditing(u)} aria-label={t('settings.edit_user', { name: u.username })}>{t('actions.edit')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {editing && <UserDialog user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function UserDialog({ user, onClose }: { user: User | null; onClose(): void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const client = useQueryClient();
  const roles = useRoles();
  const [v, setV] = useState({
    username: user?.username ?? '', password: '', first_name: user?.first_name ?? '', last_name: user?.last_name ?? '',
    email: user?.email ?? '', role_id: user?.role_id ?? null as string | null, is_admin: user?.is_admin ?? false,
    language: user?.language ?? me.language ?? 'en', active: user?.active ?? true, time_zone: user?.time_zone ?? null as string | null,
  });
  // One's own new password needs the current one (the server asks for it: an open session must not be enough).
  const self = user?.id === me.id;
  const [current, setCurrent] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { ...v, email: v.email || null, first_name: v.first_name || null, last_name: v.last_name || null };
      if (!v.password) delete body.password;
      else if (self) body.current_password = current;
      return user ? api(`/users/${user.id}`, { method: 'PATCH', body }) : api('/users', { method: 'POST', body });
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: qk.users });
      // An administrator's own session holds their language and zone.
      if (user?.id === me.id) await client.invalidateQueries({ queryKey: qk.me });
      onClose();
    },
  });
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement>) => setV({ ...v, [k]: e.currentTarget.value });
  const fieldError = (k: string) => (save.error instanceof ApiError ? save.error.fields?.[k] : undefined);
  const placed = (k: string) => ['username', 'password', 'current_password', 'first_name', 'last_name', 'email'].includes(k);
  return (
    <Modal opened onClose={onClose} title={user ? t('settings.edit_user', { name: user.username }) : t('settings.new_user')} size="lg" centered>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Stack>
          {save.error && !allPlaced(save.error, placed) && <Alert color="red" role="alert">{errorText(save.error, placed)}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('settings.username')} required value={v.username} onChange={set('username')} disabled={!!user} error={fieldError('username')} />
            <PasswordInput label={user ? t('settings.new_password') : t('login.password')} required={!user} value={v.password} onChange={set('password')} autoComplete="new-password" error={fieldError('password')} />
            {self && v.password && (
              <PasswordInput label={t('security.current_password')} required value={current} onChange={(e) => setCurrent(e.currentTarget.value)}
                autoComplete="current-password" error={fieldError('current_password')} />
            )}
            <TextInput label={t('settings.first_name')} value={v.first_name} onChange={set('first_name')} error={fieldError('first_name')} />
            <TextInput label={t('settings.last_name')} value={v.last_name} onChange={set('last_name')} error={fieldError('last_name')} />
            <TextInput label={t('settings.email')} type="email" value={v.email} onChange={set('email')} error={fieldError('email')} />
            <Select label={t('settings.role')} data={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))} value={v.role_id}
              clearable comboboxProps={{ withinPortal: true }} onChange={(r) => setV({ ...v, role_id: r })} />
            <Select label={t('user.language')} data={UI_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} value={v.language}
              allowDeselect={false} comboboxProps={{ withinPortal: true }} onChange={(l) => l && setV({ ...v, language: l })} />
            <Select label={t('user.time_zone')} description={t('user.time_zone_hint')} data={zoneOptions(v.time_zone)} value={v.time_zone}
              searchable clearable comboboxProps={{ withinPortal: true }} onChange={(z) => setV({ ...v, time_zone: z })} />
          </SimpleGrid>
          <Group>
            <Checkbox label={t('settings.admin')} checked={v.is_admin} onChange={(e) => setV({ ...v, is_admin: e.currentTarget.checked })} />
            <Checkbox label={t('settings.active')} checked={v.active} onChange={(e) => setV({ ...v, active: e.currentTarget.checked })} />
          </Group>
          <DialogActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
      {user && <UserSignIn userId={user.id} />}
    </Modal>
  );
}

/** An administrator's view of how a user signs in: a reset of their two-factor sign-in (a lost phone) and their sessions. */
function UserSignIn({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const call = useCall();
  const [reset, setReset] = useState(false);
  return (
    <Stack mt="lg">
      {call.error && <Alert color="red">{call.error}</Alert>}
      {reset && <Alert color="green">{t('security.reset_done')}</Alert>}
      <Button variant="default" w="fit-content" loading={call.busy}
        onClick={() => void call.run(async () => { await api(`/users/${userId}/2fa/reset`, { method: 'POST', body: {} }); setReset(true); })}>
        {t('security.reset_2fa')}
      </Button>
      <SessionsCard userId={userId} />
    </Stack>
  );
}
