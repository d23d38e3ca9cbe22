import { Badge, Button, Group, Popover, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ModuleMeta, Where } from '../../api/types';

/** The module's tags by use (bigger when used more); picking one filters the list by it. */
export function TagCloud({ module, onPick }: { module: ModuleMeta; onPick(where: Where): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const q = useQuery({ queryKey: ['records', module.name, 'tags'], queryFn: () => api<{ data: { tag: string; count: number }[] }>(`/records/${module.name}/tags`).then((r) => r.data), enabled: open });
  const max = Math.max(1, ...(q.data ?? []).map((x) => x.count));
  return (
    <Popover opened={open} onChange={setOpen} width={320} position="bottom-start" withinPortal>
      <Popover.Target>
        <Button variant="default" onClick={() => setOpen((o) => !o)} aria-expanded={open}>{t('list.tags')}</Button>
      </Popover.Target>
      <Popover.Dropdown aria-label={t('list.tag_cloud')}>
        {!q.data?.length && <Text size="sm" c="dimmed">{t('list.no_tags')}</Text>}
        <Group gap={6}>
          {(q.data ?? []).map((x) => (
            <Badge key={x.tag} component="button" variant="light" style={{ cursor: 'pointer', fontSize: `${0.7 + 0.5 * (x.count / max)}rem` }}
              onClick={() => { setOpen(false); onPick({ and: [{ field: 'tags', op: 'contains', value: x.tag }] }); }}
              aria-label={t('list.tag_filter', { tag: x.tag, count: x.count })}>{x.tag} · {x.count}</Badge>
          ))}
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
