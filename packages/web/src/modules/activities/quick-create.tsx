import { Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { createRecord } from '../../api/records';
import { DialogActions } from '../../app/dialog-actions';

/** A new event at a slot of the calendar: only its subject is asked; it lasts an hour (all day on a month day). */
export function QuickCreate({ start, allDay, onClose, onDone }: { start: Date; allDay: boolean; onClose(): void; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const [subject, setSubject] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const when = new Intl.DateTimeFormat(i18n.language, allDay ? { dateStyle: 'full' } : { dateStyle: 'full', timeStyle: 'short' }).format(start);
  async function save() {
    setBusy(true);
    try {
      const end = new Date(start.getTime() + 3_600_000);
      await createRecord('events', { subject, start_at: start.toISOString(), ...(allDay ? { all_day: true } : { end_at: end.toISOString() }) });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields?.subject ?? e.message) : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title={`${t('activities.new_event')}: ${when}`}>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Stack>
          <TextInput label={t('activities.event_subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={error} data-autofocus required />
          <DialogActions onCancel={onClose} loading={busy} />
        </Stack>
      </form>
    </Modal>
  );
}
