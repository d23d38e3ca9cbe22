import { Alert, Button, Select, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useModules } from '../api/meta';

export function SectionTitle({ children }: { children: React.ReactNode }) {
  return <Title order={2} size="h3" mb="sm">{children}</Title>;
}

/** The module picker several settings pages start with. */
export function ModulePicker({ value, onChange }: { value: string; onChange(m: string): void }) {
  const { t } = useTranslation();
  const meta = useModules();
  return (
    <Select label={t('settings.module')} w={280} searchable allowDeselect={false} value={value}
      data={(meta.data?.modules ?? []).map((m) => ({ value: m.name, label: m.label.many }))}
      comboboxProps={{ withinPortal: true }} onChange={(v) => v && onChange(v)} />
  );
}

/** First message of an API error for a form field, or the error's own message. */
export function errorText(e: unknown): string {
  const err = e as { fields?: Record<string, string>; message?: string };
  const fields = err?.fields ? Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`).join('; ') : '';
  return fields ? `${err.message ?? ''} (${fields})` : err?.message ?? String(e);
}

/** The end of a settings form: the save's error or success, and the Save button. */
export function SaveFooter({ save }: { save: { error: unknown; isSuccess: boolean; isPending: boolean } }) {
  const { t } = useTranslation();
  return (
    <>
      {save.error ? <Alert color="red" role="alert">{errorText(save.error)}</Alert> : null}
      {save.isSuccess && <Alert color="green">{t('settings.saved')}</Alert>}
      <Button type="submit" loading={save.isPending} w="fit-content">{t('actions.save')}</Button>
    </>
  );
}
