import { Alert, Button, Card, Grid, Group, NavLink, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useModules } from '../api/meta';
import type { Profile } from '../api/types';
import { PermissionsMatrix } from './permissions-matrix';
import { errorText, ModulePicker, SectionTitle } from './settings-ui';

const PROFILES = ['profiles'] as const;

export function useProfiles() {
  return useQuery({ queryKey: PROFILES, queryFn: () => api<{ data: Profile[] }>('/profiles').then((r) => r.data) });
}

/** Profiles: what a role's users may do in each module, and which fields they see or may change. */
export function ProfilesSettings() {
  const { t } = useTranslation();
  const profiles = useProfiles();
  const client = useQueryClient();
  const [selected, setSelected] = useState<string | null>(null);
  const list = profiles.data ?? [];
  const profile = list.find((p) => p.id === selected) ?? list[0];
  const create = useMutation({
    mutationFn: () => api<{ data: Profile }>('/profiles', { method: 'POST', body: { name: `${t('access.new_profile')} ${list.length + 1}` } }),
    onSuccess: async (r) => { await client.invalidateQueries({ queryKey: PROFILES }); setSelected(r.data.id); },
  });
  return (
    <Stack>
      <Group justify="space-between">
        <SectionTitle>{t('access.profiles')}</SectionTitle>
        <Button loading={create.isPending} onClick={() => create.mutate()}>{t('access.new_profile')}</Button>
      </Group>
      <Text size="sm" c="dimmed">{t('access.profiles_hint')}</Text>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Card withBorder p="xs" component="nav" aria-label={t('access.profiles')}>
            {list.map((p) => <NavLink key={p.id} label={p.name} description={p.role_id ? t('access.role_own') : undefined} active={profile?.id === p.id} onClick={() => setSelected(p.id)} />)}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>{profile && <ProfileEditor key={profile.id} profile={profile} onDeleted={() => setSelected(null)} />}</Grid.Col>
      </Grid>
    </Stack>
  );
}

function ProfileEditor({ profile, onDeleted }: { profile: Profile; onDeleted(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(profile.name);
  const [modules, setModules] = useState(profile.modules);
  const [fields, setFields] = useState(profile.fields);
  const [module, setModule] = useState('contacts');
  const done = async () => { await client.invalidateQueries({ queryKey: PROFILES }); await client.invalidateQueries({ queryKey: ['roles'] }); };
  const save = useMutation({ mutationFn: () => api(`/profiles/${profile.id}`, { method: 'PATCH', body: { name, modules, fields } }), onSuccess: done });
  const remove = useMutation({ mutationFn: () => api(`/profiles/${profile.id}`, { method: 'DELETE' }), onSuccess: async () => { await done(); onDeleted(); } });
  return (
    <Stack>
      <TextInput label={t('access.profile_name')} value={name} onChange={(e) => setName(e.currentTarget.value)} w={360} />
      <Text size="sm" fw={600}>{t('settings.permissions')}</Text>
      <PermissionsMatrix value={modules} onChange={setModules} />
      <Text size="sm" fw={600}>{t('access.field_security')}</Text>
      <ModulePicker value={module} onChange={setModule} />
      <FieldRules module={module} rules={fields[module] ?? {}} onChange={(r) => setFields({ ...fields, [module]: r })} />
      {(save.error || remove.error) && <Alert color="red" role="alert">{errorText(save.error ?? remove.error)}</Alert>}
      {save.isSuccess && <Alert color="green">{t('settings.saved')}</Alert>}
      <Group justify="space-between">
        {!profile.role_id ? <Button variant="default" color="red" loading={remove.isPending} onClick={() => window.confirm(t('access.delete_profile_confirm', { name: profile.name })) && remove.mutate()}>{t('actions.delete')}</Button> : <span />}
        <Button loading={save.isPending} onClick={() => save.mutate()}>{t('actions.save')}</Button>
      </Group>
    </Stack>
  );
}

const LOCKED = new Set(['id', 'number', 'version', 'created_at', 'updated_at', 'deleted_at']);

/** Per field of one module: editable, read-only or hidden. */
function FieldRules({ module, rules, onChange }: { module: string; rules: Record<string, 'hidden' | 'read_only'>; onChange(r: Record<string, 'hidden' | 'read_only'>): void }) {
  const { t } = useTranslation();
  const meta = useModules();
  const m = meta.data?.modules.find((x) => x.name === module);
  if (!m) return null;
  const set = (field: string, rule: string) => {
    const next = { ...rules };
    if (rule === 'editable') delete next[field]; else next[field] = rule as 'hidden' | 'read_only';
    onChange(next);
  };
  return (
    <div className="karta-table-wrap">
      <Table striped withTableBorder fz="sm" aria-label={t('access.field_security')}>
        <Table.Tbody>
          {m.fields.filter((f) => !LOCKED.has(f.name)).map((f) => (
            <Table.Tr key={f.name}>
              <Table.Td>{f.label}</Table.Td>
              <Table.Td>
                <SegmentedControl size="xs" value={rules[f.name] ?? 'editable'} onChange={(v) => set(f.name, v)} aria-label={f.label}
                  data={[{ value: 'editable', label: t('access.editable') }, { value: 'read_only', label: t('access.read_only') }, { value: 'hidden', label: t('access.hidden') }]} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
