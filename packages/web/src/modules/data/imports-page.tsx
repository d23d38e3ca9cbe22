import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useModules } from '../../api/meta';
import { formatDateTime } from '../../i18n/format';
import { ACTIVE_STATES, type ImportStatus } from './types';
import { Loading } from '../../app/busy';

/** Recent imports (mine; an administrator's: everyone's), the running ones refreshing themselves. */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const meta = useModules();
  const q = useQuery({
    queryKey: ['imports', 'list'], queryFn: () => api<{ data: ImportStatus[] }>('/imports').then((r) => r.data),
    refetchInterval: (query) => (query.state.data?.some((i) => ACTIVE_STATES.includes(i.state)) ? 2000 : false),
  });
  return (
    <Stack gap="md">
      <Title order={1} size="h2">{t('data.imports')}</Title>
      {!q.data ? <Loading error={q.error} /> : !q.data.length ? <Text c="dimmed">{t('data.no_imports')}</Text> : (
        <Table striped aria-label={t('data.imports')}>
          <Table.Thead><Table.Tr>
            <Table.Th>{t('data.file')}</Table.Th><Table.Th>{t('data.module')}</Table.Th><Table.Th>{t('data.when')}</Table.Th>
            <Table.Th>{t('data.state')}</Table.Th><Table.Th>{t('data.result')}</Table.Th>
          </Table.Tr></Table.Thead>
          <Table.Tbody>
            {q.data.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td><Anchor component={Link} to={`/imports/${i.id}`}>{i.filename}</Anchor></Table.Td>
                <Table.Td>{meta.data?.module(i.module)?.label.many ?? i.module}</Table.Td>
                <Table.Td>{formatDateTime(i.created_at, i18n.language)}</Table.Td>
                <Table.Td><Badge variant="light">{t(`data.state_${i.state}`)}</Badge></Table.Td>
                <Table.Td>{i.done}/{i.total} · +{i.created} ~{i.updated} !{i.failed}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
