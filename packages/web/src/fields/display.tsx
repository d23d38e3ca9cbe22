import { Anchor, Badge, Code, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldMeta, Refs } from '../api/types';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from '../i18n/format';
import { FileValue } from './file-info';

export interface DisplayProps {
  field: FieldMeta;
  value: unknown;
  refs?: Refs;
  /** The record's currency for money fields. */
  currency?: string | null;
}

function optionLabel(field: FieldMeta, v: unknown): string {
  return field.options?.find((o) => o.value === v)?.label ?? String(v);
}

/** A field's value for reading: formatted in the user's locale, links for references, e-mail, phone, web. */
export function FieldDisplay({ field, value, refs, currency }: DisplayProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) {
    return <Text span c="dimmed" aria-label={t('common.empty')}>—</Text>;
  }
  switch (field.type) {
    case 'integer': case 'decimal': return <>{formatNumber(value, lang)}</>;
    case 'money': return <>{formatMoney(value, lang, currency)}</>;
    case 'percent': return <>{formatPercent(value, lang)}</>;
    case 'boolean': return <>{value ? t('common.yes') : t('common.no')}</>;
    case 'date': return <>{formatDate(value, lang)}</>;
    case 'datetime': return <>{formatDateTime(value, lang)}</>;
    case 'email': return <Anchor href={`mailto:${String(value)}`}>{String(value)}</Anchor>;
    case 'phone': return <Anchor href={`tel:${String(value).replace(/[^+\d]/g, '')}`}>{String(value)}</Anchor>;
    case 'url': return <Anchor href={String(value)} target="_blank" rel="noopener noreferrer">{String(value)}</Anchor>;
    case 'picklist': return <>{optionLabel(field, value)}</>;
    case 'multipicklist':
      return <Group gap={4}>{(value as string[]).map((v) => <Badge key={v} variant="light" size="sm">{optionLabel(field, v)}</Badge>)}</Group>;
    case 'reference': {
      const ref = refs?.[String(value)];
      if (!ref) return <Text span c="dimmed">{t('common.unknown_record')}</Text>;
      return <Anchor component={Link} to={`/${ref.module}/${String(value)}`}>{ref.label || ref.number}</Anchor>;
    }
    case 'owner': return <>{refs?.[String(value)]?.label ?? t('common.unknown_owner')}</>;
    case 'image': case 'file': return <FileValue id={String(value)} image={field.type === 'image'} label={field.label} />;
    case 'json': return <Code block mah={200} style={{ overflow: 'auto' }}>{JSON.stringify(value, null, 2)}</Code>;
    default: return <span className="karta-field-value">{String(value)}</span>;
  }
}

/** Plain text of a value (history, conflict dialog, CSV-like places). */
export function displayText(field: FieldMeta | undefined, value: unknown, lang: string, refs?: Refs, currency?: string | null): string {
  if (value === null || value === undefined || value === '') return '—';
  if (!field) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (field.type) {
    case 'integer': case 'decimal': return formatNumber(value, lang);
    case 'money': return formatMoney(value, lang, currency);
    case 'percent': return formatPercent(value, lang);
    case 'date': return formatDate(value, lang);
    case 'datetime': return formatDateTime(value, lang);
    case 'picklist': return optionLabel(field, value);
    case 'multipicklist': return Array.isArray(value) ? value.map((v) => optionLabel(field, v)).join(', ') : String(value);
    case 'reference': case 'owner': return refs?.[String(value)]?.label ?? String(value);
    case 'boolean': return value ? '✓' : '✗';
    case 'json': return JSON.stringify(value);
    default: return String(value);
  }
}
