import { Alert, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useGroups, useRoles } from '../api/directory';
import { useModules } from '../api/meta';
import { errorText } from './settings-ui';

type Kind = 'role' | 'role_and_subordinates' | 'group';
interface Rule { id: string; module: string; from: Partial<Record<Kind, string>>; to: Partial<Record<Kind, string>>; access: 'read' | 'read_write' }
const KINDS: Kind[] = ['role', 'role_and_subordinates', 'group'];
const RULES = ['sharing_rules'];

/** Sharing rules: records of a module owned by one role or group, opened to another for reading or also writing. */
export function SharingRules() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const meta = useModules();
  const roles = useRoles();
  const groups = useGroups();
  const rules = useQuery({ queryKey: RULES, queryFn: () => api<{ data: Rule[] }>('/sharing_rules').then((r) => r.data) });
  const [draft, setDraft] = useState({ module: 'accounts', fromKind: 'role' as Kind, from: null as string | null, toKind: 'role' as Kind, to: null as string | null, access: 'read' });
  const add = useMutation({
    mutationFn: () => api('/sharing_rules', { method: 'POST', body: { module: draft.module, from: { [draft.fromKind]: draft.from }, to: { [draft.toKind]: draft.to }, access: draft.access } }),
    onSuccess: () => client.invalidateQueries({ queryKey: RULES }),
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/sharing_rules/${id}`, { method: 'DELETE' }), onSuccess: () => client.invalidateQueries({ queryKey: RULES }) });
  const partyOptions = (kind: Kind) => (kind === 'group' ? groups.data ?? [] : roles.data ?? []).map((x) => ({ value: x.id, label: x.name }));
  const partyLabel = (p: Partial<Record<Kind, string>>) => {
    const [kind, id] = Object.entries(p)[0] as [Kind, string];
    return `${t(`access.kind_${kind}`)}: ${partyOptions(kind).find((o) => o.value === id)?.label ?? id}`;
  };
  const moduleLabel = (name: string) => meta.data?.modules.find((m) => m.name === name)?.label.many ?? name;
  const kinds = KINDS.map((k) => ({ value: k, label: t(`access.kind_${k}`) }));
  return (
    <Card withBorder>
      <Stack>
        <Title order={3} size="h4">{t('access.sharing_rules')}</Title>
        <Text size="sm" c="dimmed">{t('access.sharing_rules_hint')}</Text>
        {rules.error && <Alert color="red" role="alert">{errorText(rules.error)}</Alert>}
        <div className="karta-table-wrap">
          <Table striped fz="sm" aria-label={t('access.sharing_rules')}>
            <Table.Tbody>
              {(rules.data ?? []).map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{moduleLabel(r.module)}</Table.Td><Table.Td>{partyLabel(r.from)}</Table.Td><Table.Td>→ {partyLabel(r.to)}</Table.Td>
                  <Table.Td>{t(`access.${r.access}`)}</Table.Td>
                  <Table.Td><Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(r.id)}>{t('actions.delete')}</Button></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        <Group align="flex-end" wrap="wrap">
          <Select label={t('settings.module')} w={180} searchable allowDeselect={false} value={draft.module} comboboxProps={{ withinPortal: true }}
            data={(meta.data?.modules ?? []).map((m) => ({ value: m.name, label: m.label.many }))} onChange={(v) => v && setDraft({ ...draft, module: v })} />
          <Select label={t('access.owned_by')} w={190} data={kinds} allowDeselect={false} value={draft.fromKind} comboboxProps={{ withinPortal: true }} onChange={(v) => v && setDraft({ ...draft, fromKind: v as Kind, from: null })} />
          <Select aria-label={t('access.owned_by')} w={180} searchable data={partyOptions(draft.fromKind)} value={draft.from} comboboxProps={{ withinPortal: true }} onChange={(v) => setDraft({ ...draft, from: v })} />
          <Select label={t('access.shared_with')} w={190} data={kinds} allowDeselect={false} value={draft.toKind} comboboxProps={{ withinPortal: true }} onChange={(v) => v && setDraft({ ...draft, toKind: v as Kind, to: null })} />
          <Select aria-label={t('access.shared_with')} w={180} searchable data={partyOptions(draft.toKind)} value={draft.to} comboboxProps={{ withinPortal: true }} onChange={(v) => setDraft({ ...draft, to: v })} />
          <Select label={t('access.access')} w={150} allowDeselect={false} value={draft.access} comboboxProps={{ withinPortal: true }}
            data={[{ value: 'read', label: t('access.read') }, { value: 'read_write', label: t('access.read_write') }]} onChange={(v) => v && setDraft({ ...draft, access: v })} />
          <Button disabled={!draft.from || !draft.to} loading={add.isPending} onClick={() => add.mutate()}>{t('access.add_rule')}</Button>
        </Group>
        {(add.error || remove.error) && <Alert color="red" role="alert">{errorText(add.error ?? remove.error)}</Alert>}
      </Stack>
    </Card>
  );
}
