import { ActionIcon, Alert, Button, FileButton, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, firstProblem, withOtherProblems } from '../../api/client';
import { useCurrentUser } from '../../app/auth';
import { IconTrash } from '../../app/icons';
import { DateBox } from '../../fields/inputs/date-inputs';
import { formatDate, formatNumber, localDay } from '../../i18n/format';
import { Busy } from '../../app/busy';

interface Rate { currency: string; date: string; rate: string }

/** Dated exchange rates to the company currency: the rate of a day is the latest on or before it. */
export function RatesPage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const client = useQueryClient();
  const [filter, setFilter] = useState('');
  const [draft, setDraft] = useState<{ currency: string; date: string | null; rate: string }>({ currency: '', date: localDay(), rate: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const code = /^[A-Z]{3}$/.test(filter) ? filter : '';
  const q = useQuery({ queryKey: ['currency_rates', code], queryFn: () => api<{ data: Rate[]; company_currency: string }>(`/currency_rates?limit=500${code ? `&currency=${code}` : ''}`) });
  const refresh = () => client.invalidateQueries({ queryKey: ['currency_rates'] });

  async function add() {
    setErrors({});
    setBusy(true);
    try {
      await api('/currency_rates', { method: 'POST', body: draft });
      setDraft((d) => ({ ...d, rate: '' }));
      await refresh();
    } catch (e) {
      if (!(e instanceof ApiError)) { setErrors({ other: String(e) }); return; }
      const key = (k: string) => k.replace(/^rate\./, '');
      const placed = (k: string) => ['currency', 'date', 'rate'].includes(key(k));
      const keys = Object.keys(e.fields ?? {});
      // Problems no input shows (a refusal without fields, another field's) still reach the user.
      const allPlaced = keys.length > 0 && keys.every(placed);
      setErrors({ ...Object.fromEntries(Object.entries(e.fields ?? {}).map(([k, v]) => [key(k), v])), ...(allPlaced ? {} : { other: withOtherProblems(e, placed) }) });
    } finally {
      setBusy(false);
    }
  }
  async function importCsv(file: File | null) {
    if (!file) return;
    try {
      const r = await api<{ saved: number }>('/currency_rates/import', { method: 'POST', body: { csv: await file.text() } });
      notifications.show({ color: 'green', message: t('rates.imported', { count: r.saved }) });
      await refresh();
    } catch (e) {
      notifications.show({ color: 'red', title: t('rates.import_failed'), message: (e as Error).message });
    }
  }
  async function remove(r: Rate) {
    if (!window.confirm(t('rates.delete_confirm', { currency: r.currency, date: formatDate(r.date, i18n.language) }))) return;
    try {
      await api(`/currency_rates/${r.currency}/${r.date}`, { method: 'DELETE' });
      await refresh();
    } catch (e) {
      notifications.show({ color: 'red', message: firstProblem(e) });
    }
  }

  return (
    <Stack maw={900}>
      <Title order={1} size="h2">{t('rates.title')}</Title>
      <Text c="dimmed" size="sm">{t('rates.hint', { currency: q.data?.company_currency ?? '' })}</Text>
      {user.is_admin && (
        <Group align="flex-start">
          <TextInput label={t('rates.currency')} w={110} maxLength={3} value={draft.currency} error={errors.currency}
            onChange={(e) => setDraft({ ...draft, currency: e.currentTarget.value.toUpperCase() })} />
          <DateBox label={t('rates.date')} value={draft.date} onChange={(v) => setDraft({ ...draft, date: v })} error={errors.date} />
          <TextInput label={t('rates.rate')} w={160} value={draft.rate} error={errors.rate} onChange={(e) => setDraft({ ...draft, rate: e.currentTarget.value })} />
          <Button mt={24} loading={busy} onClick={() => void add()}>{t('rates.add')}</Button>
          <FileButton accept=".csv,text/csv" onChange={(f) => void importCsv(f)}>
            {(props) => <Button mt={24} variant="default" {...props}>{t('rates.import')}</Button>}
          </FileButton>
        </Group>
      )}
      {errors.other && <Alert color="red" role="alert">{errors.other}</Alert>}
      <TextInput label={t('rates.filter')} w={160} maxLength={3} value={filter} onChange={(e) => setFilter(e.currentTarget.value.toUpperCase())} />
      {q.isPending && <Busy />}
      {q.error && <Alert color="red">{(q.error as Error).message}</Alert>}
      {q.data && (
        <Table withTableBorder striped fz="sm" aria-label={t('rates.title')}>
          <Table.Thead><Table.Tr><Table.Th>{t('rates.currency')}</Table.Th><Table.Th>{t('rates.date')}</Table.Th><Table.Th ta="right">{t('rates.rate')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {q.data.data.map((r) => (
              <Table.Tr key={`${r.currency}-${r.date}`}>
                <Table.Td>{r.currency}</Table.Td><Table.Td>{formatDate(r.date, i18n.language)}</Table.Td>
                <Table.Td ta="right">{formatNumber(r.rate, i18n.language, { max: 10 })}</Table.Td>
                <Table.Td>{user.is_admin && <ActionIcon variant="subtle" color="red" aria-label={t('rates.delete_of', { currency: r.currency, date: formatDate(r.date, i18n.language) })} onClick={() => void remove(r)}><IconTrash /></ActionIcon>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
