import { Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, Progress, Radio, Select, SimpleGrid, Stack, Stepper, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, withOtherProblems } from '../../api/client';
import { qk } from '../../api/query-keys';
import type { ListResponse } from '../../api/types';
import { Loading } from '../../app/busy';
import { FieldInput } from '../../fields/field-input';
import { DateTimeBox } from '../../fields/inputs/date-inputs';
import { formatDateTime, formatNumber } from '../../i18n/format';
import type { ModuleFieldInputProps, RecordDialogProps, RecordPanelProps } from '../../records/record/module-extensions';
import type { FieldMeta } from '../../api/types';
import { SegmentSelect } from './row-editor';

interface Audience { campaign_id?: string; ids?: string[]; segment_id?: string }
interface Counts { recipients: number; skipped: number; without_address: number; address_hidden: number; duplicates: number; more?: boolean }
interface Recipient { id: number; module: string; record_id: string; address: string; state: string; error: string | null; sent_at: string | null; opened_at: string | null; clicked_at: string | null; unsubscribed_at: string | null }
interface Log { data: Recipient[]; counts: Record<string, number>; next: number | null }

const STATE_COLOR: Record<string, string> = { queued: 'gray', sending: 'yellow', sent: 'green', failed: 'red', skipped: 'gray', bounced: 'red', cancelled: 'gray' };
const STATUS_COLOR: Record<string, string> = { draft: 'gray', scheduled: 'blue', sending: 'yellow', paused: 'orange', completed: 'green', cancelled: 'gray' };

function campaignField(label: string): FieldMeta {
  return { name: 'campaign_id', type: 'reference', reference: ['campaigns'], label, required: false, read_only: false } as FieldMeta;
}

/** A mailing's audience in its form: a campaign's members, a segment's, or the records chosen in a list. */
export function AudienceInput(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const a = (p.value && typeof p.value === 'object' ? p.value : {}) as Audience;
  if (a.ids) return <Text size="sm">{p.field.label}: {t('marketing.selected_records', { count: a.ids.length })}</Text>;
  if (a.segment_id) return <SegmentSelect label={`${p.field.label}: ${t('marketing.audience_segment')}`} value={a.segment_id} onChange={(v) => p.onChange(v ? { segment_id: v } : null)} />;
  return <FieldInput field={{ ...campaignField(`${p.field.label}: ${t('marketing.campaign_members')}`), required: true }} value={a.campaign_id ?? null} refs={p.refs} error={p.error}
    onChange={(v) => p.onChange(v ? { campaign_id: v } : null)} />;
}

/** Where a mailing stands: its status and controls, progress, counts and the per-recipient log. */
export function MailingProgressTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [state, setState] = useState<string | null>(null);
  const status = String(record.status ?? 'draft');
  const live = status === 'sending' || status === 'scheduled';
  const log = useQuery({
    queryKey: ['mailing-recipients', record.id, state], refetchInterval: status === 'sending' ? 2000 : status === 'scheduled' ? 60_000 : false, // a scheduled one may wait days: looked at each minute
    queryFn: () => api<Log>(`/records/mailings/${record.id}/recipients?limit=200${state ? `&state=${state}` : ''}`),
  });
  const [busy, setBusy] = useState(false);
  const act = async (action: string) => {
    setBusy(true);
    try {
      await api(`/records/mailings/${record.id}/actions/${action}`, { method: 'POST', body: {} });
      notifications.show({ color: 'green', message: t(`marketing.done_${action}`) });
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: qk.record('mailings', String(record.id)) });
      void qc.invalidateQueries({ queryKey: ['mailing-recipients', record.id] });
    }
  };
  const c = log.data?.counts ?? {};
  const total = Number(c.total ?? 0);
  const done = Number(c.sent ?? 0) + Number(c.failed ?? 0) + Number(c.skipped ?? 0) + Number(c.bounced ?? 0) + Number(c.cancelled ?? 0);
  const buttons: Record<string, string[]> = { draft: ['send', 'test'], scheduled: ['pause', 'cancel'], sending: ['pause', 'cancel'], paused: ['resume', 'cancel'] };
  // Still sending: the record's status follows the log.
  if (live && log.data && total && !c.queued && !c.sending) void qc.invalidateQueries({ queryKey: qk.record('mailings', String(record.id)) });
  return (
    <Stack>
      <Group>
        <Badge size="lg" color={STATUS_COLOR[status]} data-testid="mailing-status">{t(`marketing.status_${status}`)}</Badge>
        {(buttons[status] ?? []).map((a) => (
          <Button key={a} size="xs" variant={a === 'send' ? 'filled' : 'light'} color={a === 'cancel' ? 'red' : undefined} loading={busy} onClick={() => void act(a)}>{t(`marketing.action_${a}`)}</Button>
        ))}
      </Group>
      {total > 0 && (
        <Stack gap={4}>
          <Progress value={(done / total) * 100} size="lg" aria-label={t('marketing.progress')} />
          <Text size="sm" data-testid="mailing-progress">{t('marketing.progress_text', { done: formatNumber(done, i18n.language), total: formatNumber(total, i18n.language) })}</Text>
        </Stack>
      )}
      <SimpleGrid cols={{ base: 3, sm: 6 }}>
        {['sent', 'queued', 'failed', 'skipped', 'opened', 'clicked', 'unsubscribed', 'bounced'].map((k) => (
          <Paper key={k} withBorder p={6}><Text size="xs" c="dimmed">{t(`marketing.count_${k}`)}</Text><Text fw={700} data-testid={`count-${k}`}>{formatNumber(c[k] ?? 0, i18n.language)}</Text></Paper>
        ))}
      </SimpleGrid>
      <Select label={t('marketing.recipient_state')} w={220} clearable value={state} onChange={setState} comboboxProps={{ withinPortal: true }}
        data={['queued', 'sent', 'failed', 'skipped', 'bounced', 'cancelled'].map((s) => ({ value: s, label: t(`marketing.state_${s}`) }))} />
      {!log.data ? <Loading error={log.error} /> : !log.data.data.length ? <Text c="dimmed">{t('marketing.no_recipients')}</Text> : (
        <Table striped aria-label={t('marketing.recipients')}>
          <Table.Thead><Table.Tr><Table.Th>{t('marketing.address')}</Table.Th><Table.Th>{t('marketing.recipient_state')}</Table.Th><Table.Th>{t('marketing.sent_at')}</Table.Th><Table.Th>{t('marketing.activity')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {log.data.data.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td><Link to={`/${r.module}/${r.record_id}`}>{r.address}</Link></Table.Td>
                <Table.Td><Badge color={STATE_COLOR[r.state]}>{t(`marketing.state_${r.state}`, { defaultValue: r.state })}</Badge>{r.error && <Text size="xs" c="dimmed">{r.error}</Text>}</Table.Td>
                <Table.Td>{r.sent_at ? formatDateTime(r.sent_at, i18n.language) : '—'}</Table.Td>
                <Table.Td>{[r.opened_at && t('marketing.count_opened'), r.clicked_at && t('marketing.count_clicked'), r.unsubscribed_at && t('marketing.count_unsubscribed')].filter(Boolean).join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** The mailing wizard: audience → content → schedule → review with counts, then it is created and sent. */
export function MailingWizardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState(0);
  const [campaign, setCampaign] = useState<string | null>(params.get('campaign'));
  const [segment, setSegment] = useState<string | null>(params.get('segment'));
  const [source, setSource] = useState<'campaign' | 'segment'>(params.get('segment') ? 'segment' : 'campaign');
  // Made once: a retry after a failed send sends that mailing, never a second copy of it.
  const [madeId, setMadeId] = useState<string | null>(null);
  // Records chosen in a list (contacts, leads, accounts), handed over by the list's "Send a mailing".
  const [ids] = useState<string[] | null>(() => {
    if (!params.get('selection')) return null;
    try { return JSON.parse(sessionStorage.getItem('karta.mailing.ids') ?? 'null') as string[] | null; } catch { return null; }
  });
  const [channel, setChannel] = useState<'email' | 'sms'>('email');
  const [template, setTemplate] = useState<string | null>(null);
  const [smsText, setSmsText] = useState('');
  const [name, setName] = useState('');
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [sendAt, setSendAt] = useState<string | null>(null);
  const [perMinute, setPerMinute] = useState<number>(60);
  const [opens, setOpens] = useState(false);
  const [clicks, setClicks] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const templates = useQuery({ queryKey: ['mailing-templates'], queryFn: () => api<ListResponse>('/records/email_templates?limit=200&sort=name') });
  const audience: Audience | null = ids?.length ? { ids } : source === 'segment' ? (segment ? { segment_id: segment } : null) : campaign ? { campaign_id: campaign } : null;
  const counts = useQuery({
    queryKey: ['mailing-audience', source, campaign, segment, ids?.length, channel], enabled: Boolean(audience) && step === 3,
    queryFn: () => api<{ data: Counts }>('/mailings/audience', { method: 'POST', body: { audience, channel } }),
  });
  const ready = [Boolean(audience), channel === 'email' ? Boolean(template) : Boolean(smsText.trim()), Boolean(name.trim()) && (when === 'now' || Boolean(sendAt))];
  const create = async () => {
    setSending(true);
    setError(null);
    try {
      const id = madeId ?? (await api<{ data: { id: string } }>('/records/mailings', { method: 'POST', body: {
        name, channel, audience, ...(channel === 'email' ? { template_id: template } : { sms_text: smsText }),
        per_minute: perMinute, track_opens: opens, track_clicks: clicks, ...(when === 'later' ? { send_at: sendAt } : {}),
      } })).data.id;
      setMadeId(id);
      try {
        await api(`/records/mailings/${id}/actions/send`, { method: 'POST', body: {} });
      } catch (e) {
        // The first try went through after all (its answer was lost): the mailing is on its way, shown as it stands.
        if (e instanceof ApiError && e.status === 409) { navigate(`/mailings/${id}`); return; }
        // Refused (an audience too large, say): the draft goes, so what the user changes next makes a new one.
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
          await api(`/records/mailings/${id}`, { method: 'DELETE' }).catch(() => undefined);
          setMadeId(null);
        }
        throw e;
      }
      navigate(`/mailings/${id}`);
    } catch (e) {
      setError(e instanceof ApiError ? withOtherProblems(e, () => false) : String(e));
    } finally {
      setSending(false);
    }
  };
  return (
    <Stack maw={760}>
      <Title order={1}>{t('marketing.new_mailing')}</Title>
      <Stepper active={step} onStepClick={setStep} size="sm">
        <Stepper.Step label={t('marketing.step_audience')}>
          {ids?.length ? <Text>{t('marketing.selected_records', { count: ids.length })}</Text> : (
            <Stack>
              <Radio.Group value={source} onChange={(v) => setSource(v as 'campaign' | 'segment')} aria-label={t('marketing.step_audience')}>
                <Group><Radio value="campaign" label={t('marketing.campaign_members')} disabled={!!madeId} /><Radio value="segment" label={t('marketing.audience_segment')} disabled={!!madeId} /></Group>
              </Radio.Group>
              {source === 'campaign'
                ? <FieldInput field={campaignField(t('marketing.campaign_members'))} value={campaign} onChange={(v) => setCampaign((v as string) ?? null)} disabled={!!madeId} />
                : <SegmentSelect label={t('marketing.audience_segment')} value={segment} onChange={setSegment} />}
            </Stack>
          )}
        </Stepper.Step>
        <Stepper.Step label={t('marketing.step_content')}>
          <Stack>
            <Radio.Group label={t('marketing.channel')} value={channel} onChange={(v) => setChannel(v as 'email' | 'sms')}>
              <Group mt={4}><Radio value="email" label={t('marketing.channel_email')} /><Radio value="sms" label="SMS" /></Group>
            </Radio.Group>
            {channel === 'email' ? (
              <Select label={t('marketing.template')} searchable value={template} onChange={setTemplate} comboboxProps={{ withinPortal: true }}
                data={(templates.data?.data ?? []).map((x) => ({ value: String(x.id), label: String(x.name) }))} />
            ) : (
              <Textarea label={t('marketing.sms_text')} description={t('marketing.sms_hint')} autosize minRows={3} maxLength={1000} value={smsText} onChange={(e) => setSmsText(e.currentTarget.value)} />
            )}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('marketing.step_schedule')}>
          <Stack>
            <TextInput label={t('marketing.mailing_name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Radio.Group label={t('marketing.when')} value={when} onChange={(v) => setWhen(v as 'now' | 'later')}>
              <Group mt={4}><Radio value="now" label={t('marketing.send_now')} /><Radio value="later" label={t('marketing.send_later')} /></Group>
            </Radio.Group>
            {when === 'later' && <DateTimeBox label={t('marketing.send_at')} value={sendAt} onChange={setSendAt} required />}
            <NumberInput label={t('marketing.per_minute')} min={1} max={10000} value={perMinute} onChange={(v) => setPerMinute(Number(v) || 60)} w={220} />
            {channel === 'email' && <Group><Checkbox label={t('marketing.track_opens')} checked={opens} onChange={(e) => setOpens(e.currentTarget.checked)} /><Checkbox label={t('marketing.track_clicks')} checked={clicks} onChange={(e) => setClicks(e.currentTarget.checked)} /></Group>}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('marketing.step_review')}>
          {!counts.data ? <Loading error={counts.error} /> : (
            <Table w="auto" aria-label={t('marketing.step_review')}>
              <Table.Tbody>
                <Table.Tr><Table.Td>{t('marketing.will_receive')}</Table.Td><Table.Td fw={700} data-testid="review-recipients">{counts.data.data.recipients}</Table.Td></Table.Tr>
                <Table.Tr><Table.Td>{t('marketing.opted_out')}</Table.Td><Table.Td>{counts.data.data.skipped}</Table.Td></Table.Tr>
                <Table.Tr><Table.Td>{t('marketing.without_address')}</Table.Td><Table.Td>{counts.data.data.without_address}</Table.Td></Table.Tr>
                {counts.data.data.address_hidden > 0 && <Table.Tr><Table.Td>{t('marketing.address_hidden')}</Table.Td><Table.Td data-testid="review-address-hidden">{counts.data.data.address_hidden}</Table.Td></Table.Tr>}
                <Table.Tr><Table.Td>{t('marketing.duplicates')}</Table.Td><Table.Td>{counts.data.data.duplicates}</Table.Td></Table.Tr>
              </Table.Tbody>
            </Table>
          )}
          {counts.data?.data.more && <Alert color="orange" role="alert" mt="sm">{t('marketing.audience_too_large')}</Alert>}
        </Stepper.Step>
      </Stepper>
      {error && <Alert color="red">{error}</Alert>}
      <Group>
        {step > 0 && <Button variant="default" onClick={() => setStep(step - 1)}>{t('marketing.back')}</Button>}
        {step < 3 ? <Button disabled={!ready[step]} onClick={() => setStep(step + 1)}>{t('marketing.next')}</Button>
          : <Button loading={sending} disabled={!counts.data?.data.recipients} onClick={() => void create()}>{when === 'now' ? t('marketing.create_and_send') : t('marketing.create_and_schedule')}</Button>}
      </Group>
    </Stack>
  );
}

/** One SMS from a record, to its mobile (or phone) unless another number is given. */
export function SmsDialog({ record, onClose, onDone }: RecordDialogProps) {
  const { t } = useTranslation();
  const [to, setTo] = useState(String(record.mobile || record.phone || ''));
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ data: { to: string; state: string; error: string | null } }>('/sms', { method: 'POST', body: { to, text, related_to: record.id } });
      if (r.data.state === 'failed') setError(r.data.error);
      else {
        notifications.show({ color: 'green', message: t('marketing.sms_sent', { to: r.data.to }) });
        onDone();
      }
    } catch (e) {
      setError(e instanceof ApiError ? withOtherProblems(e, () => false) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('marketing.send_sms')} centered>
    <Stack>
      <TextInput label={t('marketing.sms_to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      <Textarea label={t('marketing.sms_text')} autosize minRows={3} maxLength={1000} value={text} onChange={(e) => setText(e.currentTarget.value)} />
      {error && <Alert color="red">{error}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
        <Button loading={busy} disabled={!to.trim() || !text.trim()} onClick={() => void send()}>{t('marketing.send_sms')}</Button>
      </Group>
    </Stack>
    </Modal>
  );
}
