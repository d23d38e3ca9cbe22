import { Accordion } from '@mantine/core';
import { useState } from 'react';
import type { ModuleMeta, RecordData } from '../../api/types';
import { useModules } from '../../api/meta';
import { RelatedList } from './related-list';

/** One section per relation; a section loads its rows when it is opened. */
export function RelatedLists({ module, record }: { module: ModuleMeta; record: RecordData }) {
  const meta = useModules();
  const relations = module.relations.filter((r) => meta.data?.module(r.module));
  const [open, setOpen] = useState<string[]>(relations.slice(0, 1).map((r) => r.name));
  return (
    <Accordion multiple value={open} onChange={setOpen} variant="separated">
      {relations.map((rel) => (
        <Accordion.Item key={rel.name} value={rel.name}>
          <Accordion.Control>{rel.label}</Accordion.Control>
          <Accordion.Panel>
            {open.includes(rel.name) && <RelatedList module={module} record={record} relation={rel} target={meta.data!.module(rel.module)!} />}
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
