import { Alert, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../i18n/format';

/** An amount of a report: null when its deals are in several currencies and none is chosen. */
export type Money = string | null;
export interface InCurrencies { currency: string | null; currencies: string[] }

/** An amount as the report shows it: in the report's currency, or a dash when there is no single one. */
export function reportMoney(v: Money, lang: string, report?: InCurrencies): string {
  return v === null ? '—' : formatMoney(v, lang, report?.currency);
}

/**
 * A report that adds money up within one currency: the report for the chosen currency (or for all), and the
 * currencies to choose from — those of the whole report, still offered while one is chosen.
 */
export function useCurrencyChoice<T extends InCurrencies>(key: unknown[], load: (currency?: string) => Promise<T>) {
  const [currency, setCurrency] = useState<string | null>(null);
  const q = useQuery({ queryKey: [...key, currency], queryFn: () => load(currency ?? undefined) });
  const all = useQuery({ queryKey: [...key, null], queryFn: () => load(), enabled: currency !== null });
  const currencies = (currency ? all.data?.currencies : q.data?.currencies) ?? [];
  return { q, currency, setCurrency, currencies };
}

/** The currency picker, offered when the deals are in several currencies (or one is chosen). */
export function CurrencyPicker({ currencies, value, onChange }: { currencies: string[]; value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  if (currencies.length < 2 && !value) return null;
  return (
    <Select label={t('sales.currency')} clearable placeholder={t('sales.all_currencies')} w={160} value={value} onChange={onChange}
      data={[...new Set([...currencies, ...(value ? [value] : [])])]} comboboxProps={{ withinPortal: true }} />
  );
}

/** Why the amounts are empty: several currencies, none chosen. */
export function MixedCurrencies({ report }: { report?: InCurrencies }) {
  const { t } = useTranslation();
  if (!report || report.currency !== null || report.currencies.length < 2) return null;
  return <Alert color="blue">{t('sales.mixed_currencies', { currencies: report.currencies.join(', ') })}</Alert>;
}
