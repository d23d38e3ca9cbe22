import { Group, Select } from '@mantine/core';
import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useTrackWork } from '../../app/pending-work';
import { useLookup } from '../../fields/inputs/use-lookup';
import { useModules } from '../../api/meta';

export interface PickedItem { module: 'products' | 'services'; id: string; name: string; code: string | null; price: string | null; taxClass: string | null }

/**
 * Product or service, searched as you type; the pick brings its name, code, tax class and price — the document's
 * price book price when the item is in it, else its unit price. Those are read after the pick, as work the form
 * around waits for (a line saved meanwhile would go without its item). `identityOnly` skips the read for a form
 * that needs only which item it is.
 */
export function ItemPicker({ label, value, priceBookId, onPick, identityOnly }: {
  label: string; value: { module: string; id: string; name: string } | null; priceBookId?: string | null; onPick(item: PickedItem): void;
  identityOnly?: boolean;
}) {
  const { t } = useTranslation();
  // Both kinds are searched unless one is chosen: a service typed while "product" was set is still found.
  const [kind, setKind] = useState<'all' | 'products' | 'services'>('all');
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const track = useTrackWork();
  const meta = useModules();
  const products = useLookup('products', search, opened && kind !== 'services');
  const services = useLookup('services', search, opened && kind !== 'products');
  const current = value ? `${value.module}:${value.id}` : null;
  const group = (label: string, module: string, items: { value: string; label: string }[] | undefined) =>
    items?.length ? [{ group: label, items: items.map((o) => ({ value: `${module}:${o.value}`, label: o.label })) }] : [];
  const found = [...group(t('inventory.product'), 'products', kind !== 'services' ? products.data : []), ...group(t('inventory.service'), 'services', kind !== 'products' ? services.data : [])];
  const listed = found.some((g) => g.items.some((o) => o.value === current));
  const data = [...(value && current && !listed ? [{ value: current, label: value.name }] : []), ...found];

  async function pick(picked: string | null) {
    if (!picked) return;
    const [module, id] = picked.split(':') as ['products' | 'services', string];
    if (identityOnly) {
      const name = data.flatMap((o) => ('items' in o ? o.items : [o])).find((o) => o.value === picked)?.label ?? id;
      onPick({ module, id, name, code: null, price: null, taxClass: null });
      return;
    }
    await track(readItem(module, id)).catch((e: unknown) => {
      notifications.show({ color: 'red', message: e instanceof Error ? e.message : String(e) });
    });
  }

  // Only the fields the user's profile lets them see: naming a hidden one is refused (the line then goes without it).
  function readable(module: 'products' | 'services'): string[] {
    const wanted = ['name', 'unit_price', 'tax_class', ...(module === 'products' ? ['product_code'] : [])];
    const m = meta.data?.module(module);
    return m ? wanted.filter((f) => m.fields.some((x) => x.name === f)) : wanted;
  }

  async function readItem(module: 'products' | 'services', id: string) {
    const [r, book] = await Promise.all([
      api<{ data: Record<string, any> }>(`/records/${module}/${id}?fields=${readable(module).join(',')}`),
      priceBookId ? api<{ data: { link?: { list_price?: string } }[] }>(`/records/price_books/${priceBookId}/related/${module}?filter[id]=${id}&fields=name`) : null,
    ]);
    const price = book?.data[0]?.link?.list_price ?? r.data.unit_price ?? null;
    onPick({ module, id, name: r.data.name, code: r.data.product_code ?? null, price, taxClass: r.data.tax_class ?? null });
  }

  return (
    <Group gap={4} wrap="nowrap">
      <Select aria-label={t('inventory.item_kind', { line: label })} w={130} size="xs" allowDeselect={false} value={kind}
        data={[{ value: 'all', label: t('inventory.all_items') }, { value: 'products', label: t('inventory.product') }, { value: 'services', label: t('inventory.service') }]}
        onChange={(v) => setKind((v as 'all') ?? 'all')} comboboxProps={{ withinPortal: true }} />
      <Select aria-label={label} size="xs" searchable data={data} value={current} searchValue={search} onSearchChange={setSearch}
        filter={({ options }) => options} onDropdownOpen={() => setOpened(true)} onDropdownClose={() => setOpened(false)}
        placeholder={t('fields.search_records')} nothingFoundMessage={t('common.nothing_found')} miw={200} flex={1}
        onChange={(v) => void pick(v)} comboboxProps={{ withinPortal: true }} />
    </Group>
  );
}
