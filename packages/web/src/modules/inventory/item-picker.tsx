import { Group, Select } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useLookup } from '../../fields/inputs/use-lookup';

export interface PickedItem { module: 'products' | 'services'; id: string; name: string; code: string | null; price: string | null; taxClass: string | null }

/**
 * Product or service, searched as you type; the pick brings its name, code, tax class and price — the document's
 * price book price when the item is in it, else its unit price.
 */
export function ItemPicker({ label, value, priceBookId, onPick }: {
  label: string; value: { module: string; id: string; name: string } | null; priceBookId?: string | null; onPick(item: PickedItem): void;
}) {
  const { t } = useTranslation();
  const [module, setModule] = useState<'products' | 'services'>((value?.module as 'products') ?? 'products');
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const lookup = useLookup(module, search, opened);
  const data = [...(value && !lookup.data?.some((o) => o.value === value.id) ? [{ value: value.id, label: value.name }] : []), ...(lookup.data ?? [])];

  async function pick(id: string | null) {
    if (!id) return;
    const [r, book] = await Promise.all([
      api<{ data: Record<string, any> }>(`/records/${module}/${id}?fields=name,unit_price,tax_class${module === 'products' ? ',product_code' : ''}`),
      priceBookId ? api<{ data: { link?: { list_price?: string } }[] }>(`/records/price_books/${priceBookId}/related/${module}?filter[id]=${id}&fields=name`) : null,
    ]);
    const price = book?.data[0]?.link?.list_price ?? r.data.unit_price ?? null;
    onPick({ module, id, name: r.data.name, code: r.data.product_code ?? null, price, taxClass: r.data.tax_class ?? null });
  }

  return (
    <Group gap={4} wrap="nowrap">
      <Select aria-label={t('inventory.item_kind', { line: label })} w={110} size="xs" allowDeselect={false} value={module}
        data={[{ value: 'products', label: t('inventory.product') }, { value: 'services', label: t('inventory.service') }]}
        onChange={(v) => setModule((v as 'products') ?? 'products')} comboboxProps={{ withinPortal: true }} />
      <Select aria-label={label} size="xs" searchable data={data} value={value?.id ?? null} searchValue={search} onSearchChange={setSearch}
        filter={({ options }) => options} onDropdownOpen={() => setOpened(true)} onDropdownClose={() => setOpened(false)}
        placeholder={t('fields.search_records')} nothingFoundMessage={t('common.nothing_found')} miw={200} flex={1}
        onChange={(v) => void pick(v)} comboboxProps={{ withinPortal: true }} />
    </Group>
  );
}
