import { ActionIcon, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, withOtherProblems } from '../api/client';
import { canDo, useModules } from '../api/meta';
import { updateRecord, useInvalidateRecords } from '../api/records';
import type { FieldMeta, RecordData, Refs } from '../api/types';
import { IconCheck, IconPencil, IconX } from '../app/icons';
import { FieldInput } from '../fields/field-input';
import { checkValue } from '../fields/validate';
import { toInputValue } from './form/form-values';

interface Props {
  module: string;
  field: FieldMeta;
  record: RecordData;
  refs?: Refs;
  currency?: string | null;
  children: ReactNode;
  /** Whether the pencil shows only on hover (list cells) or always (record page). */
  compact?: boolean;
}

/**
 * A value that turns into its input in place: Enter or ✓ saves (PATCH with If-Match), Escape cancels.
 * A concurrent change (409) is reported and the row reloaded rather than overwritten.
 */
export function InlineEdit({ module, field, record, refs, currency, children, compact }: Props) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidateRecords();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<unknown>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Leaving the input puts keyboard focus back on its pencil, so keyboard and screen-reader users keep their place.
  const pencil = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const stopEditing = () => { refocus.current = true; setEditing(false); };
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    pencil.current?.focus();
  }, [editing]);
  const meta = useModules();
  const editable = !field.read_only && !field.hidden && field.type !== 'json' && field.type !== 'image' && field.type !== 'file'
    && canDo(meta.data?.module(module), 'edit');

  if (!editable) return <>{children}</>;

  async function save(next = value) {
    const r = checkValue(field, next, i18n.language);
    if (!r.ok) return setError(r.message);
    setBusy(true);
    try {
      await updateRecord(module, record.id, record.version, { [field.name]: r.value });
      stopEditing();
      await invalidate(module);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.fields?.version) {
        notifications.show({ color: 'orange', title: t('conflict.title'), message: t('conflict.inline') });
        setEditing(false);
        await invalidate(module);
      } else if (err instanceof ApiError && err.fields?.[field.name]) {
        setError(err.fields[field.name]);
      } else if (err instanceof ApiError) {
        // Refused for another field (a lost deal needs its reason): say which and why.
        setError(withOtherProblems(err, (k) => k === field.name));
      } else {
        setError(err instanceof Error ? err.message : String(err));
      }
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      stopEditing();
    } else if (e.key === 'Enter' && field.type !== 'textarea' && !(e.target as HTMLElement).closest('[aria-expanded="true"]')) {
      e.preventDefault();
      void save();
    }
  }

  if (!editing) {
    return (
      <div className="karta-cell">
        <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
        {/* A plain title, not a Tooltip: a list has hundreds of these buttons. */}
        <ActionIcon ref={pencil} size="sm" variant="subtle" className={compact ? 'karta-cell-edit' : undefined}
          aria-label={t('actions.edit_field', { field: field.label })} title={t('actions.edit_field', { field: field.label })}
          onClick={() => { setValue(toInputValue(field, record[field.name])); setError(undefined); setEditing(true); }}>
          <IconPencil size={14} />
        </ActionIcon>
      </div>
    );
  }
  return (
    <Group gap={4} wrap="nowrap" align="flex-start" onKeyDown={onKeyDown} style={{ minWidth: 200 }}>
      <div style={{ flex: 1 }}>
        <FieldInput field={field} value={value} onChange={(v) => { setValue(v); setError(undefined); if (field.type === 'boolean') void save(v); }}
          error={error} refs={refs} currency={currency} hideLabel autoFocus disabled={busy} />
      </div>
      <ActionIcon variant="filled" size="input-sm" onClick={() => void save()} loading={busy} aria-label={t('actions.save')}><IconCheck /></ActionIcon>
      <ActionIcon variant="default" size="input-sm" onClick={stopEditing} aria-label={t('actions.cancel')}><IconX /></ActionIcon>
    </Group>
  );
}
