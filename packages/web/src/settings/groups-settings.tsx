import { Alert, Button, Card, Group, MultiSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useGroups, userLabel, useUsers } from '../api/directory';
import { qk } from '../api/query-keys';
import type { Group as UserGroup } from '../api/types';
import { errorText, SectionTitle } from './settings-ui';

/** Groups of users; a record may be assigned to a group ("Отдел продаж"). */
export function GroupsSettings() {
  const { t } = useTranslation();
  const groups = useGroups();
  const [adding, setAdding] = useState(false);
  return (
    <Stack>
      <Group justify="space-between">
        <SectionTitle>{t('settings.groups')}</SectionTitle>
        <Button onClick={() => setAdding(true)} disabled={adding}>{t('settings.new_group')}</Button>
      </Group>
      {adding && <GroupCard onDone={() => setAdding(false)} />}
      {(groups.data ?? []).map((g) => <GroupCard key={g.id} group={g} />)}
    </Stack>
  );
}

function GroupCard({ group, onDone }: { group?: UserGroup; onDone?(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const users = useUsers();
  const [name, setName] = useState(group?.name ?? '');
  const [members, setMembers] = useState<string[]>(group?.members ?? []);
  const save = useMutation({
    mutationFn: () => (group ? api(`/groups/${group.id}`, { method: 'PATCH', body: { name, members } }) : api('/groups', { method: 'POST', body: { name, members } })),
    onSuccess: async () => { await client.invalidateQueries({ queryKey: qk.groups }); onDone?.(); },
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <TextInput label={t('settings.group_name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <MultiSelect label={t('settings.members')} data={(users.data ?? []).map((u) => ({ value: u.id, label: userLabel(u) }))}
          value={members} onChange={setMembers} searchable comboboxProps={{ withinPortal: true }} />
        {save.error && <Alert color="red">{errorText(save.error)}</Alert>}
        <Group justify="flex-end">
          {onDone && <Button variant="default" onClick={onDone}>{t('actions.cancel')}</Button>}
          <Button size="sm" loading={save.isPending} onClick={() => save.mutate()}>{t('actions.save')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}
