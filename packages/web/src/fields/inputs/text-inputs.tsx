import { Textarea, TextInput } from '@mantine/core';
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
    <TextInput {...labelProps(p)} name={p.field.name} value={str(p.value)} error={p.error} autoFocus={p.autoFocus}
      disabled={p.disabled} inputMode={p.field.type === 'integer' ? 'numeric' : 'decimal'} onBlur={p.onBlur}
      rightSection={suffix} rightSectionWidth={suffix ? 48 : undefined} styles={{ input: { textAlign: 'right' } }}
      onChange={(e) => p.onChange(e.currentTarget.value)} />
  );
}
