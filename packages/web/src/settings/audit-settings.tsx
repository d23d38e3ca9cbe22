import { Alert, Button, Code, Group, Select, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useUsers, userLabel } from '../api/directory';
import { formatDateTime } from '../i18n/format';
import { errorText, SectionTitle } from './settings-ui';

const EVENTS = ['login', 'login_failed', '2fa_failed', 'logout', 'token_created', 'token_revoked', 'password_changed', 'locked_out', '2fa_enrolled', '2fa_disabled', '2fa_reset', 'recovery_code_used', 'sessions_revoked'];
const AREAS = ['users', 'roles', 'groups', 'profiles', 'sharing', 'sharing_rules', 'settings', 'company', 'numbering', 'picklists', 'custom_fields', 'mailboxes', 'support_settings', 'currency_rates', 'tax_classes', 'workflows', 'module_layouts'];

interface Filters { user_id: string | null; kind: string | null; from: string; to: string }

/** Who signed in (or tried), and who changed the settings: filters, newest first, CSV of what is shown. */
export function AuditSettings() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'logins' | 'admin'>('logins');
  return (
    <Stack>
      <SectionTitle>{t('access.audit')}</SectionTitle>
      <Tabs value={tab} onChange={(v) => setTab(v === 'admin' ? 'admin' : 'logins')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="logins">{t('access.audit_logins')}</Tabs.Tab>
          <Tabs.Tab value="admin">{t('access.audit_admin')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="logins" pt="sm"><AuditList kind="logins" /></Tabs.Panel>
        <Tabs.Panel value="admin" pt="sm"><AuditList kind="admin" /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function AuditList({ kind }: { kind: 'logins' | 'admin' }) {
  const { t, i18n } = useTranslation();
  const users = useUsers();
  const [f, setF] = useState<Filters>({ user_id: null, kind: null, from: '', to: '' });
  const params = new URLSearchParams({ limit: '200' });
  if (f.user_id) params.set('user_id', f.user_id);
  if (f.kind) params.set(kind === 'logins' ? 'event' : 'area', f.kind);
  if (f.from) params.set('from', new Date(f.from).toISOString());
  if (f.to) params.set('to', new Date(f.to).toISOString());
  const rows = useQuery({ queryKey: ['audit', kind, params.toString()], queryFn: () => api<{ data: Record<string, any>[] }>(`/audit/${kind}?${params}`).then((r) => r.data) });
  const kinds = (kind === 'logins' ? EVENTS : AREAS).map((k) => ({ value: k, label: t(`access.${kind === 'logins' ? 'event' : 'area'}_${k}`, { defaultValue: k }) }));
  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <Select label={t('settings.username')} w={200} clearable searchable value={f.user_id} comboboxProps={{ withinPortal: true }}
          data={(users.data ?? []).map((u) => ({ value: u.id, label: userLabel(u) }))} onChange={(v) => setF({ ...f, user_id: v })} />
        <Select label={kind === 'logins' ? t('access.event') : t('access.area')} w={220} clearable value={f.kind} data={kinds} comboboxProps={{ withinPortal: true }} onChange={(v) => setF({ ...f, kind: v })} />
        <TextInput label={t('access.from')} type="datetime-local" value={f.from} onChange={(e) => setF({ ...f, from: e.currentTarget.value })} />
        <TextInput label={t('access.to')} type="datetime-local" value={f.to} onChange={(e) => setF({ ...f, to: e.currentTarget.value })} />
        <Button component="a" variant="default" href={`/api/v1/audit/${kind}?${params}&format=csv`} download>{t('access.export_csv')}</Button>
      </Group>
      {rows.error && <Alert color="red" role="alert">{errorText(rows.error)}</Alert>}
      <div className="karta-table-wrap">
        <Table striped withTableBorder fz="sm" aria-label={kind === 'logins' ? t('access.audit_logins') : t('access.audit_admin')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.when')}</Table.Th><Table.Th>{t('settings.username')}</Table.Th>
              <Table.Th>{kind === 'logins' ? t('access.event') : t('access.area')}</Table.Th><Table.Th>{t('security.address')}</Table.Th>
              <Table.Th>{kind === 'logins' ? t('security.device') : t('access.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rows.data ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatDateTime(r.at, i18n.language)}</Table.Td>
                <Table.Td>{r.username ?? '—'}</Table.Td>
                <Table.Td>{kind === 'logins' ? t(`access.event_${r.event}`, { defaultValue: r.event }) : `${t(`access.area_${r.area}`, { defaultValue: r.area })} · ${t(`history.action_${r.action}`, { defaultValue: r.action })}`}</Table.Td>
                <Table.Td>{r.ip ?? '—'}</Table.Td>
                <Table.Td>{kind === 'logins' ? <Text size="xs" lineClamp={1} maw={280}>{r.user_agent ?? ''}</Text> : <Code block fz="xs" mah={80} style={{ overflow: 'auto' }}>{JSON.stringify(r.changes)}</Code>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}
