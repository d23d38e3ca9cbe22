import { Button, Group, Input, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ModuleFieldInputProps } from '../../records/record/module-extensions';
import { RowButtons, useRows } from '../marketing/row-editor';
import { ItemPicker } from './item-picker';

interface PairSpec { key: string; kind: 'text' | 'number'; labelKey: string; value: string; valueLabelKey: string; hintKey: string; addKey: string }

/** Rows of a key (a price group, a quantity) and a percent: price-group markups, offers' discounts. */
function percentRows(spec: PairSpec) {
  return function PercentRowsEditor(p: ModuleFieldInputProps) {
    const { t } = useTranslation();
    const { rows, add, patch, remove } = useRows<Record<string, string | number>>(p);
    return (
      <Input.Wrapper label={p.field.label} error={p.error} description={t(spec.hintKey)}>
        <Stack gap={4} mt={4}>
          {rows.map((r, i) => (
            <Group key={i} gap="xs" wrap="nowrap">
              {spec.kind === 'text'
                ? <TextInput size="xs" w={220} aria-label={t(spec.labelKey)} placeholder={t(spec.labelKey)} value={String(r[spec.key] ?? '')} onChange={(e) => patch(i, { [spec.key]: e.currentTarget.value })} />
                : <NumberInput size="xs" w={160} min={0} aria-label={t(spec.labelKey)} placeholder={t(spec.labelKey)} value={r[spec.key] ?? ''} onChange={(v) => patch(i, { [spec.key]: v })} />}
              <NumberInput size="xs" w={140} aria-label={t(spec.valueLabelKey)} suffix=" %" value={r[spec.value] ?? ''} onChange={(v) => patch(i, { [spec.value]: v })} />
              <RowButtons i={i} count={rows.length} remove={remove} />
            </Group>
          ))}
          <Group><Button size="xs" variant="default" onClick={() => add({ [spec.key]: spec.kind === 'text' ? '' : 1, [spec.value]: 0 })}>{t(spec.addKey)}</Button></Group>
        </Stack>
      </Input.Wrapper>
    );
  };
}

export const GroupMarkupsEditor = percentRows({ key: 'price_group', kind: 'text', labelKey: 'pricing.price_group', value: 'markup_percent', valueLabelKey: 'pricing.markup', hintKey: 'pricing.groups_hint', addKey: 'pricing.add_group' });
export const GroupDiscountsEditor = percentRows({ key: 'price_group', kind: 'text', labelKey: 'pricing.price_group', value: 'discount_percent', valueLabelKey: 'pricing.discount', hintKey: 'pricing.group_discounts_hint', addKey: 'pricing.add_group' });
export const QuantityDiscountsEditor = percentRows({ key: 'min_quantity', kind: 'number', labelKey: 'pricing.min_quantity', value: 'discount_percent', valueLabelKey: 'pricing.discount', hintKey: 'pricing.quantity_discounts_hint', addKey: 'pricing.add_tier' });

/** The names of the products and services an offer prices (two queries, whichever ids they hold). */
function useItemNames(ids: string[]) {
  return useQuery({
    queryKey: ['item-names', ids],
    enabled: ids.length > 0,
    queryFn: async () => {
      const names = new Map<string, { module: string; name: string }>();
      // In slices of 200: a long list of overrides stays within a list's limit and a URL's length.
      for (let i = 0; i < ids.length; i += 200) {
        const slice = ids.slice(i, i + 200);
        for (const module of ['products', 'services']) {
          const r = await api<{ data: { id: string; name: string }[] }>(`/records/${module}?filter[id][in]=${slice.join(',')}&fields=name&limit=${slice.length}`);
          for (const x of r.data) names.set(x.id, { module, name: x.name });
        }
      }
      return names;
    },
  });
}

/** An offer's own prices of items: a product or service and its price (wins over the offer's price type). */
export function OverridesEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const { rows, add, patch, remove } = useRows<{ product_id: string; price: string | number }>(p);
  const names = useItemNames(rows.map((r) => r.product_id).filter(Boolean));
  return (
    <Input.Wrapper label={p.field.label} error={p.error} description={t('pricing.overrides_hint')}>
      <Stack gap={4} mt={4}>
        {rows.map((r, i) => {
          const known = names.data?.get(r.product_id);
          return (
            <Group key={i} gap="xs" wrap="nowrap">
              <ItemPicker label={t('pricing.override_item', { n: i + 1 })} value={r.product_id ? { module: known?.module ?? 'products', id: r.product_id, name: known?.name ?? r.product_id } : null}
                identityOnly onPick={(it) => patch(i, { product_id: it.id })} />
              <NumberInput size="xs" w={140} min={0} decimalScale={2} aria-label={t('pricing.override_price', { n: i + 1 })} value={r.price ?? ''} onChange={(v) => patch(i, { price: v })} />
              <RowButtons i={i} count={rows.length} remove={remove} />
            </Group>
          );
        })}
        <Group><Button size="xs" variant="default" onClick={() => add({ product_id: '', price: '' })}>{t('pricing.add_override')}</Button></Group>
      </Stack>
    </Input.Wrapper>
  );
}

/** Price groups priced by a price type of their own under the offer (instead of the offer's type). */
export function GroupPriceTypesEditor(p: ModuleFieldInputProps) {
  const { t } = useTranslation();
  const { rows, add, patch, remove } = useRows<{ price_group: string; price_type_id: string | null }>(p);
  const types = useQuery({ queryKey: ['price-types-all'], queryFn: () => api<{ data: { id: string; name: string }[] }>('/records/price_types?sort=name&limit=200&fields=name') });
  return (
    <Input.Wrapper label={p.field.label} error={p.error} description={t('pricing.group_types_hint')}>
      <Stack gap={4} mt={4}>
        {rows.map((r, i) => (
          <Group key={i} gap="xs" wrap="nowrap">
            <TextInput size="xs" w={200} aria-label={t('pricing.price_group')} placeholder={t('pricing.price_group')} value={r.price_group} onChange={(e) => patch(i, { price_group: e.currentTarget.value })} />
            <Select size="xs" w={220} aria-label={t('pricing.price_type')} value={r.price_type_id} onChange={(v) => patch(i, { price_type_id: v })} comboboxProps={{ withinPortal: true }}
              data={(types.data?.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
            <RowButtons i={i} count={rows.length} remove={remove} />
          </Group>
        ))}
        <Group><Button size="xs" variant="default" onClick={() => add({ price_group: '', price_type_id: null })}>{t('pricing.add_group')}</Button></Group>
      </Stack>
    </Input.Wrapper>
  );
}
