import type { FieldMeta, Refs } from '../../api/types';

/** What every field input takes; `value` is the API value, `onChange` gives the next API value. */
export interface FieldInputProps {
  field: FieldMeta;
  value: unknown;
  onChange(value: unknown): void;
  onBlur?(): void;
  error?: string;
  /** Labels of referenced records/owners known from the last response. */
  refs?: Refs;
  /** The record's currency, shown beside money inputs. */
  currency?: string | null;
  /** Hide the visible label (inline editing, filter rows); it stays as aria-label. */
  hideLabel?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
  /** Filter rows are never "required". */
  ignoreRequired?: boolean;
}

/** Label props shared by inputs: visible label, or an aria-label when hidden. */
export function labelProps(p: FieldInputProps) {
  return p.hideLabel
    ? { 'aria-label': p.field.label }
    : { label: p.field.label, withAsterisk: p.field.required && !p.ignoreRequired };
}
