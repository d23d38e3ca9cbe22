import { Alert, Anchor, Badge, Button, Card, Group, MultiSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useModules } from '../../api/meta';
import type { ModuleMeta, RecordData, Refs } from '../../api/types';
import { IconArrowLeft } from '../../app/icons';
import { FieldDisplay } from '../../fields/display';
import { MergeDialog } from './merge-dialog';
import { Loading } from '../../app/busy';

interface Groups { groups: { key: string; count: number; records: RecordData[] }[]; refs: Refs; has_more: boolean }

/** What people usually look for duplicates by: e-mail for persons, the name for companies and products. */
function defaultFields(m: ModuleMeta): string[] {
  const email = m.fields.find((f) => f.type === 'email');
  if (m.title_fields.length > 1 && email) return [email.name];
  return [m.title_fields[0]].filter(Boolean);
}

/** A name in parts (a contact's first and last name) may also be compared whole, as `name`. */
function partedName(m: ModuleMeta): { value: string; label: string }[] {
  if (m.title_fields.length < 2 || m.fields.some((f) => f.name === 'name')) return [];
  return [{ value: 'name', label: m.title_fields.map((n) => m.fields.find((f) => f.name === n)?.label ?? n).join(' + ') }];
}

/** Find duplicates in a module by chosen fields (compared normalised) and merge a group. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const { module: name = '' } = useParams();
  const meta = useModules();
  const m = meta.data?.module(name);
  const [fields, setFields] = useState<string[] | null>(null);
  const [merging, setMerging] = useState<string[] | null>(null);
  const search = useMutation({ mutationFn: (f: string[]) => api<{ data: Groups }>(`/duplicates/${name}`, { method: 'POST', body: { fields: f } }).then((r) => r.data) });
  if (meta.data && !m) return <Alert color="red" role="alert">{t('data.no_module')}</Alert>;
  if (!m) return <Loading error={meta.error} />;
  const chosen = fields ?? defaultFields(m);
  const options = [...partedName(m), ...m.fields.filter((f) => !f.hidden && !['json', 'image', 'file', 'boolean', 'multipicklist'].includes(f.type)).map((f) => ({ value: f.name, label: f.label }))];
  const shown = chosen.map((n) => m.fields.find((f) => f.name === n)!).filter(Boolean);

  return (
    <Stack gap="md">
      <Group gap="sm">
        <Button component={Link} to={`/${m.name}`} variant="subtle" leftSection={<IconArrowLeft />}>{m.label.many}</Button>
        <Title order={1} size="h2">{t('data.duplicates_in', { module: m.label.many })}</Title>
      </Group>
      <Group align="end">
        <MultiSelect label={t('data.compare_by')} data={options} value={chosen} onChange={setFields} maxValues={4} w={420} searchable />
        <Button onClick={() => search.mutate(chosen)} loading={search.isPending} disabled={!chosen.length}>{t('data.find')}</Button>
      </Group>
      {search.error && <Alert color="red" role="alert">{(search.error as Error).message}</Alert>}
      {search.data && !search.data.groups.length && <Text c="dimmed">{t('data.no_duplicates')}</Text>}
      {search.data?.groups.map((g) => (
        <Card key={g.key} withBorder padding="sm" role="group" aria-label={g.key}>
          <Group justify="space-between" mb="xs">
            <Group gap="xs"><Text fw={600}>{g.key}</Text><Badge variant="light">{g.count}</Badge></Group>
            <Button size="xs" onClick={() => setMerging(g.records.slice(0, 10).map((r) => r.id))}>{t('data.merge_group')}</Button>
          </Group>
          <Table>
            <Table.Tbody>
              {g.records.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><Anchor component={Link} to={`/${m.name}/${r.id}`}>{r.number}</Anchor></Table.Td>
                  {m.title_fields.map((f) => <Table.Td key={f}>{String(r[f] ?? '')}</Table.Td>)}
                  {shown.filter((f) => !m.title_fields.includes(f.name)).map((f) => <Table.Td key={f.name}><FieldDisplay field={f} value={r[f.name]} refs={search.data!.refs} /></Table.Td>)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
      {merging && <MergeDialog module={m} ids={merging} onClose={() => { setMerging(null); search.mutate(chosen); }} />}
    </Stack>
  );
}
