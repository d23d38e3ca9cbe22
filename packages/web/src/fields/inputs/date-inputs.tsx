import { DateInput } from '@mantine/dates';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { useTranslation } from 'react-i18next';
import { isoToLocalDateTime, localDateTimeToIso } from '../../i18n/format';
import { labelProps, type FieldInputProps } from './types';

dayjs.extend(customParseFormat);

/** Typing order people expect per language; the value sent is always YYYY-MM-DD. */
const DATE_FORMAT: Record<string, string> = { en: 'MM/DD/YYYY', ru: 'DD.MM.YYYY', uk: 'DD.MM.YYYY', zh: 'YYYY-MM-DD' };

export function dateFormatFor(lang: string): string {
  return DATE_FORMAT[lang] ?? 'YYYY-MM-DD';
}

export function DateField(p: FieldInputProps) {
  const { i18n } = useTranslation();
  const format = dateFormatFor(i18n.language);
  return (
    <DateInput {...labelProps(p)} name={p.field.name} value={typeof p.value === 'string' && p.value ? p.value : null}
      valueFormat={format} placeholder={format.toLowerCase()} error={p.error} autoFocus={p.autoFocus} disabled={p.disabled}
      clearable onBlur={p.onBlur} popoverProps={{ withinPortal: true }}
      dateParser={(input) => {
        const d = dayjs(input.trim(), [format, 'YYYY-MM-DD'], true);
        return d.isValid() ? d.format('YYYY-MM-DD') : null;
      }}
      onChange={(v) => p.onChange(v ?? null)} />
  );
}

/** A local date and time, typed in the user's order (`31.12.2026 14:30`) or picked; ISO 8601 with offset in the API. */
export function DateTimeField(p: FieldInputProps & { withSeconds?: boolean }) {
  const { i18n } = useTranslation();
  const format = `${dateFormatFor(i18n.language)} ${p.withSeconds ? 'HH:mm:ss' : 'HH:mm'}`;
  return (
    <DateInput {...labelProps(p)} name={p.field.name} value={isoToLocalDateTime(p.value)} withTime
      valueFormat={format} placeholder={format.toLowerCase()} error={p.error} autoFocus={p.autoFocus} disabled={p.disabled}
      clearable onBlur={p.onBlur} popoverProps={{ withinPortal: true }}
      dateParser={(input) => {
        const d = dayjs(input.trim(), [format, `${dateFormatFor(i18n.language)} HH:mm`, 'YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DDTHH:mm'], true);
        return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : null;
      }}
      onChange={(v) => p.onChange(localDateTimeToIso(v))} />
  );
}

/** A date box outside a record form (report filters, dialogs): typed in the user's order or picked; YYYY-MM-DD out. */
export function DateBox(p: { label: string; value: string | null; onChange(v: string | null): void; required?: boolean; error?: string }) {
  return (
    <DateField field={{ name: p.label, type: 'date', label: p.label, required: !!p.required, read_only: false, sortable: true, operators: [] }}
      value={p.value} onChange={(v) => p.onChange((v as string | null) ?? null)} error={p.error} />
  );
}

/** A date and time box outside a record form; ISO 8601 out. */
export function DateTimeBox(p: { label: string; value: string | null; onChange(v: string | null): void; required?: boolean; error?: string; autoFocus?: boolean; withSeconds?: boolean }) {
  return (
    <DateTimeField field={{ name: p.label, type: 'datetime', label: p.label, required: !!p.required, read_only: false, sortable: true, operators: [] }}
      value={p.value} onChange={(v) => p.onChange((v as string | null) ?? null)} error={p.error} autoFocus={p.autoFocus} withSeconds={p.withSeconds} />
  );
}
