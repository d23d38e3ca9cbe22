import { Button, Group, Modal, Select, Stack } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { localDay } from '../../i18n/format';

const today = () => localDay();

/** Price labels of the chosen products or services: a price type and a date, then the PDF (three labels to a row). */
export function PriceLabelsDialog({ ids, onClose }: { ids: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const types = useQuery({ queryKey: ['price-types-all'], queryFn: () => api<{ data: { id: string; name: string }[] }>('/records/price_types?sort=name&limit=200&fields=name') });
  const [type, setType] = useState<string | null>(null);
  const [date, setDate] = useState(today());
  const href = type ? `/api/v1/pricing/labels?price_type_id=${type}&date=${date}&product_ids=${ids.join(',')}` : undefined;
  return (
    <Modal opened onClose={onClose} title={t('pricing.labels')} centered>
      <Stack>
        <Select label={t('pricing.price_type')} value={type} onChange={setType} comboboxProps={{ withinPortal: true }}
          data={(types.data?.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        <DateInput label={t('pricing.at_date')} valueFormat="YYYY-MM-DD" value={date} onChange={(v) => setDate(v ? String(v).slice(0, 10) : today())} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
          <Button component="a" href={href} target="_blank" rel="noopener" disabled={!href} onClick={onClose}>{t('pricing.print_labels')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
