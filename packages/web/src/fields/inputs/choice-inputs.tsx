import { Checkbox, MultiSelect, Select, TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { labelProps, type FieldInputProps } from './types';

export function PicklistField(p: FieldInputProps) {
  const { t } = useTranslation();
  const options = p.field.options ?? [];
  return (
    <Select {...labelProps(p)} name={p.field.name} data={options} value={p.value == null ? null : String(p.value)}
      error={p.error} autoFocus={p.autoFocus} disabled={p.disabled} clearable={!p.field.required || p.ignoreRequired}
      searchable={options.length > 8} nothingFoundMessage={t('common.nothing_found')} onBlur={p.onBlur}
      comboboxProps={{ withinPortal: true }} onChange={(v) => p.onChange(v)} />
  );
}

export function MultiPicklistField(p: FieldInputProps) {
  const { t } = useTranslation();
  if (p.field.free_values) {
    // Tags: any words; Enter or a comma adds one.
    return (
      <TagsInput {...labelProps(p)} name={p.field.name} value={Array.isArray(p.value) ? (p.value as string[]) : []} error={p.error}
        autoFocus={p.autoFocus} disabled={p.disabled} clearable onBlur={p.onBlur} splitChars={[',']} maxTags={30}
        comboboxProps={{ withinPortal: true }} onChange={(v) => p.onChange(v)} />
    );
  }
  return (
    <MultiSelect {...labelProps(p)} name={p.field.name} data={p.field.options ?? []}
      value={Array.isArray(p.value) ? (p.value as string[]) : []} error={p.error} autoFocus={p.autoFocus}
      disabled={p.disabled} clearable searchable nothingFoundMessage={t('common.nothing_found')} onBlur={p.onBlur}
      comboboxProps={{ withinPortal: true }} onChange={(v) => p.onChange(v)} />
  );
}

/** A checkbox in forms; in filters a yes/no choice (a checkbox cannot say "is no"). */
export function BooleanField(p: FieldInputProps) {
  const { t } = useTranslation();
  if (p.ignoreRequired) {
    return (
      <Select {...labelProps(p)} data={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]}
        value={p.value === true ? 'true' : p.value === false ? 'false' : null} allowDeselect={false}
        comboboxProps={{ withinPortal: true }} onChange={(v) => p.onChange(v === 'true')} />
    );
  }
  return (
    <Checkbox label={p.field.label} name={p.field.name} checked={p.value === true} error={p.error} autoFocus={p.autoFocus}
      disabled={p.disabled} mt={p.hideLabel ? 0 : 'lg'} onBlur={p.onBlur} onChange={(e) => p.onChange(e.currentTarget.checked)} />
  );
}
