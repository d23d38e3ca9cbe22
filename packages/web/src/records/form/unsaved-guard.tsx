import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/** Asks before leaving a form with unsaved changes: in-app navigation (dialog) and tab close (browser prompt). */
export function UnsavedChangesGuard({ when }: { when: () => boolean }) {
  const { t } = useTranslation();
  // Evaluated at navigation time, so a save that navigates right away is not mistaken for leaving.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when() && currentLocation.pathname !== nextLocation.pathname);
  const dirty = when();

  useEffect(() => {
    if (!dirty) return;
    const handler = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', handler);
    return () => window.removeEventListener('beforeunload', handler);
  }, [dirty]);

  return (
    <Modal opened={blocker.state === 'blocked'} onClose={() => blocker.reset?.()} title={t('form.unsaved_title')} centered>
      <Text mb="md">{t('form.unsaved_text')}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>{t('form.stay')}</Button>
        <Button color="red" onClick={() => blocker.proceed?.()}>{t('form.leave')}</Button>
      </Group>
    </Modal>
  );
}
