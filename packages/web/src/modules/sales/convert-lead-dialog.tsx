import { Alert, Checkbox, Modal, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { runAction } from '../../api/records';
import { DialogActions } from '../../app/dialog-actions';
import { useLookup } from '../../fields/inputs/use-lookup';
import type { RecordDialogProps } from '../../records/record/module-extensions';

interface Duplicate { id: string; number: string; name: string }

/** Lead → account (new or existing, likely duplicates offered first), contact, and optionally a deal. */
export function ConvertLeadDialog({ record, onClose, onDone }: RecordDialogProps) {
  const { t } = useTranslation();
  const duplicates = useQuery({ queryKey: ['lead-duplicates', record.id], queryFn: () => api<{ data: Duplicate[] }>(`/records/leads/${record.id}/duplicates`).then((r) => r.data) });
  const [mode, setMode] = useState<'create' | 'existing'>('create');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const lookup = useLookup('accounts', search, mode === 'existing');
  const [contact, setContact] = useState(true);
  const [withDeal, setWithDeal] = useState(true);
  const [deal, setDeal] = useState({ name: String(record.company ?? ''), amount: '', close_date: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const options = [...(duplicates.data ?? []).map((d) => ({ value: d.id, label: `${d.name} · ${d.number} (${t('sales.likely_duplicate')})` })),
    ...(lookup.data ?? []).filter((o) => !duplicates.data?.some((d) => d.id === o.value))];
  const fieldError = (k: string) => error?.fields?.[k] ?? error?.fields?.[`deal.${k}`];

  async function convert() {
    setBusy(true);
    setError(null);
    try {
      const r = await runAction('leads', record.id, 'convert', {
        account: mode === 'create' ? { create: true } : { id: accountId }, contact,
        deal: withDeal ? { name: deal.name, ...(deal.amount ? { amount: deal.amount } : {}), ...(deal.close_date ? { close_date: deal.close_date } : {}) } : null,
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
          <Checkbox label={t('sales.create_contact')} checked={contact} onChange={(e) => setContact(e.currentTarget.checked)} />
          <Checkbox label={t('sales.create_deal')} checked={withDeal} onChange={(e) => setWithDeal(e.currentTarget.checked)} />
          {withDeal && (
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label={t('sales.deal_name')} value={deal.name} onChange={(e) => { const v = e.currentTarget.value; setDeal((d) => ({ ...d, name: v })); }} error={fieldError('name')} required />
              <TextInput label={t('sales.amount')} value={deal.amount} inputMode="decimal" onChange={(e) => { const v = e.currentTarget.value; setDeal((d) => ({ ...d, amount: v })); }} error={fieldError('amount')} />
              <TextInput label={t('sales.close_date')} type="date" value={deal.close_date} onChange={(e) => { const v = e.currentTarget.value; setDeal((d) => ({ ...d, close_date: v })); }} error={fieldError('close_date')} required />
            </SimpleGrid>
          )}
          {error && <Alert color="red" role="alert">{error.message}{error.fields ? `: ${Object.entries(error.fields).map(([k, v]) => `${k} ${v}`).join('; ')}` : ''}</Alert>}
          <Text size="xs" c="dimmed">{t('sales.convert_hint')}</Text>
          <DialogActions onCancel={onClose} loading={busy} label={t('sales.convert')} />
        </Stack>
      </form>
    </Modal>
  );
}
