import { Alert, Button, Group, Stack } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError, sessionHeld } from '../../api/client';
import { useCurrentUser } from '../../app/auth';
import { PendingWorkProvider, usePendingWork } from '../../app/pending-work';
import { recordCurrency } from '../../api/meta';
import { checkDuplicates, createRecord, updateRecord, useInvalidateRecords, type DuplicateHit } from '../../api/records';
import type { ModuleMeta, RecordData, Refs } from '../../api/types';
import { ConflictDialog } from './conflict-dialog';
import { DuplicateWarning } from './duplicate-warning';
import { FormBlocks } from './form-blocks';
import { changesPayload, createPayload, formValuesFrom, validateForm, type FormValues } from './form-values';
import { UnsavedChangesGuard } from './unsaved-guard';

export interface RecordFormProps {
  module: ModuleMeta;
  /** Present when editing: the version the user started from (for If-Match). */
  record?: RecordData;
  refs?: Refs;
  initial: FormValues;
  /** Awaited: the form stays saving (its Save disabled) until what follows a save, e.g. linking it, is done. */
  onSaved(record: RecordData): void | Promise<void>;
  onCancel(): void;
}

/**
 * A form generated from the module's metadata. Client checks use the shared validators (the server's
 * rules); server messages land on their fields; a stale version opens the conflict dialog.
 */
export function RecordForm({ module, record, refs, initial, onSaved, onCancel }: RecordFormProps) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const invalidate = useInvalidateRecords();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<FormValues | null>(null);
  const [duplicates, setDuplicates] = useState<{ hits: DuplicateHit[] } | null>(null);
  /** "Save anyway" saves what the form holds now, through the one save path, past the duplicate check. */
  const anyway = useRef(false);
  const [savingAnyway, setSavingAnyway] = useState(false);
  // Set right before navigating away after a save, so the unsaved-changes guard lets that navigation pass.
  const leaving = useRef(false);
  // The version the next save is based on; a conflict's "reload" or "reapply" moves it forward.
  const [base, setBase] = useState(record);
  // Uploads and other work the inputs started; a save waits for it.
  const work = usePendingWork();
  const saving = useRef(false);

  const resolver = useMemo<Resolver<FormValues>>(() => async (values) => {
    const { normalized, errors } = validateForm(module, values, i18n.language);
    if (Object.keys(errors).length) {
      return { values: {}, errors: Object.fromEntries(Object.entries(errors).map(([k, message]) => [k, { type: 'validate', message }])) };
    }
    return { values: normalized, errors: {} };
  }, [module, i18n.language]);

  const form = useForm<FormValues>({ defaultValues: initial, resolver, mode: 'onTouched' });
  const { control, handleSubmit, setError, formState, reset, getValues, setValue } = form;

  // What is typed survives the form going away unsaved — a session that ran out sends the user to sign in and back
  // (kept per record and version for the browser tab's life; offered back, with a way to discard it).
  const draftKey = `karta:form:${me.id}:${module.name}:${record?.id ?? 'new'}:${record?.version ?? 0}`;
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    const draft = readDraft(draftKey);
    if (draft) {
      for (const [k, v] of Object.entries(draft)) if (k in initial) setValue(k, v, { shouldDirty: true });
      setRestored(true);
    }
    const sub = form.watch((values, { name }) => {
      if (name && !leaving.current && sessionHeld()) sessionStorage.setItem(draftKey, JSON.stringify(values));
    });
    return () => {
      sub.unsubscribe();
      // Gone while the session holds: the user left it (saved, cancelled, closed, moved on). Kept only when the
      // session ended under it, to come back after signing in again.
      if (sessionHeld()) sessionStorage.removeItem(draftKey);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftKey]);
  const discardDraft = () => {
    sessionStorage.removeItem(draftKey);
    reset(initial);
    setRestored(false);
  };

  /**
   * Creates, or PATCHes the user's changes against the version they started from. `reapplyOn` sends those
   * same changes on top of a newer version (after a conflict) — never the rest of the stale form.
   */
  async function save(normalized: FormValues, reapplyOn?: RecordData, anyway = false) {
    setFormError(null);
    let result: RecordData;
    try {
      if (!base && !anyway) {
        // A likely duplicate is named before it is made; the check failing never blocks the save.
        const hits = await checkDuplicates(module.name, createPayload(normalized)).catch(() => []);
        if (hits.length) return setDuplicates({ hits });
      }
      result = base
        ? await updateRecord(module.name, base.id, (reapplyOn ?? base).version, changesPayload(module, base, normalized))
        : await createRecord(module.name, createPayload(normalized));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.fields?.version) {
        setConflict(normalized);
      } else if (err instanceof ApiError && err.fields && Object.keys(err.fields).length) {
        let unplaced = '';
        for (const [name, message] of Object.entries(err.fields)) {
          if (name in initial) setError(name, { type: 'server', message }, { shouldFocus: !unplaced });
          else unplaced += `${name}: ${message}. `;
        }
        setFormError(unplaced ? `${err.message} ${unplaced}` : err.message);
      } else {
        setFormError(err instanceof Error ? err.message : String(err));
      }
      return;
    }
    // Saved: what follows (a list refreshed, a link, leaving the page) is never reported as "not saved".
    leaving.current = true;
    sessionStorage.removeItem(draftKey);
    await invalidate(module.name).catch(() => undefined);
    await onSaved(result);
  }

  const submit = handleSubmit((normalized) => save(normalized, undefined, anyway.current), () => setFormError(t('form.fix_errors')));
  // What the warning was about changed: it goes, and the next save checks again.
  useEffect(() => {
    const sub = form.watch(() => setDuplicates(null));
    return () => sub.unsubscribe();
  }, [form]);
  /** One save at a time (a second Ctrl+S or a held key while one runs does nothing), after any upload still running. */
  async function saveOnce() {
    if (saving.current) return;
    saving.current = true;
    try {
      if (await work.settled()) await submit();
    } finally {
      saving.current = false;
    }
  }
  useHotkeys([['mod+S', (e) => { if (!e.repeat) void saveOnce(); }]], []);

  return (
    <form onSubmit={(e) => { e.preventDefault(); void saveOnce(); }} noValidate aria-label={record ? t('form.edit_title', { module: module.label.one }) : t('form.create_title', { module: module.label.one })}>
      <UnsavedChangesGuard when={() => formState.isDirty && !leaving.current} />
      <Stack>
        {restored && (
          <Alert color="blue" role="status">
            <Group justify="space-between">{t('form.draft_restored')}<Button size="xs" variant="default" onClick={discardDraft}>{t('form.draft_discard')}</Button></Group>
          </Alert>
        )}
        {formError && <Alert color="red" role="alert" title={t('form.not_saved')}>{formError}</Alert>}
        {duplicates && (
          <DuplicateWarning module={module} hits={duplicates.hits} busy={savingAnyway}
            onSaveAnyway={() => {
              setSavingAnyway(true);
              anyway.current = true;
              void saveOnce().finally(() => { anyway.current = false; setSavingAnyway(false); });
            }} />
        )}
        <PendingWorkProvider value={work.track}>
          <FormBlocks module={module} control={control} refs={refs} currency={recordCurrency(base ?? getValues())}
            getValues={getValues} setValue={setValue} />
        </PendingWorkProvider>
        <Group justify="flex-end" pos="sticky" bottom={0} py="sm" bg="var(--mantine-color-body)" style={{ zIndex: 2 }}>
          <Button variant="default" onClick={() => { sessionStorage.removeItem(draftKey); onCancel(); }}>{t('actions.cancel')}</Button>
          <Button type="submit" loading={formState.isSubmitting || work.pending}>{t('actions.save')}</Button>
        </Group>
      </Stack>
      {conflict && base && (
        <ConflictDialog module={module} base={base} mine={changesPayload(module, base, conflict)} refs={refs}
          onClose={() => setConflict(null)}
          onReload={(current) => { setConflict(null); setBase(current); reset(formValuesFrom(module, current)); void invalidate(module.name); }}
          onReapply={(current) => { setConflict(null); void save(conflict, current); }} />
      )}
    </form>
  );
}

/** The values a form left unsaved under this key, if any (a broken entry counts as none). */
function readDraft(key: string): FormValues | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as FormValues) : null;
  } catch {
    return null;
  }
}
