import { ActionIcon, Alert, Badge, Button, Group, Input, Modal, MultiSelect, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError } from '../../api/client';
import { userLabel, useUsers } from '../../api/directory';
import { useModules } from '../../api/meta';
import { qk } from '../../api/query-keys';
import { useAuth } from '../../app/auth';
import { Busy } from '../../app/busy';
import { formatDateTime } from '../../i18n/format';
import type { ModuleFieldInputProps, RecordDialogProps, RecordPanelProps } from '../../records/record/module-extensions';
import { PersonSelect } from './pickers';
import { useFormModule } from './workflow-editors';

export interface Approval {
  id: string; process_name: string; module: string; record_id: string; label: string | null; state: 'pending' | 'approved' | 'rejected' | 'voided';
  step: number; approver_ids: string[]; submitted_by: string; submitted_at: string; decided_at: string | null; comment: string | null;
}
const COLOR = { pending: 'yellow', approved: 'green', rejected: 'red', voided: 'gray' } as const;

/** The ordered approvers of a process: the owner's head, a user or a role per step. */
export function StepsEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const steps: { approver: string }[] = Array.isArray(p.value) ? (p.value as { approver: string }[]) : [];
  return (
    <Input.Wrapper label={p.field.label} error={p.error} withAsterisk>
      <Stack gap="xs" mt={4}>
        {steps.map((s, i) => (
          <Group key={i} gap="xs" align="flex-end">
            <Text size="sm" c="dimmed" w={18}>{i + 1}</Text>
            <PersonSelect label={t('approvals.approver')} groups={false} value={s.approver} onChange={(approver) => p.onChange(steps.map((x, j) => (j === i ? { approver } : x)))} />
            <ActionIcon variant="subtle" color="red" aria-label={t('approvals.remove_step', { n: i + 1 })} onClick={() => p.onChange(steps.filter((_, j) => j !== i))}>✕</ActionIcon>
          </Group>
        ))}
        <Button size="xs" variant="light" w="fit-content" onClick={() => p.onChange([...steps, { approver: 'manager' }])}>{t('approvals.add_step')}</Button>
      </Stack>
    </Input.Wrapper>
  );
}

/** What needs the approval first: a field set to some values, and actions. */
export function UnlocksEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const m = useFormModule(p.control);
  const v = (p.value && typeof p.value === 'object' ? p.value : {}) as { field?: string; values?: string[]; actions?: string[] };
  const set = (patch: Partial<typeof v>) => p.onChange({ ...v, ...patch });
  const field = m?.fields.find((f) => f.name === v.field);
  return (
    <Input.Wrapper label={p.field.label} error={p.error} description={t('approvals.unlocks_hint')}>
      <Group grow align="flex-start" mt={4}>
        <Select label={t('automation.field')} clearable comboboxProps={{ withinPortal: true }} value={v.field ?? null}
          data={(m?.fields ?? []).filter((f) => f.type === 'picklist').map((f) => ({ value: f.name, label: f.label }))} onChange={(f) => set({ field: f ?? undefined, values: [] })} />
        <MultiSelect label={t('approvals.values')} comboboxProps={{ withinPortal: true }} value={v.values ?? []} onChange={(values) => set({ values })}
          data={(field?.options ?? []).map((o) => ({ value: o.value, label: o.label }))} />
        <MultiSelect label={t('approvals.actions')} comboboxProps={{ withinPortal: true }} value={v.actions ?? []} onChange={(actions) => set({ actions })}
          data={['convert', 'send_email', 'create_quote', 'duplicate'].map((a) => ({ value: a, label: t(`approvals.action_${a}`) }))} />
      </Group>
    </Input.Wrapper>
  );
}

/** Approve or reject with a comment. */
function DecideDialog({ module, recordId, step, decision, onClose }: { module: string; recordId: string; step: number; decision: 'approve' | 'reject'; onClose(done: boolean): void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      await api(`/records/${module}/${recordId}/actions/${decision}`, { method: 'POST', body: { comment, step } });
      notifications.show({ color: 'green', message: t(decision === 'approve' ? 'approvals.approved_note' : 'approvals.rejected_note') });
      onClose(true);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={() => onClose(false)} title={t(decision === 'approve' ? 'approvals.approve' : 'approvals.reject')}>
      <Stack>
        <Textarea label={t('approvals.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} data-autofocus />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(false)}>{t('actions.cancel')}</Button>
          <Button color={decision === 'approve' ? 'green' : 'red'} loading={busy} onClick={() => void go()}>{t(decision === 'approve' ? 'approvals.approve' : 'approvals.reject')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Approve / reject buttons for the one who may decide; opens the dialog. */
function DecideButtons({ a, onDone }: { a: Approval; onDone(): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [decision, setDecision] = useState<'approve' | 'reject' | null>(null);
  if (a.state !== 'pending' || !user || !(a.approver_ids.includes(user.id) || user.is_admin)) return null;
  return (
    <Group gap="xs">
      <Button size="xs" color="green" onClick={() => setDecision('approve')}>{t('approvals.approve')}</Button>
      <Button size="xs" color="red" variant="light" onClick={() => setDecision('reject')}>{t('approvals.reject')}</Button>
      {decision && <DecideDialog module={a.module} recordId={a.record_id} step={a.step} decision={decision} onClose={(done) => { setDecision(null); if (done) onDone(); }} />}
    </Group>
  );
}

/** On every record: its latest approval — waiting (locked), approved or rejected — with the decision buttons for approvers. */
export function ApprovalBanner({ module, record }: RecordPanelProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['approvals', module.name, record.id, record.version], queryFn: () => api<{ data: Approval[] }>(`/approvals?module=${module.name}&record_id=${record.id}&limit=1`) });
  const a = q.data?.data[0];
  if (!a) return null;
  const done = () => { void qc.invalidateQueries({ queryKey: ['approvals'] }); void qc.invalidateQueries({ queryKey: qk.record(module.name, record.id) }); };
  return (
    <Alert color={COLOR[a.state]} title={`${a.process_name}: ${t(`approvals.state_${a.state}`)}`} role="status">
      <Group justify="space-between">
        <Text size="sm">{a.state === 'pending' ? t('approvals.locked', { step: a.step + 1 }) : a.state === 'rejected' ? t('approvals.rejected_hint') : a.state === 'voided' ? t('approvals.voided_hint') : t('approvals.approved_hint')}</Text>
        <DecideButtons a={a} onDone={done} />
      </Group>
    </Alert>
  );
}

/** "Submit for approval" from the record's menu; the server says which process applies, or why none does. */
export function SubmitDialog({ module, record, onClose, onDone }: RecordDialogProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      await api(`/records/${module.name}/${record.id}/actions/submit_for_approval`, { method: 'POST', body: { comment } });
      notifications.show({ color: 'green', message: t('approvals.submitted') });
      void qc.invalidateQueries({ queryKey: ['approvals'] });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('approvals.submit')}>
      <Stack>
        <Textarea label={t('approvals.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} data-autofocus />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
          <Button onClick={() => void submit()}>{t('approvals.submit')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The approval inbox: what waits for me, and what I submitted. */
export function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const meta = useModules();
  const users = useUsers();
  const [mine, setMine] = useState<'1' | '0'>('1');
  const q = useQuery({ queryKey: ['approvals', 'inbox', mine], queryFn: () => api<{ data: Approval[] }>(`/approvals?${mine === '1' ? 'state=pending&mine=1' : ''}`) });
  const who = (id: string) => { const u = users.data?.find((x) => x.id === id); return u ? userLabel(u) : ''; };
  return (
    <Stack>
      <Group justify="space-between">
        <h1 style={{ margin: 0, fontSize: 'var(--mantine-h2-font-size)' }}>{t('approvals.title')}</h1>
        <Select aria-label={t('approvals.show')} w={240} value={mine} onChange={(v) => setMine((v as '1' | '0') ?? '1')} comboboxProps={{ withinPortal: true }}
          data={[{ value: '1', label: t('approvals.waiting_for_me') }, { value: '0', label: t('approvals.all_mine') }]} />
      </Group>
      {q.isPending ? <Busy /> : !q.data?.data.length ? <Text c="dimmed">{t('approvals.none')}</Text> : (
        <Table striped aria-label={t('approvals.title')}>
          <Table.Thead><Table.Tr><Table.Th>{t('approvals.record')}</Table.Th><Table.Th>{t('approvals.process')}</Table.Th><Table.Th>{t('approvals.submitted_by')}</Table.Th><Table.Th>{t('automation.when')}</Table.Th><Table.Th>{t('approvals.state')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {q.data.data.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td><Link to={`/${a.module}/${a.record_id}`}>{a.label ?? a.record_id}</Link> <Text span size="xs" c="dimmed">{meta.data?.module(a.module)?.label.one}</Text></Table.Td>
                <Table.Td>{a.process_name}{a.comment && <Text size="xs" c="dimmed">{a.comment}</Text>}</Table.Td>
                <Table.Td>{who(a.submitted_by)}</Table.Td>
                <Table.Td>{formatDateTime(a.submitted_at, i18n.language)}</Table.Td>
                <Table.Td><Badge color={COLOR[a.state]}>{t(`approvals.state_${a.state}`)}</Badge></Table.Td>
                <Table.Td><DecideButtons a={a} onDone={() => void qc.invalidateQueries({ queryKey: ['approvals'] })} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
