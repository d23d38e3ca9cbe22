import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The footer of a form dialog: Cancel, then the submit button (Save unless told otherwise). */
export function DialogActions({ onCancel, loading, label }: { onCancel(): void; loading?: boolean; label?: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>{t('actions.cancel')}</Button>
      <Button type="submit" loading={loading}>{label ?? t('actions.save')}</Button>
    </Group>
  );
}
