import { DateInput, DateTimePicker } from '@mantine/dates';
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

/** A local date and time in the picker; ISO 8601 with offset in the API. */
export function DateTimeField(p: FieldInputProps) {
  const { i18n } = useTranslation();
  return (
    <DateTimePicker {...labelProps(p)} name={p.field.name} value={isoToLocalDateTime(p.value)}
      valueFormat={`${dateFormatFor(i18n.language)} HH:mm`} error={p.error} autoFocus={p.autoFocus} disabled={p.disabled}
      clearable onBlur={p.onBlur} popoverProps={{ withinPortal: true }}
      onChange={(v) => p.onChange(localDateTimeToIso(v))} />
  );
}
