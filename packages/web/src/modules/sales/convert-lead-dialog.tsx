import { Alert, Checkbox, Modal, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { runAction } from '../../api/records';
import { DialogActions } from '../../app/dialog-actions';
import { useModules } from '../../api/meta';
import { DateBox } from '../../fields/inputs/date-inputs';
import { useLookup } from '../../fields/inputs/use-lookup';
import type { RecordDialogProps } from '../../records/record/module-extensions';

interface Duplicate { id: string; number: string; name: string }
interface LikelyContact { id: string; number: string; first_name: string | null; last_name: string | null; account_id: string | null; account_name: string | null }
interface Kind { id: string; name: string; mode: string; is_default: boolean; stages: { name: string }[] | null }

/** Lead → account (new or existing, likely duplicates offered first), contact, and optionally a deal. */
export function ConvertLeadDialog({ record, onClose, onDone }: RecordDialogProps) {
  const { t } = useTranslation();
  const found = useQuery({ queryKey: ['lead-duplicates', record.id], queryFn: () => api<{ data: Duplicate[]; contacts: LikelyContact[] }>(`/records/leads/${record.id}/duplicates`) });
  const duplicates = { data: found.data?.data, isPending: found.isPending };
  const [existingContact, setExistingContact] = useState<string | null>(null);
  const [mode, setMode] = useState<'create' | 'existing'>('create');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const lookup = useLookup('accounts', search, mode === 'existing');
  const [contact, setContact] = useState(true);
  const [withDeal, setWithDeal] = useState(true);
  const [deal, setDeal] = useState({ name: String(record.company ?? ''), amount: '', close_date: '' });
  const meta = useModules();
  const deals = meta.data?.module('deals');
  const kinds = useQuery({ queryKey: ['deal_kinds', 'convert'], queryFn: () => api<{ data: Kind[] }>('/records/deal_kinds?fields=name,mode,is_default,stages&limit=100&sort=name').then((r) => r.data) });
  const company = useQuery({ queryKey: ['settings', 'company'], queryFn: () => api<{ data: { currency?: string } }>('/settings/company').then((r) => r.data) });
  const [kindId, setKindId] = useState<string | null | undefined>(undefined);
  const [stage, setStage] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  const kind = kindId === undefined ? kinds.data?.find((k) => k.is_default) : kinds.data?.find((k) => k.id === kindId);
  const stageLabel = (v: string) => deals?.fields.find((f) => f.name === 'stage')?.options?.find((o) => o.value === v)?.label ?? v;
  const stageOptions = (kind ? (kind.mode === 'none' ? [] : (kind.stages ?? []).map((s) => s.name)) : (deals?.fields.find((f) => f.name === 'stage')?.options ?? []).map((o) => o.value))
    .filter((s) => s !== 'closed_won' && s !== 'closed_lost').map((s) => ({ value: s, label: stageLabel(s) }));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // The account of the existing contact picked (a lead who is already a contact is converted into their account).
  const contactAccount = found.data?.contacts.find((c) => c.id === existingContact && c.account_id && c.account_name);
  const pickContact = (id: string | null) => {
    setExistingContact(id);
    const c = found.data?.contacts.find((x) => x.id === id);
    if (c?.account_id && c.account_name) { setMode('existing'); setAccountId(c.account_id); }
  };
  const options = [...(contactAccount ? [{ value: contactAccount.account_id!, label: contactAccount.account_name! }] : []),
    ...(duplicates.data ?? []).filter((d) => d.id !== contactAccount?.account_id).map((d) => ({ value: d.id, label: `${d.name} · ${d.number} (${t('sales.likely_duplicate')})` })),
    ...(lookup.data ?? []).filter((o) => !duplicates.data?.some((d) => d.id === o.value) && o.value !== contactAccount?.account_id)];
  const fieldError = (k: string) => error?.fields?.[k] ?? error?.fields?.[`deal.${k}`];

  async function convert() {
    setBusy(true);
    setError(null);
    try {
      const r = await runAction('leads', record.id, 'convert', {
        account: mode === 'create' ? { create: true } : { id: accountId }, contact: existingContact ? { id: existingContact } : contact,
        deal: withDeal ? {
          name: deal.name, ...(deal.amount ? { amount: deal.amount } : {}), ...(deal.close_date ? { close_date: deal.close_date } : {}),
          ...(kind ? { deal_kind_id: kind.id } : kindId === null ? { deal_kind_id: null } : {}), ...(stage ? { stage } : {}),
          currency: currency ?? company.data?.currency ?? null,
        } : null,
      }) as { account_id: string; contact_id: string | null; deal_id: string | null };
      onDone(r.deal_id ? `/deals/${r.deal_id}` : r.contact_id ? `/contacts/${r.contact_id}` : `/accounts/${r.account_id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('sales.convert_title')} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void convert(); }}>
        <Stack>
          <Radio.Group label={t('sales.account')} value={mode} onChange={(v) => setMode(v as 'create' | 'existing')}>
            <Stack gap={6} mt={6}>
              <Radio value="create" label={t('sales.new_account', { company: record.company ?? '' })} />
              <Radio value="existing" label={t('sales.existing_account')} />
            </Stack>
          </Radio.Group>
          {!!duplicates.data?.length && mode === 'create' && <Alert color="yellow">{t('sales.duplicates_found', { count: duplicates.data.length })}</Alert>}
          {mode === 'existing' && (
            <Select label={t('sales.pick_account')} searchable data={options} value={accountId} onChange={setAccountId} searchValue={search}
              onSearchChange={setSearch} filter={({ options: o }) => o} comboboxProps={{ withinPortal: true }} error={error?.fields?.['account.id'] ?? error?.fields?.account} />
          )}
          <Checkbox label={t('sales.create_contact')} checked={contact && !existingContact} disabled={!!existingContact} onChange={(e) => setContact(e.currentTarget.checked)} />
          {!!found.data?.contacts.length && (
            <Select label={t('sales.existing_contact')} clearable comboboxProps={{ withinPortal: true }} value={existingContact} onChange={pickContact}
              error={error?.fields?.['contact.id']}
              data={found.data.contacts.map((c) => ({ value: c.id, label: `${[c.first_name, c.last_name].filter(Boolean).join(' ')} · ${c.number}${c.account_name ? ` · ${c.account_name}` : ''} (${t('sales.likely_same_person')})` }))} />
          )}
          <Checkbox label={t('sales.create_deal')} checked={withDeal} onChange={(e) => setWithDeal(e.currentTarget.checked)} />
          {withDeal && (
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label={t('sales.deal_name')} value={deal.name} onChange={(e) => { const v = e.currentTarget.value; setDeal((d) => ({ ...d, name: v })); }} error={fieldError('name')} required />
              <TextInput label={t('sales.amount')} value={deal.amount} inputMode="decimal" onChange={(e) => { const v = e.currentTarget.value; setDeal((d) => ({ ...d, amount: v })); }} error={fieldError('amount')} />
              <DateBox label={t('sales.close_date')} required value={deal.close_date || null} onChange={(v) => setDeal((d) => ({ ...d, close_date: v ?? '' }))} error={fieldError('close_date')} />
              <Select label={t('sales.deal_kind')} value={kind?.id ?? 'none'} allowDeselect={false} comboboxProps={{ withinPortal: true }}
                data={[...(kinds.data ?? []).map((k) => ({ value: k.id, label: k.name })), { value: 'none', label: t('sales.no_kind') }]}
                onChange={(v) => { setKindId(v === 'none' ? null : v); setStage(null); }} error={fieldError('deal_kind_id')} />
              <Select label={t('sales.deal_stage')} value={stage} data={stageOptions} placeholder={stageOptions[0]?.label} clearable
                disabled={!stageOptions.length} comboboxProps={{ withinPortal: true }} onChange={setStage} error={fieldError('stage')} />
              <Select label={t('sales.deal_currency')} value={currency ?? company.data?.currency ?? null} allowDeselect={false} comboboxProps={{ withinPortal: true }}
                data={deals?.fields.find((f) => f.name === 'currency')?.options ?? []} onChange={setCurrency} error={fieldError('currency')} />
            </SimpleGrid>
          )}
          {error && <Alert color="red" role="alert">{error.message}{error.fields ? `: ${Object.entries(error.fields).map(([k, v]) => `${k} ${v}`).join('; ')}` : ''}</Alert>}
          <Text size="xs" c="dimmed">{t('sales.convert_hint')}</Text>
          {/* Converting waits for the duplicate check, so a likely duplicate account is offered before one is made. */}
          <DialogActions onCancel={onClose} loading={busy || duplicates.isPending} label={t('sales.convert')} />
        </Stack>
      </form>
    </Modal>
  );
}
