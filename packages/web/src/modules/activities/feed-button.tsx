import { Alert, Button, CopyButton, Group, Popover, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCall } from '../../app/use-call';

/** A personal iCalendar URL to subscribe to from Google Calendar, Outlook or a phone; a new one revokes the old. */
export function FeedButton() {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  // One call at a time: each new URL revokes the one before, so two at once could leave a revoked one shown.
  const call = useCall();
  const make = () => call.run(async () => {
    const r = await api<{ path: string }>('/calendar/feed', { method: 'POST' });
    setUrl(`${window.location.origin}${r.path}`);
  });
  const revoke = () => call.run(async () => {
    await api('/calendar/feed', { method: 'DELETE' });
    setUrl(null);
  });
  return (
    <Popover opened={open} onChange={setOpen} width={420} position="bottom-end" withinPortal>
      <Popover.Target>
        <Button variant="default" size="xs" onClick={() => setOpen((o) => !o)}>{t('activities.subscribe')}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm">{t('activities.subscribe_hint')}</Text>
          {url && (
            <Group gap="xs" wrap="nowrap">
              <TextInput readOnly value={url} aria-label={t('activities.feed_url')} flex={1} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={url}>{({ copied, copy }) => <Button size="xs" onClick={copy}>{copied ? t('activities.copied') : t('activities.copy')}</Button>}</CopyButton>
            </Group>
          )}
          {call.error && <Alert color="red" role="alert">{call.error}</Alert>}
          <Group gap="xs">
            <Button size="xs" onClick={() => void make()} loading={call.busy}>{url ? t('activities.new_feed_url') : t('activities.make_feed_url')}</Button>
            <Button size="xs" variant="subtle" color="red" onClick={() => void revoke()} disabled={call.busy}>{t('activities.revoke_feed')}</Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
