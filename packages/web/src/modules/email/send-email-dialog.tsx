import { Alert, Checkbox, Modal, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { DialogActions } from '../../app/dialog-actions';
import type { RecordDialogProps } from '../../records/record/module-extensions';

const PRINTABLE = new Set(['quotes', 'sales_orders', 'invoices', 'purchase_orders']);

/** To, Cc, subject and text; the server fills the recipient from the record's contact when To is empty. */
export function SendEmailDialog({ module, record, onClose, onDone }: RecordDialogProps) {
  const { t } = useTranslation();
  const [to, setTo] = useState<string[]>([]);
  const [cc, setCc] = useState<string[]>([]);
  const [subject, setSubject] = useState(`${module.label.one} ${record.number}`);
  const [body, setBody] = useState('');
  const [attachPdf, setAttachPdf] = useState(PRINTABLE.has(module.name));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (prefix: string) => Object.entries(error?.fields ?? {}).filter(([k]) => k === prefix || k.startsWith(`${prefix}[`)).map(([, v]) => v).join('; ') || undefined;

  async function send() {
    setBusy(true);
    setError(null);
    try {
      await api(`/records/${module.name}/${record.id}/actions/send_email`, {
        method: 'POST', body: { ...(to.length ? { to } : {}), cc, subject, body, ...(PRINTABLE.has(module.name) ? { attach_pdf: attachPdf } : {}) },
      });
      notifications.show({ color: 'green', message: t('email.sent') });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('email.send')} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <Stack>
          <TagsInput label={t('email.to')} description={t('email.to_hint')} value={to} onChange={setTo} error={fieldError('to')} data-autofocus />
          <TagsInput label={t('email.cc')} value={cc} onChange={setCc} error={fieldError('cc')} />
          <TextInput label={t('email.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={fieldError('subject')} />
          <Textarea label={t('email.body')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={5} />
          {PRINTABLE.has(module.name) && <Checkbox label={t('email.attach_pdf')} checked={attachPdf} onChange={(e) => setAttachPdf(e.currentTarget.checked)} error={fieldError('attach_pdf')} />}
          {error && <Alert color="red" role="alert">{error.message}</Alert>}
          <DialogActions onCancel={onClose} loading={busy} label={t('email.send_button')} />
        </Stack>
      </form>
    </Modal>
  );
}
