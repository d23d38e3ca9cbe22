import { Alert, Badge, Button, Group, Modal, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useGroups, userLabel, useUsers } from '../api/directory';
import { errorText, SectionTitle } from './settings-ui';

interface Mailbox {
  id: string; name: string; host: string; port: number; tls: boolean; username: string; folder: string; move_to: string | null;
  interval_minutes: number; unknown_senders: 'create_contact' | 'triage'; assign_to: string | null; address: string | null; active: boolean;
  last_polled_at: string | null; last_error: string | null; last_result: Record<string, number> | null;
}
type Draft = Partial<Omit<Mailbox, 'id'>> & { password?: string };
const NEW: Draft = { port: 993, tls: true, folder: 'INBOX', interval_minutes: 5, unknown_senders: 'create_contact', active: true };

/** Support mailboxes: where tickets come in by e-mail (Settings → Mailboxes). */
export function MailboxesSettings() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['mailboxes'], queryFn: () => api<{ data: Mailbox[] }>('/settings/mailboxes').then((r) => r.data) });
  const [editing, setEditing] = useState<{ id?: string; draft: Draft } | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['mailboxes'] });
  const check = useMutation({
    mutationFn: ({ id, what }: { id: string; what: 'test' | 'poll' }) => api<{ data: Record<string, number> }>(`/settings/mailboxes/${id}/${what}`, { method: 'POST' }).then((r) => ({ what, data: r.data })),
    onSuccess: ({ what, data }) => setNotice({ ok: true, text: what === 'test' ? t('mailboxes.test_ok', { messages: data.messages, unseen: data.unseen }) : t('mailboxes.polled', data) }),
    onError: (e) => setNotice({ ok: false, text: errorText(e) }),
    onSettled: refresh,
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/settings/mailboxes/${id}`, { method: 'DELETE' }), onSettled: refresh });
  const when = (s: string | null) => (s ? new Date(s).toLocaleString(i18n.language) : '—');

  return (
    <Stack maw={1000}>
      <SectionTitle>{t('settings.mailboxes')}</SectionTitle>
      <Text size="sm" c="dimmed">{t('mailboxes.hint')}</Text>
      {notice && <Alert color={notice.ok ? 'green' : 'red'} role={notice.ok ? 'status' : 'alert'} withCloseButton onClose={() => setNotice(null)}>{notice.text}</Alert>}
      <Table withTableBorder aria-label={t('settings.mailboxes')}>
        <Table.Thead><Table.Tr>
          <Table.Th>{t('mailboxes.name')}</Table.Th><Table.Th>{t('mailboxes.account')}</Table.Th><Table.Th>{t('mailboxes.last_polled')}</Table.Th><Table.Th />
        </Table.Tr></Table.Thead>
        <Table.Tbody>
          {(q.data ?? []).map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{m.name} {!m.active && <Badge color="gray" size="sm">{t('mailboxes.paused')}</Badge>}</Table.Td>
              <Table.Td>{m.username} @ {m.host}:{m.port} / {m.folder}</Table.Td>
              <Table.Td>
                {when(m.last_polled_at)}
                {m.last_error ? <Text size="xs" c="red">{m.last_error}</Text> : m.last_result ? <Text size="xs" c="dimmed">{t('mailboxes.polled', m.last_result)}</Text> : null}
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => setEditing({ id: m.id, draft: { ...m } })}>{t('actions.edit')}</Button>
                  <Button size="xs" variant="default" loading={check.isPending && check.variables?.id === m.id && check.variables.what === 'test'} onClick={() => check.mutate({ id: m.id, what: 'test' })}>{t('mailboxes.test')}</Button>
                  <Button size="xs" variant="default" loading={check.isPending && check.variables?.id === m.id && check.variables.what === 'poll'} onClick={() => check.mutate({ id: m.id, what: 'poll' })}>{t('mailboxes.poll')}</Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => window.confirm(t('mailboxes.confirm_delete', { name: m.name })) && remove.mutate(m.id)}>{t('actions.delete')}</Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          {q.data?.length === 0 && <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" size="sm">{t('mailboxes.none')}</Text></Table.Td></Table.Tr>}
        </Table.Tbody>
      </Table>
      <Button w="fit-content" onClick={() => setEditing({ draft: { ...NEW } })}>{t('mailboxes.add')}</Button>
      {editing && <MailboxForm id={editing.id} initial={editing.draft} onClose={() => { setEditing(null); void refresh(); }} />}
    </Stack>
  );
}

/** A mailbox's settings: the support desk's (`/settings/mailboxes`) or the user's own (`/mailboxes/mine`, `personal`). */
export function MailboxForm({ id, initial, onClose, base = '/settings/mailboxes', personal }: { id?: string; initial: Draft; onClose(): void; base?: string; personal?: boolean }) {
  const { t } = useTranslation();
  const users = useUsers();
  const groups = useGroups();
  const [d, setD] = useState<Draft>(initial);
  const set = (patch: Draft) => setD((x) => ({ ...x, ...patch }));
  const save = useMutation({
    mutationFn: () => {
      const { last_polled_at: _a, last_error: _b, last_result: _c, ...body } = d as Mailbox & Draft;
      return api(id ? `${base}/${id}` : base, { method: id ? 'PUT' : 'POST', body: { ...body, id: undefined, has_password: undefined, owner_id: undefined, created_at: undefined } });
    },
    onSuccess: onClose,
  });
  const err = (k: string) => (save.error as { fields?: Record<string, string> } | null)?.fields?.[k];
  const assignees = [
    { group: t('reports.share_groups'), items: (groups.data ?? []).map((g) => ({ value: g.id, label: g.name })) },
    { group: t('reports.share_users'), items: (users.data ?? []).map((u) => ({ value: u.id, label: userLabel(u) })) },
  ];
  return (
    <Modal opened onClose={onClose} title={id ? d.name : personal ? t('mail.settings') : t('mailboxes.add')} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Stack>
          <TextInput label={t('mailboxes.name')} required value={d.name ?? ''} error={err('name')} onChange={(e) => set({ name: e.currentTarget.value })} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('mailboxes.host')} required placeholder="imap.example.com" value={d.host ?? ''} error={err('host')} onChange={(e) => set({ host: e.currentTarget.value })} />
            <NumberInput label={t('mailboxes.port')} min={1} max={65535} value={d.port ?? ''} error={err('port')} onChange={(v) => set({ port: Number(v) })} />
            <Switch mt="xl" label={t('mailboxes.tls')} checked={d.tls ?? true} onChange={(e) => set({ tls: e.currentTarget.checked })} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('mailboxes.username')} required autoComplete="off" value={d.username ?? ''} error={err('username')} onChange={(e) => set({ username: e.currentTarget.value })} />
            <PasswordInput label={t('mailboxes.password')} required={!id} autoComplete="new-password" placeholder={id ? t('mailboxes.password_kept') : ''} value={d.password ?? ''} error={err('password')}
              onChange={(e) => set({ password: e.currentTarget.value || undefined })} />
            <TextInput label={t('mailboxes.folder')} value={d.folder ?? ''} error={err('folder')} onChange={(e) => set({ folder: e.currentTarget.value })} />
            <TextInput label={t('mailboxes.move_to')} description={t('mailboxes.move_to_hint')} value={d.move_to ?? ''} error={err('move_to')} onChange={(e) => set({ move_to: e.currentTarget.value || null })} />
            <NumberInput label={t('mailboxes.interval')} min={1} max={1440} value={d.interval_minutes ?? ''} error={err('interval_minutes')} onChange={(v) => set({ interval_minutes: Number(v) })} />
            <TextInput label={t('mailboxes.address')} description={t('mailboxes.address_hint')} type="email" value={d.address ?? ''} error={err('address')} onChange={(e) => set({ address: e.currentTarget.value || null })} />
            {!personal && <Select label={t('mailboxes.unknown_senders')} allowDeselect={false} value={d.unknown_senders ?? 'create_contact'} error={err('unknown_senders')} comboboxProps={{ withinPortal: true }}
              data={[{ value: 'create_contact', label: t('mailboxes.unknown_create_contact') }, { value: 'triage', label: t('mailboxes.unknown_triage') }]}
              onChange={(v) => v && set({ unknown_senders: v as Mailbox['unknown_senders'] })} />}
            {!personal && <Select label={t('mailboxes.assign_to')} description={t('mailboxes.assign_to_hint')} clearable searchable data={assignees} value={d.assign_to ?? null} error={err('assign_to')}
              comboboxProps={{ withinPortal: true }} onChange={(v) => set({ assign_to: v })} />}
          </SimpleGrid>
          <Switch label={t('mailboxes.active')} checked={d.active ?? true} onChange={(e) => set({ active: e.currentTarget.checked })} />
          {save.error ? <Alert color="red" role="alert">{errorText(save.error)}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
            <Button type="submit" loading={save.isPending}>{t('actions.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
