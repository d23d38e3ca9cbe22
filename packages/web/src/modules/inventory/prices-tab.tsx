import { Alert, Badge, Button, FileInput, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, firstProblem } from '../../api/client';
import { canDo, useModule } from '../../api/meta';
import { Loading } from '../../app/busy';
import { formatDate, formatMoney, localDay } from '../../i18n/format';
import type { RecordPanelProps } from '../../records/record/module-extensions';

interface TypePrice { price_type_id: string; name: string; kind: string; currency: string | null; price: string | null; source: string | null; effective_date: string | null }
interface HistoryRow { effective_date: string; price: string; source: string }

const today = () => localDay();

/** A price's history as a small step line (oldest on the left). */
function HistoryChart({ rows, label }: { rows: HistoryRow[]; label: string }) {
  if (rows.length < 2) return null;
  const points = [...rows].reverse().map((r) => ({ t: Date.parse(r.effective_date), v: Number(r.price) }));
  const [t0, t1] = [points[0].t, points[points.length - 1].t];
  const values = points.map((p) => p.v);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const x = (t: number) => 10 + ((t - t0) / Math.max(1, t1 - t0)) * 380;
  const y = (v: number) => 110 - ((v - lo) / Math.max(1e-9, hi - lo)) * 100;
  const path = points.map((p, i) => (i === 0 ? `M${x(p.t)},${y(p.v)}` : `H${x(p.t)}V${y(p.v)}`)).join('');
  return (
    <svg viewBox="0 0 400 120" width="100%" height={120} role="img" aria-label={label} data-testid="price-history-chart">
      <path d={path} fill="none" stroke="var(--mantine-color-blue-6)" strokeWidth={2} />
      {points.map((p) => <circle key={p.t} cx={x(p.t)} cy={y(p.v)} r={3} fill="var(--mantine-color-blue-6)" />)}
    </svg>
  );
}

/** A product's or service's prices by type at a date, each type's history, and a price set by hand from a date. */
export function PricesTab({ record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const { module: priceTypes } = useModule('price_types');
  const [date, setDate] = useState(today());
  const [picked, setPicked] = useState<string | null>(null);
  const [form, setForm] = useState<{ type: string | null; date: string; price: number | string }>({ type: null, date: today(), price: '' });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const prices = useQuery({ queryKey: ['prices', record.id, date], queryFn: () => api<{ data: TypePrice[]; currency: string }>(`/pricing/prices?product_id=${record.id}&date=${date}`), enabled: Boolean(priceTypes) });
  const history = useQuery({ queryKey: ['price-history', record.id, picked], enabled: Boolean(picked), queryFn: () => api<{ data: HistoryRow[] }>(`/pricing/history?product_id=${record.id}&price_type_id=${picked}`) });
  if (!priceTypes) return <Text c="dimmed">{t('pricing.no_access')}</Text>;
  if (!prices.data) return <Loading error={prices.error} />;
  const money = (v: string | null, c: string | null) => (v === null ? '—' : formatMoney(v, i18n.language, c ?? prices.data.currency));
  const save = async () => {
    setError(null);
    setSaving(true);
    const sent = form.price;
    try {
      await api('/pricing/prices', { method: 'POST', body: { date: form.date, prices: [{ product_id: record.id, price_type_id: form.type, price: String(form.price) }] } });
      // Only the price is cleared, and only if it is still the one sent: a type or date picked meanwhile stays.
      setForm((f) => (f.price === sent ? { ...f, price: '' } : f));
      void qc.invalidateQueries({ queryKey: ['prices', record.id] });
      void qc.invalidateQueries({ queryKey: ['price-history', record.id] });
    } catch (e) {
      setError(firstProblem(e));
    } finally {
      setSaving(false);
    }
  };
  const pickedType = prices.data.data.find((p) => p.price_type_id === picked);
  return (
    <Stack>
      <DateInput label={t('pricing.at_date')} w={200} valueFormat="YYYY-MM-DD" value={date} onChange={(v) => setDate(v ? String(v).slice(0, 10) : today())} />
      {!prices.data.data.length ? <Text c="dimmed">{t('pricing.no_types')}</Text> : (
        <Table striped highlightOnHover aria-label={t('pricing.prices')}>
          <Table.Thead><Table.Tr><Table.Th>{t('pricing.price_type')}</Table.Th><Table.Th ta="right">{t('pricing.price')}</Table.Th><Table.Th>{t('pricing.since')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {prices.data.data.map((p) => (
              <Table.Tr key={p.price_type_id} onClick={() => setPicked(p.price_type_id)} style={{ cursor: 'pointer' }} bg={p.price_type_id === picked ? 'var(--mantine-color-blue-light)' : undefined}>
                {/* The row is clickable; the name is the keyboard's way to the same history. */}
                <Table.Td><UnstyledButton onClick={() => setPicked(p.price_type_id)} aria-pressed={p.price_type_id === picked}
                  aria-label={t('pricing.history_of', { type: p.name })}>{p.name}</UnstyledButton></Table.Td>
                <Table.Td ta="right" data-testid={`price-${p.name}`}>{money(p.price, p.currency)}</Table.Td>
                <Table.Td>{p.effective_date ? formatDate(p.effective_date, i18n.language) : '—'}</Table.Td>
                <Table.Td>{p.source && <Badge size="sm" variant="light" color={p.source === 'manual' ? 'gray' : 'blue'}>{t(`pricing.source_${p.source}`)}</Badge>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pickedType && (
        <Paper withBorder p="sm">
          <Title order={5}>{t('pricing.history_of', { type: pickedType.name })}</Title>
          {history.isError && <Loading error={history.error} />}
          {history.data && <HistoryChart rows={history.data.data} label={t('pricing.history_of', { type: pickedType.name })} />}
          <Table fz="sm" aria-label={t('pricing.history_of', { type: pickedType.name })}>
            <Table.Tbody>
              {(history.data?.data ?? []).map((h) => (
                <Table.Tr key={h.effective_date}><Table.Td>{formatDate(h.effective_date, i18n.language)}</Table.Td><Table.Td ta="right">{money(h.price, pickedType.currency)}</Table.Td><Table.Td>{t(`pricing.source_${h.source}`)}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {canDo(priceTypes, 'edit') && (
        <Paper withBorder p="sm" role="group" aria-label={t('pricing.set_price')}>
          <Title order={5} mb="xs">{t('pricing.set_price')}</Title>
          <Group align="flex-end">
            <Select label={t('pricing.price_type')} w={220} value={form.type} onChange={(v) => setForm({ ...form, type: v })} comboboxProps={{ withinPortal: true }}
              data={prices.data.data.map((p) => ({ value: p.price_type_id, label: p.name }))} />
            <DateInput label={t('pricing.from_date')} w={160} valueFormat="YYYY-MM-DD" value={form.date} onChange={(v) => setForm({ ...form, date: v ? String(v).slice(0, 10) : today() })} />
            <NumberInput label={t('pricing.price')} w={160} min={0} decimalScale={2} value={form.price} onChange={(v) => setForm({ ...form, price: v })} />
            <Button disabled={!form.type || form.price === ''} loading={saving} onClick={() => void save()}>{t('pricing.save_price')}</Button>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>{t('pricing.set_hint')}</Text>
          {error && <Alert color="red" mt="xs">{error}</Alert>}
        </Paper>
      )}
    </Stack>
  );
}


interface ImportResult { rows: number; prices: number; errors: { row: number; column: string; message: string }[]; applied: boolean; recomputed?: number }

/** New prices from an XLSX price list at a date: previewed first (rows, prices, every problem), then applied. */
function ImportPricesDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [date, setDate] = useState(today());
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (dry: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('date', date);
    form.append('dry_run', dry ? '1' : '0');
    form.append('file', file);
    try {
      setResult((await api<{ data: ImportResult }>('/pricing/import', { method: 'POST', body: form })).data);
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...Object.entries(e.fields ?? {}).map(([k, v]) => `${k}: ${v}`)].join('\n') : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('pricing.import')} size="lg" centered>
      <Stack>
        <FileInput label={t('pricing.import_file')} accept=".xlsx,.csv" value={file} onChange={(f) => { setFile(f); setResult(null); }} />
        <DateInput label={t('pricing.from_date')} w={160} valueFormat="YYYY-MM-DD" value={date} onChange={(v) => { setDate(v ? String(v).slice(0, 10) : today()); setResult(null); }} />
        <Text size="sm" c="dimmed">{t('pricing.import_hint')}</Text>
        {error && <Alert color="red" style={{ whiteSpace: 'pre-line' }}>{error}</Alert>}
        {result && (
          <Stack gap={4} data-testid="price-import-result">
            <Text size="sm">{t(result.applied ? 'pricing.import_applied' : 'pricing.import_preview', { rows: result.rows, prices: result.prices })}</Text>
            {result.errors.length > 0 && (
              <Table fz="xs" striped aria-label={t('pricing.import_errors')}>
                <Table.Tbody>{result.errors.map((x, i) => <Table.Tr key={i}><Table.Td>{x.row}</Table.Td><Table.Td>{x.column}</Table.Td><Table.Td>{x.message}</Table.Td></Table.Tr>)}</Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.close')}</Button>
          <Button variant="default" loading={busy} disabled={!file} onClick={() => void send(true)}>{t('pricing.import_check')}</Button>
          <Button loading={busy} disabled={!file || !result || result.applied || result.errors.length > 0} onClick={() => void send(false)}>{t('pricing.import_apply')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Above the price types: the price list at a date (every product and service × every type) as XLSX, and its import. */
export function PriceListTool() {
  const { t } = useTranslation();
  const [date, setDate] = useState(today());
  const [importing, setImporting] = useState(false);
  return (
    <Group gap="xs" role="group" aria-label={t('pricing.price_list')}>
      <DateInput size="sm" w={140} valueFormat="YYYY-MM-DD" aria-label={t('pricing.at_date')} value={date} onChange={(v) => setDate(v ? String(v).slice(0, 10) : today())} />
      <Button size="sm" variant="default" component="a" href={`/api/v1/pricing/price_list?date=${date}&format=xlsx`} download>{t('pricing.price_list')}</Button>
      <Button size="sm" variant="default" component="a" href={`/api/v1/pricing/price_list?date=${date}&format=pdf`} download>{t('pricing.price_list_pdf')}</Button>
      <Button size="sm" variant="default" onClick={() => setImporting(true)}>{t('pricing.import')}</Button>
      {importing && <ImportPricesDialog onClose={() => setImporting(false)} />}
    </Group>
  );
}
