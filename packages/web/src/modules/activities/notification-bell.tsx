import { ActionIcon, Button, Indicator, Popover, ScrollArea, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useCurrentUser } from '../../app/auth';
import { IconBell } from '../../app/icons';
import { formatDateTime } from '../../i18n/format';

interface Notification { id: string; kind: string; record: { module: string; id: string; label: string | null } | null; message: string | null; created_at: string; read_at: string | null }

/** The bell: unread count kept live by server-sent events, the latest notifications one click away. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const q = useQuery({ queryKey: ['notifications'], queryFn: () => api<{ data: Notification[]; unread: number }>('/notifications?limit=20'), refetchInterval: 60_000 });
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/notifications/stream');
    source.addEventListener('unread', () => void client.invalidateQueries({ queryKey: ['notifications'] }));
    return () => source.close();
  }, [client]);
  const unread = q.data?.unread ?? 0;

  async function openOne(n: Notification) {
    setOpen(false);
    if (!n.read_at) await api(`/notifications/${n.id}/read`, { method: 'POST' });
    await client.invalidateQueries({ queryKey: ['notifications'] });
    if (n.record) navigate(`/${n.record.module}/${n.record.id}`);
    else if (n.kind === 'import_done') navigate('/imports');
  }

  return (
    <Indicator disabled={!unread} label={unread} size={16} offset={4}>
    <Popover opened={open} onChange={setOpen} position="bottom-end" width={340} withinPortal>
      <Popover.Target>
        <ActionIcon variant="subtle" size="lg" aria-label={t('activities.notifications', { count: unread })} onClick={() => setOpen((o) => !o)}><IconBell size={18} /></ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={400}>
          <Stack gap="xs">
            {q.error ? <Text size="sm" c="red" role="alert">{q.error.message}</Text> : !q.data?.data.length && <Text size="sm" c="dimmed">{t('activities.no_notifications')}</Text>}
            {q.data?.data.map((n) => (
              <UnstyledButton key={n.id} onClick={() => void openOne(n)} aria-label={`${t(`activities.notice_${n.kind}`)}: ${n.record?.label ?? n.message ?? '…'}`}>
                <Text size="sm" fw={n.read_at ? 400 : 700}>{t(`activities.notice_${n.kind}`)}: {n.record?.label ?? n.message ?? '…'}</Text>
                <Text size="xs" c="dimmed">{formatDateTime(n.created_at, i18n.language)}</Text>
              </UnstyledButton>
            ))}
            {unread > 0 && <Button size="xs" variant="default" onClick={() => void api('/notifications/read-all', { method: 'POST' }).then(() => client.invalidateQueries({ queryKey: ['notifications'] }))}>{t('activities.read_all')}</Button>}
            <EmailCopiesSwitch />
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
    </Indicator>
  );
}

/** The user's own setting: an e-mail copy of each notification. */
function EmailCopiesSwitch() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['email_notifications', me.id],
    // One's own user record (the list of users shows others only their names, to everyone but administrators).
    queryFn: () => api<{ data: { email_notifications?: boolean } }>(`/users/${me.id}`).then((r) => !!r.data.email_notifications),
  });
  const toggle = useMutation({
    mutationFn: (on: boolean) => api(`/users/${me.id}`, { method: 'PATCH', body: { email_notifications: on } }),
    onSuccess: (_r, on) => client.setQueryData(['email_notifications', me.id], on),
  });
  return (
    <Switch size="xs" label={t('activities.email_copies')} checked={q.data ?? false} disabled={q.data === undefined || toggle.isPending}
      error={(q.error ?? toggle.error)?.message} onChange={(e) => toggle.mutate(e.currentTarget.checked)} />
  );
}
