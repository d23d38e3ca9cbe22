import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localizeDecimal } from '../../i18n/format';
import { Textarea, TextInput, type TextInputProps } from '@mantine/core';
import { labelProps, type FieldInputProps } from './types';

const INPUT_TYPE: Record<string, string> = { email: 'email', phone: 'tel', url: 'url' };
const AUTOCOMPLETE: Record<string, string> = { email: 'email', phone: 'tel', url: 'url' };

function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** text, e-mail, phone, URL. Values are checked by the shared validators, not by the browser. */
export function TextField(p: FieldInputProps) {
  return (
    <TextInput {...labelProps(p)} type={INPUT_TYPE[p.field.type] ?? 'text'} autoComplete={AUTOCOMPLETE[p.field.type] ?? 'off'}
      name={p.field.name} value={str(p.value)} error={p.error} autoFocus={p.autoFocus} disabled={p.disabled}
      maxLength={p.field.max_length} onBlur={p.onBlur}
      placeholder={p.field.type === 'url' ? 'https://' : undefined}
      onChange={(e) => p.onChange(e.currentTarget.value)} />
  );
}

export function TextareaField(p: FieldInputProps) {
  return (
    <Textarea {...labelProps(p)} name={p.field.name} value={str(p.value)} error={p.error} autoFocus={p.autoFocus}
      disabled={p.disabled} autosize minRows={2} maxRows={10} onBlur={p.onBlur}
      onChange={(e) => p.onChange(e.currentTarget.value)} />
  );
}

/**
 * integer, decimal, money, percent: a text box with a numeric keyboard. Decimals stay strings
 * end to end ("49987.00"), so no float ever rounds money; "1 234,5" is accepted like the server does.
 */
export function NumberField(p: FieldInputProps) {
  const suffix = p.field.type === 'percent' ? '%' : p.field.type === 'money' ? p.currency ?? undefined : undefined;
  return (
    <DecimalBox {...labelProps(p)} name={p.field.name} value={str(p.value)} error={p.error} autoFocus={p.autoFocus}
      disabled={p.disabled} integer={p.field.type === 'integer'} onBlur={p.onBlur}
      rightSection={suffix} rightSectionWidth={suffix ? 48 : undefined} onChange={(v) => p.onChange(v)} />
  );
}

/**
 * A number box in the user's way of writing numbers: shown grouped with their decimal separator ("1 234,50"), edited
 * without grouping ("1234,50"); the value it gives is what was typed, which the shared rules normalise ("12,5" → 12.5).
 */
export function DecimalBox({ value, onChange, onBlur, integer, ...rest }: Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string; onChange(v: string): void; integer?: boolean;
}) {
  const { i18n } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const shown = editing ?? localizeDecimal(value, i18n.language);
  return (
    <TextInput {...rest} value={shown} inputMode={integer ? 'numeric' : 'decimal'} styles={{ input: { textAlign: 'right' } }}
      onFocus={() => setEditing(localizeDecimal(value, i18n.language, false))}
      onBlur={(e) => { setEditing(null); onBlur?.(e); }}
      onChange={(e) => { const v = e.currentTarget.value; setEditing(v); onChange(v); }} />
  );
}
