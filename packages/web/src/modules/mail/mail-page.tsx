import { Alert, Anchor, Badge, Button, Grid, Group, Modal, Paper, ScrollArea, Select, Stack, Text, Textarea, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { MailboxForm } from '../../settings/mailboxes-settings';
import { errorText } from '../../settings/settings-ui';

interface MailItem { id: string; direction: 'in' | 'out'; from_address: string; from_name: string | null; to_addresses: string; subject: string; sent_at: string; linked_module: string | null; linked_id: string | null }
interface MailFull extends MailItem { body: string; cc_addresses: string }
interface Box { id: string; name: string; last_polled_at: string | null; last_error: string | null }

/** My mail (vTiger's Mail Manager): the user's own mailbox, its messages linked to the records they are about. */
export function MailPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const boxes = useQuery({ queryKey: ['mailboxes', 'mine'], queryFn: () => api<{ data: (Box & Record<string, unknown>)[] }>('/mailboxes/mine').then((r) => r.data) });
  const list = useQuery({ queryKey: ['mail'], queryFn: () => api<{ data: MailItem[] }>('/mail').then((r) => r.data) });
  const [selected, setSelected] = useState<string | null>(null);
  const [settings, setSettings] = useState(false);
  const [compose, setCompose] = useState<{ replyTo?: MailFull } | null>(null);
  const mail = useQuery({ queryKey: ['mail', selected], enabled: Boolean(selected), queryFn: () => api<{ data: MailFull }>(`/mail/${selected}`).then((r) => r.data) });
  const box = boxes.data?.[0];
  const poll = useMutation({
    mutationFn: () => api(`/mailboxes/mine/${box!.id}/poll`, { method: 'POST' }),
    onSettled: () => { void client.invalidateQueries({ queryKey: ['mail'] }); void client.invalidateQueries({ queryKey: ['mailboxes', 'mine'] }); },
  });
  const create = useMutation({
    mutationFn: (module: string) => api<{ data: { module: string; id: string } }>(`/mail/${selected}/create`, { method: 'POST', body: { module } }),
    onSuccess: (r) => navigate(`/${r.data.module}/${r.data.id}`),
  });
  const when = (s: string) => new Date(s).toLocaleString(i18n.language === 'zh' ? 'zh-CN' : i18n.language);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">{t('mail.title')}</Title>
        <Group>
          {box && <Button variant="default" loading={poll.isPending} onClick={() => poll.mutate()}>{t('mailboxes.poll')}</Button>}
          <Button variant="default" disabled={boxes.isPending} onClick={() => setSettings(true)}>{t('mail.settings')}</Button>
          <Button onClick={() => setCompose({})}>{t('mail.write')}</Button>
        </Group>
      </Group>
      {!box && boxes.isSuccess && <Alert color="blue">{t('mail.no_mailbox')}</Alert>}
      {box?.last_error && <Alert color="red">{box.last_error}</Alert>}
      {poll.error ? <Alert color="red" role="alert">{errorText(poll.error)}</Alert> : null}
      {[boxes.error, list.error].map((e, i) => (e ? <Alert key={i} color="red" role="alert">{errorText(e)}</Alert> : null))}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <ScrollArea.Autosize mah="70vh">
            <Stack gap={4} role="list" aria-label={t('mail.messages')}>
              {(list.data ?? []).map((m) => (
                <UnstyledButton key={m.id} role="listitem" onClick={() => setSelected(m.id)} p="xs" bg={selected === m.id ? 'var(--mantine-color-blue-light)' : undefined} style={{ borderRadius: 4 }}>
                  <Group justify="space-between" wrap="nowrap">
                    <Text fw={500} truncate>{m.direction === 'out' ? `→ ${m.to_addresses}` : m.from_name || m.from_address}</Text>
                    <Text size="xs" c="dimmed">{when(m.sent_at)}</Text>
                  </Group>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" truncate>{m.subject}</Text>
                    {m.linked_module && <Badge size="xs" variant="light">{t('mail.linked')}</Badge>}
                  </Group>
                </UnstyledButton>
              ))}
              {list.data?.length === 0 && <Text c="dimmed">{t('mail.empty')}</Text>}
            </Stack>
          </ScrollArea.Autosize>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {mail.error ? <Alert color="red" role="alert">{errorText(mail.error)}</Alert> : null}
          {mail.data && (
            <Paper withBorder p="md" component="article" aria-label={mail.data.subject}>
              <Stack gap="xs">
                <Title order={2} size="h4">{mail.data.subject}</Title>
                <Text size="sm">{mail.data.from_name ? `${mail.data.from_name} <${mail.data.from_address}>` : mail.data.from_address} → {mail.data.to_addresses}</Text>
                <Text size="xs" c="dimmed">{when(mail.data.sent_at)}</Text>
                {mail.data.linked_module && mail.data.linked_id && (
                  <Anchor component={Link} to={`/${mail.data.linked_module}/${mail.data.linked_id}`} size="sm">{t('mail.open_linked')}</Anchor>
                )}
                <Text style={{ whiteSpace: 'pre-wrap' }}>{mail.data.body}</Text>
                {create.error ? <Alert color="red" role="alert">{errorText(create.error)}</Alert> : null}
                <Group>
                  <Button onClick={() => setCompose({ replyTo: mail.data })}>{t('support.reply')}</Button>
                  <Button variant="default" loading={create.isPending && create.variables === 'leads'} onClick={() => create.mutate('leads')}>{t('mail.create_lead')}</Button>
                  <Button variant="default" loading={create.isPending && create.variables === 'tickets'} onClick={() => create.mutate('tickets')}>{t('mail.create_ticket')}</Button>
                  <Button variant="default" loading={create.isPending && create.variables === 'tasks'} onClick={() => create.mutate('tasks')}>{t('mail.create_task')}</Button>
                </Group>
              </Stack>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
      {settings && <MailboxForm base="/mailboxes/mine" id={box?.id} initial={box ? { ...box } : { port: 993, tls: true, folder: 'INBOX', interval_minutes: 5, unknown_senders: 'create_contact', active: true }} personal
        onClose={() => { setSettings(false); void client.invalidateQueries({ queryKey: ['mailboxes', 'mine'] }); }} />}
      {compose && <Compose replyTo={compose.replyTo} onClose={() => { setCompose(null); void client.invalidateQueries({ queryKey: ['mail'] }); }} />}
    </Stack>
  );
}

function Compose({ replyTo, onClose }: { replyTo?: MailFull; onClose(): void }) {
  const { t } = useTranslation();
  const [to, setTo] = useState(replyTo?.from_address ?? '');
  const [subject, setSubject] = useState(replyTo ? `Re: ${replyTo.subject.replace(/^re:\s*/i, '')}` : '');
  const [body, setBody] = useState('');
  // Templates fill from the record the mail is about: offered when the message is linked to one.
  const [templateId, setTemplateId] = useState<string | null>(null);
  const linkedModule = replyTo?.linked_module ?? null;
  const templates = useQuery({
    queryKey: ['email-templates', linkedModule], enabled: Boolean(linkedModule), retry: false,
    queryFn: () => api<{ data: { id: string; name: string; module: string | null }[] }>('/records/email_templates?limit=200&sort=name').then((r) => r.data.filter((x) => !x.module || x.module === linkedModule)),
  });
  const send = useMutation({
    mutationFn: () => api('/mail/send', { method: 'POST', body: { to: to.split(/[,;\s]+/).filter(Boolean), ...(templateId ? { template_id: templateId, ...(subject.trim() ? { subject } : {}) } : { subject, body }), ...(replyTo ? { reply_to: replyTo.id } : {}) } }),
    onSuccess: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={replyTo ? t('support.reply') : t('mail.write')} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); send.mutate(); }}>
        <Stack>
          {send.error ? <Alert color="red" role="alert">{errorText(send.error)}</Alert> : null}
          <TextInput label={t('mail.to')} required value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          <TextInput label={t('mail.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
          {(templates.data?.length ?? 0) > 0 && (
            <Select label={t('email.template')} clearable searchable value={templateId} onChange={setTemplateId} comboboxProps={{ withinPortal: true }}
              data={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
          )}
          {!templateId && <Textarea label={t('mail.message')} autosize minRows={6} required value={body} onChange={(e) => setBody(e.currentTarget.value)} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
            <Button type="submit" loading={send.isPending} disabled={!to.trim() || (!body.trim() && !templateId)}>{t('mail.send')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
