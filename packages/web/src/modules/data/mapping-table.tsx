import { Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, firstProblem, qs } from '../../api/client';
import type { ImportPreview, Mapping, SavedMapping } from './types';

const cellText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Column → field, as the server matched them (by name or label); changed by hand, saved under a name, applied again. */
export function MappingTable({ module, preview, mapping, onChange }: { module: string; preview: ImportPreview; mapping?: Mapping; onChange(m: Mapping): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const saved = useQuery({ queryKey: ['import-mappings', module], queryFn: () => api<{ data: SavedMapping[] }>(`/imports/mappings${qs({ module })}`).then((r) => r.data) });
  // The choices made so far win over the preview's echo of them: the preview of one choice may still be on its way
  // when the next is made, and building on its older answer would undo the first.
  const current: Mapping = { ...Object.fromEntries(preview.columns.map((c) => [c.column, c.field])), ...(mapping ?? {}) };
  const fieldOptions = preview.fields.map((f) => ({ value: f.name, label: f.required ? `${f.label} *` : f.label }));
  const unmapped = preview.fields.filter((f) => f.required && !preview.columns.some((c) => c.field === f.name));

  function apply(id: string | null) {
    const m = saved.data?.find((s) => s.id === id);
    // Columns the saved mapping does not know keep what they had.
    if (m) onChange({ ...current, ...Object.fromEntries(Object.entries(m.mapping).filter(([c]) => c in current)) });
  }
  async function save() {
    setSaving(true);
    setSaveError(null);
    try {
      await api('/imports/mappings', { method: 'POST', body: { module, name: name.trim(), mapping: current } });
      await client.invalidateQueries({ queryKey: ['import-mappings', module] });
      notifications.show({ message: t('data.mapping_saved', { name: name.trim() }) });
      setName('');
    } catch (e) {
      setSaveError(firstProblem(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Group align="end" gap="sm" mb="sm" wrap="wrap">
        {!!saved.data?.length && <Select label={t('data.saved_mappings')} placeholder={t('data.apply_mapping')} data={saved.data.map((s) => ({ value: s.id, label: s.name }))} onChange={apply} w={240} />}
        <TextInput label={t('data.save_mapping_as')} value={name} onChange={(e) => setName(e.currentTarget.value)} w={240} error={saveError} />
        <Button variant="default" disabled={!name.trim()} loading={saving} onClick={() => void save()}>{t('actions.save')}</Button>
      </Group>
      {unmapped.length > 0 && <Text size="sm" c="orange" mb="xs">{t('data.required_unmapped', { fields: unmapped.map((f) => f.label).join(', ') })}</Text>}
      <Table.ScrollContainer minWidth={480}>
        <Table striped aria-label={t('data.step_columns')}>
          <Table.Thead><Table.Tr><Table.Th>{t('data.column')}</Table.Th><Table.Th>{t('data.sample')}</Table.Th><Table.Th>{t('data.field')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {preview.columns.map((c, i) => (
              <Table.Tr key={`${i}-${c.column}`}>
                <Table.Td>{c.column || <Text c="dimmed" span>#{i + 1}</Text>}</Table.Td>
                <Table.Td><Text size="sm" c="dimmed" truncate maw={260}>{cellText(preview.rows[0]?.cells[i])}</Text></Table.Td>
                <Table.Td>
                  <Select aria-label={t('data.field_for', { column: c.column || `#${i + 1}` })} placeholder={t('data.skip_column')} searchable clearable
                    data={fieldOptions} value={current[c.column] ?? null} onChange={(v) => onChange({ ...current, [c.column]: v })} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
