import { ActionIcon, Alert, Button, Card, Group, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { IconTrash } from '../app/icons';
import { LANGUAGE_NAMES, UI_LANGUAGES, type UiLanguage } from '../i18n/languages';
import { errorText } from './settings-ui';

export interface EditableOption { value: string; label: Record<UiLanguage, string> }

/** One picklist: values in order with a label per language; add, remove, move, save as a whole. */
export function PicklistEditor({ module, field, label, initial }: { module: string; field: string; label: string; initial: EditableOption[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [rows, setRows] = useState(initial);
  const [fresh, setFresh] = useState('');
  const save = useMutation({
    mutationFn: () => api(`/meta/modules/${module}/fields/${field}/options`, { method: 'PUT', body: { options: rows.map(({ value, label: l }) => ({ value, label: l })) } }),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: ['meta'] }); await client.invalidateQueries({ queryKey: ['picklist-translations', module] }); },
  });
  const setLabel = (i: number, l: UiLanguage, text: string) => setRows((r) => r.map((o, j) => (j === i ? { ...o, label: { ...o.label, [l]: text } } : o)));
  const move = (i: number, d: number) => setRows((r) => { const c = [...r]; const [x] = c.splice(i, 1); c.splice(i + d, 0, x); return c; });
  const add = () => {
    const value = fresh.trim();
    if (!value || rows.some((o) => o.value === value)) return;
    setRows((r) => [...r, { value, label: Object.fromEntries(UI_LANGUAGES.map((l) => [l, value])) as Record<UiLanguage, string> }]);
    setFresh('');
  };
  const changed = JSON.stringify(rows) !== JSON.stringify(initial);

  return (
    <Card withBorder component="section" aria-label={label}>
      <Title order={3} size="h5" mb="xs">{label}</Title>
      <div className="karta-table-wrap">
        <Table fz="sm" withTableBorder aria-label={label}>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('settings.value')}</Table.Th>{UI_LANGUAGES.map((l) => <Table.Th key={l}>{LANGUAGE_NAMES[l]}</Table.Th>)}<Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((o, i) => (
              <Table.Tr key={o.value}>
                <Table.Td><code>{o.value}</code></Table.Td>
                {UI_LANGUAGES.map((l) => (
                  <Table.Td key={l} lang={l}>
                    <TextInput size="xs" aria-label={`${o.value}: ${LANGUAGE_NAMES[l]}`} value={o.label[l]} onChange={(e) => setLabel(i, l, e.currentTarget.value)} />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={t('settings.move_up', { value: o.value })} disabled={i === 0} onClick={() => move(i, -1)}>↑</ActionIcon>
                    <ActionIcon variant="subtle" aria-label={t('settings.move_down', { value: o.value })} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>↓</ActionIcon>
                    <ActionIcon variant="subtle" color="red" aria-label={t('settings.remove_value', { value: o.value })} onClick={() => setRows((r) => r.filter((_, j) => j !== i))}><IconTrash /></ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Group mt="xs" gap="xs">
        <TextInput size="xs" aria-label={t('settings.new_value', { field: label })} placeholder={t('settings.new_value', { field: label })} value={fresh}
          onChange={(e) => setFresh(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }} />
        <Button size="xs" variant="default" onClick={add}>{t('settings.add_value')}</Button>
        <Button size="xs" disabled={!changed} loading={save.isPending} onClick={() => save.mutate()}>{t('actions.save')}</Button>
      </Group>
      {save.error && <Alert color="red" mt="xs" role="alert">{errorText(save.error)}</Alert>}
      {save.isSuccess && !changed && <Alert color="green" mt="xs">{t('settings.saved')}</Alert>}
    </Card>
  );
}
