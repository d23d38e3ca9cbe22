import { Badge, Button, Group, Input, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError } from '../../api/client';
import { canDo } from '../../api/meta';
import { Loading } from '../../app/busy';
import { FieldInput } from '../../fields/field-input';
import { formatMoney, formatNumber } from '../../i18n/format';
import type { FieldMeta } from '../../api/types';
import type { ModuleFieldInputProps, RecordDialogProps, RecordPanelProps } from '../../records/record/module-extensions';
import { Figure } from './campaign-results';
import { AudienceDialog, RowButtons, useRows } from './row-editor';

const ATTENDANCE = ['invited', 'registered', 'declined', 'attended', 'no_show'] as const;
const ROLES = ['partner', 'subcontractor', 'sponsor', 'venue', 'media'] as const;

/** A reference input outside a module's fields (a partner's account, a participant's contact). */
export const pseudoRef = (name: string, label: string, modules: string[], type: 'reference' | 'owner' = 'reference'): FieldMeta =>
  ({ name, type, label, required: false, read_only: false, reference: modules, sortable: false, operators: [] });

/** The task plan: subjects and days from the start (negative before it). */
export function TaskPlanEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const { rows, add, patch, remove, move } = useRows<{ subject: string; offset_days: number }>(p);
  return (
    <Input.Wrapper label={p.field.label} error={p.error} description={t('events.plan_hint')}>
      <Stack gap={4} mt={4}>
        {rows.map((r, i) => (
          <Group key={i} gap="xs" wrap="nowrap">
            <NumberInput size="xs" w={110} aria-label={t('events.offset_days')} suffix={` ${t('events.days')}`} min={-365} max={365} allowDecimal={false} value={r.offset_days}
              onChange={(v) => patch(i, { offset_days: typeof v === 'number' ? v : 0 })} />
            <TextInput size="xs" style={{ flex: 1 }} aria-label={t('events.task_subject')} value={r.subject} onChange={(e) => patch(i, { subject: e.currentTarget.value })} />
            <RowButtons i={i} count={rows.length} move={move} remove={remove} />
          </Group>
        ))}
        <Group><Button size="xs" variant="default" onClick={() => add({ subject: '', offset_days: 0 })}>{t('events.add_task')}</Button></Group>
      </Stack>
    </Input.Wrapper>
  );
}

/** Partners and subcontractors: an account and its role. */
export function PartnersEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const { rows, add, patch, remove } = useRows<{ account_id: string | null; role: string; note?: string }>(p);
  return (
    <Input.Wrapper label={p.field.label} error={p.error}>
      <Stack gap={4} mt={4}>
        {rows.map((r, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
            <div style={{ flex: 1 }}><FieldInput field={pseudoRef('account_id', t('events.partner'), ['accounts'])} hideLabel value={r.account_id} refs={p.refs} onChange={(v) => patch(i, { account_id: v as string | null })} /></div>
            <Select size="sm" w={150} allowDeselect={false} aria-label={t('events.role')} value={r.role} data={ROLES.map((x) => ({ value: x, label: t(`events.role_${x}`) }))}
              onChange={(v) => patch(i, { role: v ?? 'partner' })} comboboxProps={{ withinPortal: true }} />
            <TextInput size="sm" w={160} aria-label={t('events.note')} placeholder={t('events.note')} value={r.note ?? ''} onChange={(e) => patch(i, { note: e.currentTarget.value || undefined })} />
            <RowButtons i={i} count={rows.length} remove={remove} />
          </Group>
        ))}
        <Group><Button size="xs" variant="default" onClick={() => add({ account_id: null, role: 'partner' })}>{t('events.add_partner')}</Button></Group>
      </Stack>
    </Input.Wrapper>
  );
}

interface Participant { id: number; module: string; record_id: string; label: string; address: string; status: string; sent_at: string | null; error: string | null }

/** Who was invited, who answered the RSVP, who came; attendance marked here. */
export function ParticipantsTab({ module, record }: RecordPanelProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = ['event-participants', record.id];
  const q = useQuery({ queryKey: key, queryFn: () => api<{ data: Participant[]; counts: Record<string, number> }>(`/marketing_events/${record.id}/participants`) });
  const editable = canDo(module, 'edit');
  const mark = async (p: Participant, status: string) => {
    try {
      await api(`/marketing_events/${record.id}/participants/${p.id}`, { method: 'PATCH', body: { status } });
      void qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : String(e) });
    }
  };
  if (!q.data) return <Loading error={q.error} />;
  return (
    <Stack>
      <Group gap="xs">{ATTENDANCE.map((s) => <Badge key={s} variant="light" data-testid={`attendance-${s}`}>{t(`events.status_${s}`)}: {q.data.counts[s] ?? 0}</Badge>)}</Group>
      {!q.data.data.length ? <Text c="dimmed">{t('events.no_participants')}</Text> : (
        <Table striped aria-label={t('events.participants')}>
          <Table.Thead><Table.Tr><Table.Th>{t('marketing.member')}</Table.Th><Table.Th>{t('marketing.address')}</Table.Th><Table.Th>{t('events.attendance')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {q.data.data.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td><Link to={`/${p.module}/${p.record_id}`}>{p.label || p.address}</Link></Table.Td>
                <Table.Td>{p.address}{p.error && <Text size="xs" c="red">{p.error}</Text>}</Table.Td>
                <Table.Td>
                  {editable ? (
                    <Select size="xs" w={170} allowDeselect={false} aria-label={`${t('events.attendance')} ${p.label}`} value={p.status} comboboxProps={{ withinPortal: true }}
                      data={ATTENDANCE.map((s) => ({ value: s, label: t(`events.status_${s}`) }))} onChange={(v) => v && void mark(p, v)} />
                  ) : t(`events.status_${p.status}`)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

interface EventResults { participants: Record<string, number>; leads: number; deals: number; won_deals: number; won_revenue: string | null; budget: string | null; actual_cost: string | null; roi_percent: string | null; cost_per_lead: string | null }

/** What the event brought: attendance, leads and deals attributed to it, revenue, cost and ROI. */
export function EventResultsTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['event-results', record.id, record.version], queryFn: () => api<{ data: EventResults }>(`/marketing_events/${record.id}/results`) });
  if (!q.data) return <Loading error={q.error} />;
  const r = q.data.data;
  const lang = i18n.language;
  const money = (v: string | null) => (v === null ? '—' : formatMoney(v, lang));
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }}>
      <Figure label={t('events.status_registered')} value={formatNumber(r.participants.registered ?? 0, lang)} testId="event-registered" />
      <Figure label={t('events.status_attended')} value={formatNumber(r.participants.attended ?? 0, lang)} testId="event-attended" />
      <Figure label={t('marketing.leads')} value={formatNumber(r.leads, lang)} testId="event-leads" />
      <Figure label={t('marketing.deals')} value={`${formatNumber(r.deals, lang)} / ${formatNumber(r.won_deals, lang)}`} testId="event-deals" />
      <Figure label={t('marketing.won_revenue')} value={money(r.won_revenue)} testId="event-revenue" />
      <Figure label={t('events.budget')} value={money(r.budget)} testId="event-budget" />
      <Figure label={t('marketing.actual_cost')} value={money(r.actual_cost)} testId="event-cost" />
      <Figure label={t('marketing.roi')} value={r.roi_percent === null ? '—' : `${formatNumber(r.roi_percent, lang)} %`} testId="event-roi" />
    </SimpleGrid>
  );
}

/** Invites a segment's members (the event's customer segment unless another is picked) with an RSVP link. */
export function InviteDialog({ record, onClose, onDone }: RecordDialogProps) {
  const { t } = useTranslation();
  return <AudienceDialog title={t('events.invite')} url={`/records/marketing_events/${record.id}/actions/invite`} doneKey="events.invited"
    initialSegment={typeof record.target_segment_id === 'string' ? record.target_segment_id : null} onClose={onClose} onDone={onDone} />;
}

/** A claim's participants: a user or a contact, and their role. */
export function ClaimParticipantsEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const { rows, add, patch, remove } = useRows<{ user_id?: string | null; contact_id?: string | null; role: string }>(p);
  return (
    <Input.Wrapper label={p.field.label} error={p.error}>
      <Stack gap={4} mt={4}>
        {rows.map((r, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
            <div style={{ flex: 1 }}>
              {'contact_id' in r
                ? <FieldInput field={pseudoRef('contact_id', t('claims.contact'), ['contacts'])} hideLabel value={r.contact_id} refs={p.refs} onChange={(v) => patch(i, { contact_id: v as string | null })} />
                : <FieldInput field={pseudoRef('user_id', t('claims.employee'), [], 'owner')} hideLabel value={r.user_id} refs={p.refs} onChange={(v) => patch(i, { user_id: v as string | null })} />}
            </div>
            <TextInput size="sm" w={180} aria-label={t('events.role')} placeholder={t('events.role')} value={r.role} onChange={(e) => patch(i, { role: e.currentTarget.value })} />
            <RowButtons i={i} count={rows.length} remove={remove} />
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="default" onClick={() => add({ user_id: null, role: '' })}>{t('claims.add_employee')}</Button>
          <Button size="xs" variant="default" onClick={() => add({ contact_id: null, role: '' })}>{t('claims.add_contact')}</Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
