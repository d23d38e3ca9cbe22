import { Alert, Badge, Button, Paper, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../i18n/format';
import { portalApi, type PortalDocument } from './portal-api';
import { errorOf } from './portal-pages';

interface Option { value: string; label: string }
interface PortalClaim { id: string; number: string; subject: string; status: string; status_label: string; decision: string | null; updated_at: string }
interface Claims { data: PortalClaim[]; claim_types: Option[]; reasons: Option[] }

const CLOSED = new Set(['satisfied', 'not_satisfied', 'rejected']);

/** The customer's claims with their status and decision, and a form to submit one (about an invoice, if they like). */
export function ClaimsPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const claims = useQuery({ queryKey: ['portal', 'claims'], queryFn: () => portalApi<Claims>('/claims') });
  const invoices = useQuery({ queryKey: ['portal', 'documents'], queryFn: () => portalApi<{ data: PortalDocument[] }>('/documents').then((r) => r.data) });
  const [form, setForm] = useState({ subject: '', description: '', claim_type: 'quality', reason: null as string | null, related_to: null as string | null });
  const set = (k: keyof typeof form) => (v: string | null) => setForm((f) => ({ ...f, [k]: v }));
  const submit = useMutation({
    mutationFn: () => portalApi<{ data: { number: string } }>('/claims', { method: 'POST', body: form }),
    onSuccess: () => { setForm((f) => ({ ...f, subject: '', description: '', reason: null, related_to: null })); void client.invalidateQueries({ queryKey: ['portal', 'claims'] }); },
  });
  const onSubmit = (e: FormEvent) => { e.preventDefault(); submit.mutate(); };
  return (
    <>
      <Title order={1} size="h2">{t('portal.claims')}</Title>
      {(claims.error || invoices.error) && <Alert color="red" role="alert">{errorOf(claims.error ?? invoices.error)}</Alert>}
      <Table withTableBorder aria-label={t('portal.claims')}>
        <Table.Thead><Table.Tr><Table.Th>{t('portal.number')}</Table.Th><Table.Th>{t('portal.subject')}</Table.Th><Table.Th>{t('portal.status')}</Table.Th><Table.Th>{t('portal.decision')}</Table.Th><Table.Th>{t('portal.updated')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {claims.data?.data.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{c.number}</Table.Td><Table.Td>{c.subject}</Table.Td>
              <Table.Td><Badge variant="light" color={CLOSED.has(c.status) ? 'gray' : 'blue'}>{c.status_label}</Badge></Table.Td>
              <Table.Td>{c.decision ?? ''}</Table.Td><Table.Td>{formatDate(c.updated_at, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
          {claims.data?.data.length === 0 && <Table.Tr><Table.Td colSpan={5}><Text c="dimmed">{t('portal.no_claims')}</Text></Table.Td></Table.Tr>}
        </Table.Tbody>
      </Table>
      <Paper withBorder p="md" component="form" onSubmit={onSubmit} aria-label={t('portal.new_claim')}>
        <Stack>
          <Title order={2} size="h4">{t('portal.new_claim')}</Title>
          {submit.isSuccess && <Alert color="green" role="status">{t('portal.claim_sent', { number: submit.data.data.number })}</Alert>}
          {submit.isError && <Alert color="red" role="alert">{errorOf(submit.error)}</Alert>}
          <TextInput label={t('portal.subject')} required maxLength={500} value={form.subject} onChange={(e) => set('subject')(e.currentTarget.value)} />
          <Select label={t('portal.claim_type')} allowDeselect={false} data={claims.data?.claim_types ?? []} value={form.claim_type} onChange={set('claim_type')} />
          <Select label={t('portal.reason')} clearable data={claims.data?.reasons ?? []} value={form.reason} onChange={set('reason')} />
          <Select label={t('portal.regarding_invoice')} clearable value={form.related_to} onChange={set('related_to')}
            data={(invoices.data ?? []).filter((d) => d.module === 'invoices').map((d) => ({ value: d.id, label: `${d.number} · ${d.subject}` }))} />
          <Textarea label={t('portal.description')} autosize minRows={4} value={form.description} onChange={(e) => set('description')(e.currentTarget.value)} />
          <Button type="submit" w="fit-content" loading={submit.isPending} disabled={!form.subject.trim()}>{t('portal.send')}</Button>
        </Stack>
      </Paper>
    </>
  );
}
