import { Accordion, Badge, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ModuleMeta, RecordData } from '../../api/types';
import { useModules } from '../../api/meta';
import { RelatedList } from './related-list';

/** One section per relation; a section loads its rows when it is opened. */
export function RelatedLists({ module, record }: { module: ModuleMeta; record: RecordData }) {
  const { t } = useTranslation();
  const meta = useModules();
  const relations = module.relations.filter((r) => meta.data?.module(r.module));
  const [open, setOpen] = useState<string[]>(relations.slice(0, 1).map((r) => r.name));
  const counts = useQuery({
    queryKey: ['records', module.name, 'related_counts', record.id, record.version],
    queryFn: () => api<{ data: Record<string, number> }>(`/records/${module.name}/${record.id}/related_counts`).then((r) => r.data),
  });
  return (
    <Accordion multiple value={open} onChange={setOpen} variant="separated">
      {relations.map((rel) => (
        <Accordion.Item key={rel.name} value={rel.name}>
          <Accordion.Control>
            <Group gap="xs">{rel.label}{counts.data?.[rel.name] !== undefined && <Badge size="sm" variant="light" aria-label={t('related.count')}>{counts.data[rel.name]}</Badge>}</Group>
          </Accordion.Control>
          <Accordion.Panel>
            {open.includes(rel.name) && <RelatedList module={module} record={record} relation={rel} target={meta.data!.module(rel.module)!} />}
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
