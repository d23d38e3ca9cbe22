import { Alert, Button, Select, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useModules } from '../api/meta';
import { ApiError, withOtherProblems } from '../api/client';

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

/**
 * A failed save's message with the field problems no input of the form shows (`placed`: the keys it puts beside an
 * input), so none is lost and none is said twice.
 */
export function errorText(e: unknown, placed: (key: string) => boolean = () => false): string {
  return e instanceof ApiError ? withOtherProblems(e, placed) : (e as Error)?.message ?? String(e);
}

/** Whether a save failed only on fields its form shows beside their inputs (then no banner repeats them). */
export function allPlaced(e: unknown, placed: (key: string) => boolean): boolean {
  const keys = Object.keys((e instanceof ApiError && e.fields) || {});
  return keys.length > 0 && keys.every(placed);
}

/** The end of a settings form: the save's error or success, and the Save button. */
export function SaveFooter({ save, placed }: { save: { error: unknown; isSuccess: boolean; isPending: boolean }; placed?: (key: string) => boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {save.error && !(placed && allPlaced(save.error, placed)) ? <Alert color="red" role="alert">{errorText(save.error, placed)}</Alert> : null}
      {save.isSuccess && <Alert color="green">{t('settings.saved')}</Alert>}
      <Button type="submit" loading={save.isPending} w="fit-content">{t('actions.save')}</Button>
    </>
  );
}
