import { Alert, Button, Group, Modal, Radio, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { editableFields } from '../../api/meta';
import { fetchList, useInvalidateRecords } from '../../api/records';
import type { ModuleMeta, RecordData } from '../../api/types';
import { FieldDisplay } from '../../fields/display';
import { Loading } from '../../app/busy';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);

/**
 * Merge two or more records: the record to keep, and for each field that differs the record whose value it
 * takes (the kept one's, or the first filled one when it is empty). Related records, comments, activities,
 * documents, tags and history move to it; the others go to the recycle bin.
 */
export function MergeDialog({ module, ids, onClose }: { module: ModuleMeta; ids: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const invalidate = useInvalidateRecords();
  const q = useQuery({
    queryKey: ['merge', module.name, ids],
    queryFn: () => fetchList(module.name, { where: { and: [{ field: 'id', op: 'in', value: ids }] }, limit: ids.length, count: false }),
  });
  const records = ids.map((id) => q.data?.data.find((r) => r.id === id)).filter((r): r is RecordData => !!r);
  const [keep, setKeep] = useState<string>(ids[0]);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = editableFields(module).filter((f) => f.name !== 'tags' && records.some((r) => !same(r[f.name], records[0]?.[f.name])));

  // The default: the kept record's value, or the first record that has one.
  useEffect(() => {
    const kept = records.find((r) => r.id === keep);
    if (!kept) return;
    setChoice(Object.fromEntries(fields.map((f) => [f.name, empty(kept[f.name]) ? (records.find((r) => !empty(r[f.name]))?.id ?? keep) : keep])));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keep, q.data]);

  async function merge() {
    setBusy(true);
    setError(null);
    try {
      const order = [keep, ...ids.filter((id) => id !== keep)];
      await api(`/records/${module.name}/merge`, { method: 'POST', body: { ids: order, values: choice } });
      await invalidate();
      onClose();
      navigate(`/${module.name}/${keep}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('data.merge_title', { count: ids.length })} size="xl">
      {!q.data ? <Loading error={q.error} /> : (
        <>
          <Text size="sm" mb="sm">{t('data.merge_hint')}</Text>
          <Table.ScrollContainer minWidth={500}>
            <Table withTableBorder aria-label={t('data.merge_title', { count: ids.length })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  {records.map((r) => (
                    <Table.Th key={r.id}>
                      <Radio name="keep" checked={keep === r.id} onChange={() => setKeep(r.id)} label={t('data.keep', { number: r.number })} />
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fields.map((f) => (
                  <Table.Tr key={f.name}>
                    <Table.Td fw={500}>{f.label}</Table.Td>
                    {records.map((r) => (
                      <Table.Td key={r.id}>
                        <Radio name={`field-${f.name}`} checked={choice[f.name] === r.id} onChange={() => setChoice({ ...choice, [f.name]: r.id })}
                          aria-label={t('data.take_value', { field: f.label, number: r.number })}
                          label={<FieldDisplay field={f} value={r[f.name]} refs={q.data?.refs ?? {}} />} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {!fields.length && records.length === ids.length && <Text size="sm" c="dimmed">{t('data.merge_same')}</Text>}
          {records.length < ids.length && <Alert color="red" role="alert" mt="sm">{t('data.merge_missing')}</Alert>}
          {error && <Alert color="red" role="alert" mt="sm">{error}</Alert>}
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
            <Button color="red" loading={busy} disabled={records.length < ids.length} onClick={() => void merge()}>{t('data.merge')}</Button>
          </Group>
        </>
      )}
    </Modal>
  );
}
