import { Alert, Checkbox, Modal, Paper, Select, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, withOtherProblems } from '../../api/client';
import { DialogActions } from '../../app/dialog-actions';
import type { ListResponse } from '../../api/types';
import { LANGUAGE_NAMES, UI_LANGUAGES } from '../../i18n/languages';
import type { RecordDialogProps } from '../../records/record/module-extensions';

const PRINTABLE = new Set(['quotes', 'sales_orders', 'invoices', 'purchase_orders']);

/** A ticket's reply: the same form, sent by `actions/reply` (the [TT…] tag and the thread's headers are the server's). */
export function ReplyDialog(props: RecordDialogProps) {
  return <SendEmailDialog {...props} reply />;
}

/** To, Cc, subject and text; the server fills the recipient from the record's contact when To is empty. */
export function SendEmailDialog({ module, record, onClose, onDone, reply = false }: RecordDialogProps & { reply?: boolean }) {
  const { t, i18n } = useTranslation();
  const [to, setTo] = useState<string[]>([]);
  const [cc, setCc] = useState<string[]>([]);
  const [subject, setSubject] = useState(reply ? `[${record.number}] ${String(record.title ?? '')}` : `${module.label.one} ${record.number}`);
  const [body, setBody] = useState('');
  const [attachPdf, setAttachPdf] = useState(PRINTABLE.has(module.name));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [language, setLanguage] = useState<string>(i18n.language);
  const templates = useQuery({ queryKey: ['email-templates', module.name], queryFn: () => api<ListResponse>('/records/email_templates?limit=200&sort=name'), retry: false });
  const templateOptions = (templates.data?.data ?? []).filter((x) => !x.module || x.module === module.name).map((x) => ({ value: String(x.id), label: String(x.name) }));
  const rendered = useQuery({
    queryKey: ['template-render', templateId, record.id, language], enabled: Boolean(templateId), retry: false,
    queryFn: () => api<{ subject: string; html: string }>(`/email_templates/${templateId}/render`, { method: 'POST', body: { record: { module: module.name, id: record.id }, language } }),
  });
  const fieldError = (prefix: string) => Object.entries(error?.fields ?? {}).filter(([k]) => k === prefix || k.startsWith(`${prefix}[`)).map(([, v]) => v).join('; ') || undefined;

  async function send() {
    setBusy(true);
    setError(null);
    try {
      await api(`/records/${module.name}/${record.id}/actions/${reply ? 'reply' : 'send_email'}`, {
        method: 'POST', body: {
          ...(to.length ? { to } : {}), cc, ...(templateId ? { template_id: templateId, language } : { subject, body }),
          ...(PRINTABLE.has(module.name) ? { attach_pdf: attachPdf } : {}),
        },
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
    <Modal opened onClose={onClose} title={reply ? t('support.reply') : t('email.send')} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <Stack>
          <TagsInput label={t('email.to')} description={t('email.to_hint')} value={to} onChange={setTo} error={fieldError('to')} data-autofocus />
          <TagsInput label={t('email.cc')} value={cc} onChange={setCc} error={fieldError('cc')} />
          {templateOptions.length > 0 && (
            <Select label={t('email.template')} clearable searchable data={templateOptions} value={templateId} onChange={setTemplateId} comboboxProps={{ withinPortal: true }} />
          )}
          {templateId ? (
            <>
              <Select label={t('email.language')} value={language} onChange={(l) => setLanguage(l ?? 'en')} data={UI_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} comboboxProps={{ withinPortal: true }} />
              {rendered.data && (
                <Paper withBorder p="sm" role="region" aria-label={t('email.preview')}>
                  <Text fw={600}>{rendered.data.subject}</Text>
                  <iframe title={t('email.preview')} sandbox="" srcDoc={rendered.data.html} style={{ width: '100%', minHeight: 160, border: 0 }} />
                </Paper>
              )}
              {rendered.error && <Alert color="red">{(rendered.error as Error).message}</Alert>}
            </>
          ) : (
            <>
              <TextInput label={t('email.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={fieldError('subject')} />
              <Textarea label={t('email.body')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={5} error={fieldError('body')} />
            </>
          )}
          {PRINTABLE.has(module.name) && <Checkbox label={t('email.attach_pdf')} checked={attachPdf} onChange={(e) => setAttachPdf(e.currentTarget.checked)} error={fieldError('attach_pdf')} />}
          {error && <Alert color="red" role="alert">{withOtherProblems(error, (k) => ['to', 'cc', 'attach_pdf', ...(templateId ? [] : ['subject', 'body'])].some((f) => k === f || k.startsWith(`${f}[`)))}</Alert>}
          <DialogActions onCancel={onClose} loading={busy} label={t('email.send_button')} />
        </Stack>
      </form>
    </Modal>
  );
}
