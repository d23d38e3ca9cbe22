import { Alert, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, withOtherProblems } from '../../api/client';
import { DialogActions } from '../../app/dialog-actions';
import { DateTimeBox } from '../../fields/inputs/date-inputs';
import type { RecordDialogProps } from '../../records/record/module-extensions';

/** "Remind me about this record at …": a personal reminder that notifies at that time. */
export function RemindMeDialog({ module, record, onClose, onDone }: RecordDialogProps) {
  const { t } = useTranslation();
  const [at, setAt] = useState<string | null>(() => new Date(Math.ceil((Date.now() + 3_600_000) / 60_000) * 60_000).toISOString());
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await api('/reminders', { method: 'POST', body: { module: module.name, record_id: record.id, at, note: note || null } });
      notifications.show({ color: 'green', message: t('activities.reminder_set') });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('activities.remind_me')}>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Stack>
          <DateTimeBox label={t('activities.remind_at')} value={at} onChange={setAt} error={error?.fields?.at} withSeconds autoFocus />
          <TextInput label={t('activities.remind_note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={error?.fields?.note} />
          {error && (!error.fields || Object.keys(error.fields).some((k) => k !== 'at' && k !== 'note')) && <Alert color="red" role="alert">{withOtherProblems(error, (k) => k === 'at' || k === 'note')}</Alert>}
          <DialogActions onCancel={onClose} loading={busy} />
        </Stack>
      </form>
    </Modal>
  );
}
