import { Alert, Anchor, Box, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { RecordPanelProps } from '../../records/record/module-extensions';
import { Busy } from '../../app/busy';

interface Node { id: string; parent_id: string | null; number: string; label: string; depth: number }

/** The account's parents and subsidiaries as a tree (what the user may see), the account itself in bold. */
export function HierarchyTab({ module, record }: RecordPanelProps) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['records', module.name, 'hierarchy', record.id, record.version],
    queryFn: () => api<{ root: string; nodes: Node[]; truncated: boolean }>(`/records/${module.name}/${record.id}/hierarchy`),
  });
  if (q.isPending) return <Busy />;
  if (q.error) return <Alert color="red">{(q.error as Error).message}</Alert>;
  const children = new Map<string | null, Node[]>();
  for (const n of q.data!.nodes) children.set(n.parent_id, [...(children.get(n.parent_id) ?? []), n]);
  const branch = (n: Node): React.ReactNode => (
    <li key={n.id}>
      {n.id === record.id ? <Text span fw={700} aria-current="true">{n.label} · {n.number}</Text>
        : <Anchor component={Link} to={`/${module.name}/${n.id}`}>{n.label} · {n.number}</Anchor>}
      {(children.get(n.id) ?? []).length > 0 && <ul>{children.get(n.id)!.map(branch)}</ul>}
    </li>
  );
  const root = q.data!.nodes.find((n) => n.id === q.data!.root);
  return (
    <Stack>
      <Box component="ul" role="tree" aria-label={t('record.hierarchy')} className="karta-tree">{root && branch(root)}</Box>
      {q.data!.truncated && <Text size="sm" c="dimmed">{t('record.hierarchy_more')}</Text>}
    </Stack>
  );
}
