import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { computeTotals } from '@karta/shared/totals';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, withOtherProblems } from '../../api/client';
import { DecimalBox } from '../../fields/inputs/text-inputs';
import { updateRecord, useInvalidateRecords } from '../../api/records';
import { IconPlus, IconTrash } from '../../app/icons';
import { PendingWorkProvider, usePendingWork } from '../../app/pending-work';
import { formatMoney } from '../../i18n/format';
import type { RecordPanelProps } from '../../records/record/module-extensions';
import { ItemPicker } from './item-picker';
import { PriceSource } from './price-source';
import { draftFrom, draftToInput, emptyLine, previewInput, reserveKeys, safeNumber, type Draft, type DraftLine } from './line-draft';

/** A line the offer priced as it stands: a new quantity may cross a threshold or a tier, so the offer prices it again. */
const byOffer = (l: DraftLine) => !!l.source && !l.source.deviation && (l.source.price_source === 'offer' || l.source.price_source === 'price_type');

/** Line items with live totals from the same function the server stores them with. */
/** The document's own fields this editor shows a problem beside. */
const PLACED = new Set(['discount_percent', 'discount_amount', 'shipping_amount', 'adjustment']);

export function LinesTab({ module, record }: RecordPanelProps) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidateRecords();
  // What is typed and not saved survives a failed save, a reload and leaving the tab (kept per record and version).
  const storeKey = `karta:lines:${module.name}:${record.id}:${record.version}`;
  const [draft, setDraft] = useState<Draft>(() => restoreDraft(storeKey) ?? draftFrom(record));
  const [dirty, setDirty] = useState(() => restoreDraft(storeKey) !== null);
  useEffect(() => { if (dirty) sessionStorage.setItem(storeKey, JSON.stringify(draft)); }, [draft, dirty, storeKey]);
  // The record changed elsewhere (an action, another tab) while nothing was typed here: show it as it is now.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { if (!dirty) setDraft(draftFrom(record)); }, [record.version]);
  const taxClasses = useQuery({ queryKey: ['settings', 'tax_classes'], queryFn: () => api<{ data: { value: string; label: string; percent: string | null; active: boolean }[] }>('/settings/tax_classes').then((r) => r.data) });
  const activeClasses = (taxClasses.data ?? []).filter((c) => c.active && c.percent !== null);
  const currency = (record.currency as string | null) ?? null;
  const phone = useMediaQuery('(max-width: 48em)');
  const [busy, setBusy] = useState(false);
  // Items picked whose price and tax are still being read: the line is not saved without them.
  const work = usePendingWork();
  const [error, setError] = useState<ApiError | null>(null);
  const input = previewInput(draft);
  const totals = useMemo(() => computeTotals({
    ...input, discount_percent: input.discount_percent && safeNumber(input.discount_percent), discount_amount: input.discount_amount && safeNumber(input.discount_amount),
    shipping_amount: safeNumber(input.shipping_amount), adjustment: safeNumber(input.adjustment),
    group_taxes: input.group_taxes.map((x) => ({ ...x, percent: safeNumber(x.percent) })),
    shipping_taxes: input.shipping_taxes.map((x) => ({ ...x, percent: safeNumber(x.percent) })),
    lines: input.lines.map((l) => ({ ...l, quantity: safeNumber(l.quantity), list_price: safeNumber(l.list_price), discount_percent: l.discount_percent && safeNumber(l.discount_percent), discount_amount: l.discount_amount && safeNumber(l.discount_amount), taxes: l.taxes.map((x) => ({ ...x, percent: safeNumber(x.percent) })) })),
  }), [input]);
  const money = (v: string) => formatMoney(v, i18n.language, record.currency as string | null);
  const edit = (fn: (d: Draft) => Draft) => { setDraft(fn); setDirty(true); };
  const setLine = (key: number, patch: Partial<DraftLine>) => edit((d) => ({ ...d, lines: d.lines.map((l) => (l.key === key ? { ...l, ...patch } : l)) }));
  const fieldError = (path: string) => error?.fields?.[path];
  // Problems shown beside an input of this editor; any other is named in the message.
  const placedHere = (key: string) => {
    if (key === 'group_taxes[0].percent') return draft.tax_mode === 'group';
    if (PLACED.has(key)) return true;
    const line = /^lines\[(\d+)\]\.(.+)$/.exec(key);
    if (!line) return false;
    const [, at, field] = line;
    if (field === 'taxes[0].percent') return draft.tax_mode === 'individual';
    if (field === 'is_selected') return !!draft.lines[Number(at)]?.is_alternative;
    // One place shows the item's problem or else the description's.
    if (field === 'description') return !fieldError(`lines[${at}].item_id`);
    return ['item_id', 'quantity', 'list_price', 'discount_percent'].includes(field);
  };
  /** The customer's choice: one line of a group; choosing it unchooses the others of its group. */
  const choose = (line: DraftLine, on: boolean) => edit((d) => ({
    ...d, lines: d.lines.map((x) => (x.key === line.key ? { ...x, is_selected: on }
      : on && line.alternative_group.trim() && x.is_alternative && x.alternative_group.trim() === line.alternative_group.trim() ? { ...x, is_selected: false } : x)),
  }));

  /** The inputs of one line, placed in a table row on a wide screen and in a card on a phone. */
  const lineParts = (l: DraftLine, i: number) => {
    const n = i + 1;
    const p = `lines[${i}]`;
    return {
      item: (
        <Stack gap={4}>
          <ItemPicker label={t('inventory.item_of_line', { n })} value={l.item} priceBookId={record.price_book_id as string | null}
            onPick={(it) => {
              // The item's tax class when it is on, else the company's active class: its percent and name.
              const cls = activeClasses.find((c) => c.value === it.taxClass) ?? activeClasses[0];
              // Under an offer the server prices the line (its override or price type, its discount): the price stays empty.
              setLine(l.key, { item: { module: it.module, id: it.id, name: it.name }, code: it.code, description: it.name, list_price: record.offer_id ? '' : it.price ?? l.list_price, source: null,
                tax_percent: cls?.percent ?? l.tax_percent, tax_name: cls?.label ?? l.tax_name });
            }} />
          <TextInput size="xs" aria-label={t('inventory.description_of_line', { n })} placeholder={t('inventory.description')} value={l.description}
            onChange={(e) => setLine(l.key, { description: e.currentTarget.value })} error={fieldError(`${p}.item_id`) ?? fieldError(`${p}.description`)} />
          <Group gap="xs">
            <Checkbox size="xs" label={t('inventory.alternative')} aria-label={t('inventory.alternative_of_line', { n })} checked={l.is_alternative}
              onChange={(e) => setLine(l.key, { is_alternative: e.currentTarget.checked, is_selected: !e.currentTarget.checked, alternative_group: e.currentTarget.checked ? l.alternative_group || 'A' : '' })} />
            {l.is_alternative && <TextInput size="xs" w={90} aria-label={t('inventory.group_of_line', { n })} placeholder={t('inventory.alternative_group')} value={l.alternative_group}
              onChange={(e) => setLine(l.key, { alternative_group: e.currentTarget.value })} />}
            {l.is_alternative && <Checkbox size="xs" label={t('inventory.selected')} aria-label={t('inventory.chosen_of_line', { n })} checked={l.is_selected} error={fieldError(`${p}.is_selected`)}
              onChange={(e) => choose(l, e.currentTarget.checked)} />}
          </Group>
        </Stack>
      ),
      quantity: <DecimalBox size="xs" aria-label={t('inventory.quantity_of_line', { n })} value={l.quantity} error={fieldError(`${p}.quantity`)}
        onChange={(v) => setLine(l.key, { quantity: v, ...(byOffer(l) ? { list_price: '', discount_percent: '', source: null } : {}) })} />,
      price: (
        <Stack gap={2}>
          <DecimalBox size="xs" aria-label={t('inventory.price_of_line', { n })} value={l.list_price} placeholder={record.offer_id ? t('pricing.by_offer') : undefined}
            onChange={(v) => setLine(l.key, { list_price: v })} error={fieldError(`${p}.list_price`)} />
          <PriceSource source={l.source} n={n} />
        </Stack>
      ),
      discount: <DecimalBox size="xs" aria-label={t('inventory.discount_of_line', { n })} value={l.discount_percent} onChange={(v) => setLine(l.key, { discount_percent: v })} error={fieldError(`${p}.discount_percent`)} />,
      tax: draft.tax_mode === 'individual' ? <DecimalBox size="xs" aria-label={t('inventory.tax_of_line', { n })} value={l.tax_percent} onChange={(v) => setLine(l.key, { tax_percent: v })} error={fieldError(`${p}.taxes[0].percent`)} /> : null,
      total: money(totals.lines[i]?.total ?? '0'),
      remove: <ActionIcon variant="subtle" color="red" aria-label={t('inventory.remove_line', { n })} onClick={() => edit((d) => ({ ...d, lines: d.lines.filter((x) => x.key !== l.key) }))}><IconTrash /></ActionIcon>,
    };
  };

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const saved = await updateRecord(module.name, record.id, record.version, draftToInput(draft));
      sessionStorage.removeItem(storeKey);
      // What the server made of the lines: prices an offer filled in, where each came from.
      setDraft(draftFrom(saved));
      setDirty(false);
      await invalidate(module.name);
      notifications.show({ color: 'green', message: t('inventory.saved') });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <PendingWorkProvider value={work.track}>
      <Stack gap="sm">
        {phone ? (
          <Stack gap="xs" role="list" aria-label={t('inventory.lines')}>
            {draft.lines.map((l, i) => {
              const x = lineParts(l, i);
              return (
                <Card key={l.key} withBorder padding="xs" role="listitem" opacity={l.is_alternative && !l.is_selected ? 0.55 : 1}>
                  {x.item}
                  <SimpleGrid cols={x.tax ? 4 : 3} spacing={6} mt={6}>
                    <Stack gap={0}><Text size="xs" c="dimmed">{t('inventory.quantity')}</Text>{x.quantity}</Stack>
                    <Stack gap={0}><Text size="xs" c="dimmed">{t('inventory.price')}</Text>{x.price}</Stack>
                    <Stack gap={0}><Text size="xs" c="dimmed">{t('inventory.discount_percent')}</Text>{x.discount}</Stack>
                    {x.tax && <Stack gap={0}><Text size="xs" c="dimmed">{t('inventory.tax_percent')}</Text>{x.tax}</Stack>}
                  </SimpleGrid>
                  <Group justify="space-between" mt={6}>{x.remove}<Text fw={600} size="sm" aria-label={t('inventory.total_of_line', { n: i + 1 })}>{x.total}</Text></Group>
                </Card>
              );
            })}
          </Stack>
        ) : (
        <div className="karta-table-wrap">
          <Table withTableBorder fz="sm" aria-label={t('inventory.lines')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('inventory.item')}</Table.Th><Table.Th>{t('inventory.quantity')}</Table.Th><Table.Th>{t('inventory.price')}</Table.Th>
                <Table.Th>{t('inventory.discount_percent')}</Table.Th>{draft.tax_mode === 'individual' && <Table.Th>{t('inventory.tax_percent')}</Table.Th>}
                <Table.Th ta="right">{t('inventory.total')}</Table.Th><Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.lines.map((l, i) => {
                const x = lineParts(l, i);
                return (
                  <Table.Tr key={l.key} opacity={l.is_alternative && !l.is_selected ? 0.55 : 1}>
                    <Table.Td miw={320}>{x.item}</Table.Td>
                    <Table.Td w={90}>{x.quantity}</Table.Td>
                    <Table.Td w={120}>{x.price}</Table.Td>
                    <Table.Td w={90}>{x.discount}</Table.Td>
                    {x.tax && <Table.Td w={90}>{x.tax}</Table.Td>}
                    <Table.Td ta="right" aria-label={t('inventory.total_of_line', { n: i + 1 })}>{x.total}</Table.Td>
                    <Table.Td w={40}>{x.remove}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
        )}
        <Group justify="space-between">
          {/* Not before the tax classes are known: the first line gives a new document the company's tax. */}
          <Button variant="default" size="xs" leftSection={<IconPlus />} disabled={taxClasses.isPending} onClick={() => edit((d) => ({
            ...d, lines: [...d.lines, emptyLine()],
            // The company's active tax class is the group tax a new document starts with.
            group_tax_percent: d.group_tax_percent || (d.lines.length === 0 && activeClasses[0]?.percent) || d.group_tax_percent,
          }))}>{t('inventory.add_line')}</Button>
          {currency && <Badge variant="light" aria-label={t('inventory.currency')}>{t('inventory.in_currency', { currency })}</Badge>}
        </Group>
        <Group align="flex-start" justify="space-between" wrap="wrap">
          <Group align="flex-end" gap="xs" wrap="wrap">
            <Select size="xs" w={190} label={t('inventory.tax_mode')} value={draft.tax_mode} allowDeselect={false} comboboxProps={{ withinPortal: true }}
              data={[{ value: 'group', label: t('inventory.tax_group') }, { value: 'individual', label: t('inventory.tax_individual') }]}
              onChange={(v) => edit((d) => ({ ...d, tax_mode: v === 'individual' ? 'individual' : 'group' }))} />
            {draft.tax_mode === 'group' && <DecimalBox size="xs" w={110} label={t('inventory.group_tax')} value={draft.group_tax_percent} onChange={(v) => edit((d) => ({ ...d, group_tax_percent: v }))} error={fieldError('group_taxes[0].percent')} />}
            <DecimalBox size="xs" w={110} label={t('inventory.discount_percent')} value={draft.discount_percent} onChange={(v) => edit((d) => ({ ...d, discount_percent: v }))} error={fieldError('discount_percent')} />
            <DecimalBox size="xs" w={120} label={t('inventory.discount_amount')} value={draft.discount_amount} disabled={!!draft.discount_percent} onChange={(v) => edit((d) => ({ ...d, discount_amount: v }))} error={fieldError('discount_amount')} />
            <DecimalBox size="xs" w={120} label={t('inventory.shipping')} value={draft.shipping_amount} onChange={(v) => edit((d) => ({ ...d, shipping_amount: v }))} error={fieldError('shipping_amount')} />
            <DecimalBox size="xs" w={120} label={t('inventory.adjustment')} value={draft.adjustment} onChange={(v) => edit((d) => ({ ...d, adjustment: v }))} error={fieldError('adjustment')} />
          </Group>
          <Table w={320} fz="sm" aria-label={t('inventory.totals')}>
            <Table.Tbody>
              {([['items_total', totals.items_total], ['discount', totals.discount], ['pre_tax_total', totals.pre_tax_total], ['tax_total', totals.tax_total], ['shipping', totals.shipping], ['adjustment', totals.adjustment]] as const).map(([k, v]) => (
                <Table.Tr key={k}><Table.Td>{t(`inventory.${k}`)}</Table.Td><Table.Td ta="right">{money(v)}</Table.Td></Table.Tr>
              ))}
              <Table.Tr><Table.Td fw={700}>{t('inventory.grand_total')}</Table.Td><Table.Td ta="right" fw={700} aria-label={t('inventory.grand_total')}>{money(totals.grand_total)}</Table.Td></Table.Tr>
              {totals.range && <Table.Tr><Table.Td>{t('inventory.total_range')}</Table.Td><Table.Td ta="right" aria-label={t('inventory.total_range')}>{money(totals.range.min)} – {money(totals.range.max)}</Table.Td></Table.Tr>}
            </Table.Tbody>
          </Table>
        </Group>
        {error && <Alert color="red" role="alert">{error.status === 409 ? t('inventory.conflict') : withOtherProblems(error, placedHere)}</Alert>}
        <Group>
          <Button onClick={() => void save()} loading={busy || work.pending} disabled={!dirty}>{t('actions.save')}</Button>
          {dirty && <Text size="sm" c="dimmed">{t('inventory.unsaved')}</Text>}
        </Group>
      </Stack>
    </PendingWorkProvider>
  );
}

/** The unsaved lines of a record version, if the user left them. */
function restoreDraft(key: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft;
    reserveKeys(draft.lines);
    return draft;
  } catch {
    return null;
  }
}
