import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { UI_LANGUAGES, LANGUAGE_NAMES } from '../i18n/languages';
import { errorText, ModulePicker, SectionTitle } from './settings-ui';
import { Loading } from '../app/busy';
import { rebaseLayout, type LayoutBlock } from './layout-rebase';

type Label = Record<string, string>;
type Block = LayoutBlock;
interface Field { name: string; type: string; label: Label; custom: boolean; required: boolean }
interface Layout { blocks: Block[]; fields: Field[]; deleted_fields: { name: string; type: string; label: Label; deleted_at: string }[]; revision: string | null }

/**
 * vTiger's layout editor: a module's blocks in order with their fields; move blocks and fields up and down, move a
 * field to another block, add a block of one's own; relabel, (un)require and delete custom fields — a deleted field
 * keeps its data under "Deleted fields" until deleted for good. Saved as a whole; forms and record pages follow.
 */
export function LayoutSettings() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [module, setModule] = useState('accounts');
  const q = useQuery({ queryKey: ['layout', module], queryFn: () => api<Layout>(`/meta/modules/${module}/layout`) });
  const [blocks, setBlocks] = useState<Block[] | null>(null);
  const [editing, setEditing] = useState<Field | null>(null);
  const [busy, setBusy] = useState(false);
  // A refresh after relabelling, restoring or purging a field keeps the unsaved moves; another module starts afresh.
  const shown = useRef<{ module: string; blocks: Block[] } | null>(null);
  useEffect(() => {
    const before = shown.current?.module === module ? shown.current.blocks : null;
    shown.current = q.data ? { module, blocks: q.data.blocks } : null;
    setBlocks((mine) => (q.data ? rebaseLayout(before && mine, before, q.data.blocks) : null));
  }, [q.data, module]);
  const lang = i18n.language;
  const say = (l: Label) => l[lang] || l.en;
  const field = (name: string) => q.data?.fields.find((f) => f.name === name);
  const dirty = JSON.stringify(blocks) !== JSON.stringify(q.data?.blocks);

  const moveBlock = (i: number, by: number) => setBlocks((bs) => { const next = [...bs!]; [next[i], next[i + by]] = [next[i + by], next[i]]; return next; });
  const moveField = (b: number, i: number, by: number) => setBlocks((bs) => bs!.map((x, j) => {
    if (j !== b) return x;
    const f = [...x.fields]; [f[i], f[i + by]] = [f[i + by], f[i]]; return { ...x, fields: f };
  }));
  const toBlock = (name: string, key: string) => setBlocks((bs) => bs!.map((x) => (x.key === key ? { ...x, fields: [...x.fields.filter((f) => f !== name), name] } : { ...x, fields: x.fields.filter((f) => f !== name) })));
  const addBlock = () => {
    const label = window.prompt(t('settings.block_name'));
    if (!label?.trim()) return;
    setBlocks((bs) => [...bs!, { key: `custom_${Date.now().toString(36)}`, label: { en: label.trim() }, fields: [], custom: true }]);
  };
  const refresh = async () => { await client.invalidateQueries({ queryKey: ['layout', module] }); await client.invalidateQueries({ queryKey: ['meta'] }); };
  async function run(fn: () => Promise<unknown>, done: string) {
    setBusy(true);
    try { await fn(); await refresh(); notifications.show({ color: 'green', message: done }); } catch (e) { notifications.show({ color: 'red', message: errorText(e) }); } finally { setBusy(false); }
  }

  return (
    <Stack>
      <SectionTitle>{t('settings.layout')}</SectionTitle>
      <Group align="flex-end" justify="space-between">
        <ModulePicker value={module} onChange={setModule} />
        <Group>
          <Button variant="default" onClick={addBlock} disabled={!blocks}>{t('settings.add_block')}</Button>
          <Button disabled={!dirty} loading={busy} onClick={() => void run(() => api(`/meta/modules/${module}/layout`, { method: 'PUT', body: { blocks: blocks!.map(({ key, label, fields }) => ({ key, label, fields })), revision: q.data?.revision ?? null } }), t('settings.saved'))}>{t('actions.save')}</Button>
        </Group>
      </Group>
      {q.isPending || !blocks ? <Loading error={q.error} /> : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {blocks.map((b, bi) => (
            <Card key={b.key} withBorder role="group" aria-label={say(b.label)}>
              <Group justify="space-between" mb="xs">
                <Title order={3} size="h5">{say(b.label)}</Title>
                <Group gap={2}>
                  <ActionIcon variant="subtle" aria-label={t('settings.block_up', { block: say(b.label) })} disabled={bi === 0} onClick={() => moveBlock(bi, -1)}>↑</ActionIcon>
                  <ActionIcon variant="subtle" aria-label={t('settings.block_down', { block: say(b.label) })} disabled={bi === blocks.length - 1} onClick={() => moveBlock(bi, 1)}>↓</ActionIcon>
                </Group>
              </Group>
              <Table fz="sm">
                <Table.Tbody>
                  {b.fields.map((name, fi) => {
                    const f = field(name);
                    if (!f) return null;
                    return (
                      <Table.Tr key={name}>
                        <Table.Td>
                          <Text size="sm">{say(f.label)} {f.required && <Text span c="red">*</Text>}</Text>
                          <Group gap={4}><Text size="xs" c="dimmed">{name}</Text>{f.custom && <Badge size="xs" variant="light">{t('settings.custom')}</Badge>}</Group>
                        </Table.Td>
                        <Table.Td w={210}>
                          <Group gap={2} wrap="nowrap" justify="flex-end">
                            <ActionIcon variant="subtle" size="sm" aria-label={t('settings.field_up', { field: say(f.label) })} disabled={fi === 0} onClick={() => moveField(bi, fi, -1)}>↑</ActionIcon>
                            <ActionIcon variant="subtle" size="sm" aria-label={t('settings.field_down', { field: say(f.label) })} disabled={fi === b.fields.length - 1} onClick={() => moveField(bi, fi, 1)}>↓</ActionIcon>
                            <Select size="xs" w={120} aria-label={t('settings.move_field', { field: say(f.label) })} placeholder={t('settings.move_to_block')} value={null}
                              data={blocks.filter((x) => x.key !== b.key).map((x) => ({ value: x.key, label: say(x.label) }))} comboboxProps={{ withinPortal: true }}
                              onChange={(v) => v && toBlock(name, v)} />
                            {f.custom && <ActionIcon variant="subtle" size="sm" aria-label={t('settings.edit_field', { field: say(f.label) })} onClick={() => setEditing(f)}>✎</ActionIcon>}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {dirty && <Alert color="yellow">{t('settings.layout_unsaved')}</Alert>}
      {!!q.data?.deleted_fields.length && (
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">{t('settings.deleted_fields')}</Title>
          <Text size="sm" c="dimmed" mb="xs">{t('settings.deleted_fields_hint')}</Text>
          {q.data.deleted_fields.map((f) => (
            <Group key={f.name} justify="space-between" py={4}>
              <Text size="sm">{say(f.label)} <Text span size="xs" c="dimmed">{f.name}</Text></Text>
              <Group gap="xs">
                <Button size="xs" variant="light" onClick={() => void run(() => api(`/meta/modules/${module}/fields/${f.name}/restore`, { method: 'POST' }), t('settings.field_restored'))}>{t('settings.restore')}</Button>
                <Button size="xs" color="red" variant="subtle" onClick={() => { if (window.confirm(t('settings.purge_confirm', { field: say(f.label) }))) void run(() => api(`/meta/modules/${module}/fields/${f.name}?purge=1`, { method: 'DELETE' }), t('settings.field_purged')); }}>{t('settings.purge')}</Button>
              </Group>
            </Group>
          ))}
        </Card>
      )}
      {editing && <EditFieldDialog module={module} field={editing} onClose={() => setEditing(null)} onDone={async (msg) => { setEditing(null); await refresh(); notifications.show({ color: 'green', message: msg }); }} />}
    </Stack>
  );
}

function EditFieldDialog({ module, field, onClose, onDone }: { module: string; field: Field; onClose(): void; onDone(msg: string): void }) {
  const { t, i18n } = useTranslation();
  const [label, setLabel] = useState<Label>({ ...field.label });
  const [required, setRequired] = useState(field.required);
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>, msg: string) => { try { await fn(); onDone(msg); } catch (e) { setError(errorText(e)); } };
  return (
    <Modal opened onClose={onClose} title={t('settings.edit_field', { field: field.label[i18n.language as keyof Label] || field.label.en })}>
      <Stack>
        {UI_LANGUAGES.map((l) => <TextInput key={l} label={t('settings.label_in', { language: LANGUAGE_NAMES[l] })} value={label[l] ?? ''} onChange={(e) => { const v = e.currentTarget.value; setLabel((x) => ({ ...x, [l]: v })); }} />)}
        <Switch label={t('settings.required')} checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="space-between">
          <Button color="red" variant="light" onClick={() => void act(() => api(`/meta/modules/${module}/fields/${field.name}`, { method: 'DELETE' }), t('settings.field_deleted'))}>{t('actions.delete')}</Button>
          <Group>
            <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
            <Button onClick={() => void act(() => api(`/meta/modules/${module}/fields/${field.name}`, { method: 'PATCH', body: { label, required } }), t('settings.saved'))}>{t('actions.save')}</Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
