import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { useCurrentUser } from '../auth';

export interface SessionRow { id: string; created_at: string; last_seen_at: string; ip: string | null; user_agent: string | null; current: boolean }

/** Where a user is signed in, and signing out one device or every other one — the user's own, or (administrators) anyone's. */
export function SessionsCard({ userId }: { userId?: string }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const id = userId ?? me.id;
  const client = useQueryClient();
  const key = ['sessions', id];
  const sessions = useQuery({ queryKey: key, queryFn: () => api<{ data: SessionRow[] }>(`/users/${id}/sessions`).then((r) => r.data) });
  const signOut = async (session?: string) => {
    await api(session ? `/users/${id}/sessions/${session}` : `/users/${id}/sessions`, { method: 'DELETE' });
    await client.invalidateQueries({ queryKey: key });
  };
  const others = (sessions.data ?? []).filter((s) => !s.current).length;
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">{t('security.sessions')}</Title>
          <Button variant="default" color="red" disabled={!others} onClick={() => void signOut()}>{t('security.sign_out_everywhere')}</Button>
        </Group>
        <Table striped fz="sm" aria-label={t('security.sessions')}>
          <Table.Thead><Table.Tr><Table.Th>{t('security.device')}</Table.Th><Table.Th>{t('security.address')}</Table.Th><Table.Th>{t('security.last_seen')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(sessions.data ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td><Text size="sm" lineClamp={1} maw={320} title={s.user_agent ?? ''}>{s.user_agent ?? '—'}</Text></Table.Td>
                <Table.Td>{s.ip ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(s.last_seen_at, i18n.language)}</Table.Td>
                <Table.Td>{s.current ? <Badge>{t('security.this_session')}</Badge> : <Button size="xs" variant="subtle" onClick={() => void signOut(s.id)}>{t('security.sign_out')}</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
