import { Accordion, Alert, Anchor, Badge, Button, FileInput, Group, Paper, PasswordInput, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { formatDate } from '../i18n/format';
import { fileForUpload, portalApi, type PortalDocument, type PortalTicket, type PortalTicketFull } from './portal-api';
import { usePortalSession } from './portal-app';

const STATUS_COLOR: Record<string, string> = { open: 'blue', in_progress: 'yellow', wait_for_response: 'orange', closed: 'gray' };

function useWhen() {
  const { i18n } = useTranslation();
  return (s: string | null) => (s ? new Date(s).toLocaleString(i18n.language === 'zh' ? 'zh-CN' : i18n.language) : '');
}

export function errorOf(err: unknown): string | null {
  if (!err) return null;
  if (err instanceof ApiError && err.fields) return `${err.message} (${Object.values(err.fields).join('; ')})`;
  return err instanceof Error ? err.message : String(err);
}

function Status({ value }: { value: string }) {
  const { t } = useTranslation();
  return <Badge color={STATUS_COLOR[value] ?? 'gray'} variant="light">{t(`portal.status_${value}`, { defaultValue: value })}</Badge>;
}

export function TicketsPage() {
  const { t } = useTranslation();
  const when = useWhen();
  const q = useQuery({ queryKey: ['portal', 'tickets'], queryFn: () => portalApi<{ data: PortalTicket[] }>('/tickets').then((r) => r.data) });
  return (
    <>
      <Group justify="space-between">
        <Title order={1} size="h2">{t('portal.tickets')}</Title>
        <Button component={Link} to="/portal/tickets/new">{t('portal.new_ticket')}</Button>
      </Group>
      {q.error && <Alert color="red" role="alert">{errorOf(q.error)}</Alert>}
      <Table withTableBorder aria-label={t('portal.tickets')}>
        <Table.Thead><Table.Tr><Table.Th>{t('portal.number')}</Table.Th><Table.Th>{t('portal.subject')}</Table.Th><Table.Th>{t('portal.status')}</Table.Th><Table.Th>{t('portal.updated')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(q.data ?? []).map((x) => (
            <Table.Tr key={x.id}>
              <Table.Td>{x.number}</Table.Td>
              <Table.Td><Anchor component={Link} to={`/portal/tickets/${x.id}`}>{x.title}</Anchor></Table.Td>
              <Table.Td><Status value={x.status} /></Table.Td>
              <Table.Td>{when(x.updated_at)}</Table.Td>
            </Table.Tr>
          ))}
          {q.data?.length === 0 && <Table.Tr><Table.Td colSpan={4}><Text c="dimmed">{t('portal.no_tickets')}</Text></Table.Td></Table.Tr>}
        </Table.Tbody>
      </Table>
    </>
  );
}

export function NewTicketPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState('normal');
  const [files, setFiles] = useState<File[]>([]);
  const create = useMutation({
    mutationFn: async () => portalApi<{ data: { id: string } }>('/tickets', { method: 'POST', body: { title, description, priority, attachments: await Promise.all(files.map(fileForUpload)) } }),
    onSuccess: (r) => { void client.invalidateQueries({ queryKey: ['portal', 'tickets'] }); navigate(`/portal/tickets/${r.data.id}`); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  return (
    <form onSubmit={submit}>
      <Stack>
        <Title order={1} size="h2">{t('portal.new_ticket')}</Title>
        {create.error && <Alert color="red" role="alert">{errorOf(create.error)}</Alert>}
        <TextInput label={t('portal.subject')} required value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={500} />
        <Textarea label={t('portal.description')} autosize minRows={5} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Select label={t('portal.priority')} allowDeselect={false} value={priority} onChange={(v) => v && setPriority(v)}
          data={['low', 'normal', 'high', 'urgent'].map((p) => ({ value: p, label: t(`support.priority_${p}`) }))} />
        <FileInput label={t('portal.attachments')} multiple clearable value={files} onChange={setFiles} />
        <Button type="submit" w="fit-content" loading={create.isPending} disabled={!title.trim()}>{t('portal.send')}</Button>
      </Stack>
    </form>
  );
}

export function TicketPage() {
  const { t } = useTranslation();
  const when = useWhen();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['portal', 'ticket', id], queryFn: () => portalApi<{ data: PortalTicketFull }>(`/tickets/${id}`).then((r) => r.data) });
  const [reply, setReply] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const refresh = () => client.invalidateQueries({ queryKey: ['portal'], predicate: (x) => x.queryKey[1] !== 'me' });
  const send = useMutation({
    mutationFn: async (sent: { body: string; files: File[] }) => portalApi(`/tickets/${id}/replies`, { method: 'POST', body: { body: sent.body, attachments: await Promise.all(sent.files.map(fileForUpload)) } }),
    // What was sent leaves the box; what was typed after it or attached meanwhile stays for the next reply.
    onSuccess: (_, sent) => { setReply((r) => (r.startsWith(sent.body) ? r.slice(sent.body.length).trimStart() : r)); setFiles((f) => f.filter((x) => !sent.files.includes(x))); void refresh(); },
  });
  const close = useMutation({ mutationFn: () => portalApi(`/tickets/${id}/close`, { method: 'POST' }), onSuccess: () => void refresh() });
  if (q.error) return <Alert color="red">{errorOf(q.error)}</Alert>;
  const tk = q.data;
  if (!tk) return null;
  return (
    <>
      <Group justify="space-between">
        <div>
          <Text c="dimmed" size="sm">{tk.number} · {when(tk.created_at)}</Text>
          <Title order={1} size="h2">{tk.title}</Title>
        </div>
        <Group><Status value={tk.status} />{tk.status !== 'closed' && <Button variant="default" loading={close.isPending} onClick={() => close.mutate()}>{t('portal.close_ticket')}</Button>}</Group>
        {close.error && <Alert color="red" role="alert">{errorOf(close.error)}</Alert>}
      </Group>
      {tk.description && <Paper withBorder p="md"><Text style={{ whiteSpace: 'pre-wrap' }}>{tk.description}</Text></Paper>}
      {tk.files.length > 0 && (
        <Group gap="xs" aria-label={t('portal.attachments')}>
          {tk.files.map((f) => <Anchor key={f.id} href={`/portal/api/tickets/${tk.id}/files/${f.id}`}>{f.name}</Anchor>)}
        </Group>
      )}
      <Stack gap="sm" role="log" aria-label={t('portal.conversation')}>
        {tk.messages.map((m) => (
          <Paper key={m.id} withBorder p="sm" bg={m.from_customer ? undefined : 'var(--mantine-color-blue-light)'} ml={m.from_customer ? 0 : 'xl'} mr={m.from_customer ? 'xl' : 0}>
            <Text size="xs" c="dimmed">{m.from_customer ? m.author : `${t('portal.support_team')}${m.author ? ` · ${m.author}` : ''}`} · {when(m.at)}</Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
          </Paper>
        ))}
      </Stack>
      {tk.status === 'closed' && tk.solution && <Alert color="green" title={t('portal.solution')}>{tk.solution}</Alert>}
      <form onSubmit={(e) => { e.preventDefault(); send.mutate({ body: reply, files }); }}>
        <Stack>
          {send.error && <Alert color="red" role="alert">{errorOf(send.error)}</Alert>}
          <Textarea label={t('portal.your_reply')} autosize minRows={3} value={reply} onChange={(e) => setReply(e.currentTarget.value)} />
          <FileInput label={t('portal.attachments')} multiple clearable value={files} onChange={setFiles} />
          <Button type="submit" w="fit-content" loading={send.isPending} disabled={!reply.trim()}>{t('portal.send')}</Button>
        </Stack>
      </form>
    </>
  );
}

export function FaqPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const faqs = useQuery({ queryKey: ['portal', 'faqs', q], queryFn: () => portalApi<{ data: { id: string; question: string; answer: string }[] }>(`/faqs?q=${encodeURIComponent(q)}`).then((r) => r.data) });
  return (
    <>
      <Title order={1} size="h2">{t('portal.faq')}</Title>
      <TextInput type="search" aria-label={t('portal.search_faq')} placeholder={t('portal.search_faq')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
      {faqs.error && <Alert color="red" role="alert">{errorOf(faqs.error)}</Alert>}
      <Accordion variant="separated">
        {(faqs.data ?? []).map((f) => (
          <Accordion.Item key={f.id} value={f.id}>
            <Accordion.Control>{f.question}</Accordion.Control>
            <Accordion.Panel><Text style={{ whiteSpace: 'pre-wrap' }}>{f.answer}</Text></Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
      {faqs.data?.length === 0 && <Text c="dimmed">{t('portal.no_faqs')}</Text>}
    </>
  );
}

/** Surveys the company asked this contact to answer; each opens its page (answered once, by the personal link). */
export function SurveysPage() {
  const { t, i18n } = useTranslation();
  const surveys = useQuery({ queryKey: ['portal', 'surveys'], queryFn: () => portalApi<{ data: { name: string; url: string; expires_at: string | null }[] }>('/surveys').then((r) => r.data) });
  return (
    <>
      <Title order={1} size="h2">{t('portal.surveys')}</Title>
      {surveys.error && <Alert color="red" role="alert">{errorOf(surveys.error)}</Alert>}
      {(surveys.data ?? []).map((s) => (
        <Paper key={s.url} withBorder p="sm">
          <Group justify="space-between">
            <Anchor href={`${s.url}?lang=${i18n.language}`}>{s.name}</Anchor>
            {s.expires_at && <Text size="sm" c="dimmed">{t('portal.survey_until', { date: formatDate(s.expires_at.slice(0, 10), i18n.language) })}</Text>}
          </Group>
        </Paper>
      ))}
      {surveys.data?.length === 0 && <Text c="dimmed">{t('portal.no_surveys')}</Text>}
    </>
  );
}

export function DocumentsPage() {
  const { t, i18n } = useTranslation();
  const docs = useQuery({ queryKey: ['portal', 'documents'], queryFn: () => portalApi<{ data: PortalDocument[] }>('/documents').then((r) => r.data) });
  const money = (d: PortalDocument) => (d.grand_total == null ? '' : new Intl.NumberFormat(i18n.language === 'zh' ? 'zh-CN' : i18n.language, d.currency ? { style: 'currency', currency: d.currency } : {}).format(Number(d.grand_total)));
  return (
    <>
      <Title order={1} size="h2">{t('portal.documents')}</Title>
      {docs.error && <Alert color="red" role="alert">{errorOf(docs.error)}</Alert>}
      <Table withTableBorder aria-label={t('portal.documents')}>
        <Table.Thead><Table.Tr><Table.Th>{t('portal.kind')}</Table.Th><Table.Th>{t('portal.number')}</Table.Th><Table.Th>{t('portal.subject')}</Table.Th><Table.Th>{t('portal.amount')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(docs.data ?? []).map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{t(`portal.kind_${d.module}`)}</Table.Td>
              <Table.Td>{d.number}</Table.Td>
              <Table.Td>{d.subject}</Table.Td>
              <Table.Td>{money(d)}</Table.Td>
              <Table.Td><Anchor href={`/portal/api/documents/${d.id}/pdf`} download>{t('portal.download_pdf', { number: d.number })}</Anchor></Table.Td>
            </Table.Tr>
          ))}
          {docs.data?.length === 0 && <Table.Tr><Table.Td colSpan={5}><Text c="dimmed">{t('portal.no_documents')}</Text></Table.Td></Table.Tr>}
        </Table.Tbody>
      </Table>
    </>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  const { session, setSession } = usePortalSession();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const change = useMutation({
    mutationFn: () => portalApi<{ user: NonNullable<typeof session>['user']; csrf_token: string }>('/auth/change_password', { method: 'POST', body: { current_password: current, password } }),
    onSuccess: (s) => { setSession(s); setCurrent(''); setPassword(''); },
  });
  return (
    <>
      <Title order={1} size="h2">{t('portal.profile')}</Title>
      <Text>{session?.user.name} · {session?.user.email}</Text>
      <form onSubmit={(e) => { e.preventDefault(); change.mutate(); }}>
        <Stack maw={400}>
          <Title order={2} size="h4">{t('portal.change_password')}</Title>
          {change.error && <Alert color="red" role="alert">{errorOf(change.error)}</Alert>}
          {change.isSuccess && <Alert color="green" role="status">{t('portal.password_changed')}</Alert>}
          <PasswordInput label={t('portal.current_password')} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
          <PasswordInput label={t('portal.new_password')} description={t('portal.password_rule')} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" w="fit-content" loading={change.isPending} disabled={!current || password.length < 8}>{t('portal.change_password')}</Button>
        </Stack>
      </form>
    </>
  );
}
