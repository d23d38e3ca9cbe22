import { Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCurrentUser } from '../auth';

/**
 * The user's vTiger webservice access key (for integrations written for vTiger: /webservice.php), copyable,
 * and a new one on request (the old one stops working).
 */
export function AccessKeyDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const client = useQueryClient();
  const key = useQuery({ queryKey: ['access_key', me.id], queryFn: () => api<{ data: { access_key: string } }>(`/users/${me.id}`).then((r) => r.data.access_key) });
  const [renewing, setRenewing] = useState(false);
  async function renew() {
    setRenewing(true);
    try {
      await api(`/users/${me.id}/access_key`, { method: 'POST' });
      await client.invalidateQueries({ queryKey: ['access_key', me.id] });
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message });
    } finally {
      setRenewing(false);
    }
  }
  // The old key stops working the moment a new one is made: it is not shown (or copied) while the new one comes.
  const shown = renewing || key.isFetching || key.isError ? null : key.data;
  return (
    <Modal opened onClose={onClose} title={t('user.access_key')} centered>
      <Stack gap="sm">
        <Text size="sm">{t('user.access_key_hint', { url: `${window.location.origin}/webservice.php`, username: me.username })}</Text>
        <Group gap="xs">
          <Code fz="md" aria-label={t('user.access_key')}>{shown ?? '…'}</Code>
          {shown && <CopyButton value={shown}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? t('activities.copied') : t('activities.copy')}</Button>}</CopyButton>}
        </Group>
        <Group justify="flex-end">
          <Button variant="default" color="red" loading={renewing} onClick={() => void renew()}>{t('user.access_key_renew')}</Button>
          <Button onClick={onClose}>{t('actions.close')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
