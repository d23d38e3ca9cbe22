import { Alert, Anchor, Modal, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { qk } from '../../api/query-keys';
import type { User } from '../../api/types';
import { useCurrentUser } from '../auth';
import { DialogActions } from '../dialog-actions';
import { browserTimeZone, zoneOptions } from '../time-zones';
import { useCall } from '../use-call';

/** The user's own time zone (PATCH /users/{me}): the days their reports count in; empty means the company's. */
export function TimeZoneDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const client = useQueryClient();
  const call = useCall();
  const [zone, setZone] = useState<string | null>(me.time_zone ?? null);
  const browser = browserTimeZone();
  const save = () => call.run(async () => {
    const saved = await api<{ data: User }>(`/users/${me.id}`, { method: 'PATCH', body: { time_zone: zone } });
    client.setQueryData(qk.me, (s: { user: User } | null | undefined) => (s ? { ...s, user: { ...s.user, time_zone: saved.data.time_zone ?? null } } : s));
    // Reports already read were counted in the old zone's days.
    await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    notifications.show({ color: 'green', message: t('user.time_zone_saved') });
    onClose();
  });
  return (
    <Modal opened onClose={onClose} title={t('user.time_zone')} centered>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Stack gap="sm">
          {call.error && <Alert color="red" role="alert">{call.error}</Alert>}
          <Select label={t('user.time_zone')} description={t('user.time_zone_hint')} data={zoneOptions(zone, browser)} value={zone} onChange={setZone}
            searchable clearable comboboxProps={{ withinPortal: true }} />
          {zone !== browser && (
            <Anchor component="button" type="button" size="sm" ta="left" onClick={() => setZone(browser)}>{t('user.time_zone_browser', { zone: browser })}</Anchor>
          )}
          <DialogActions onCancel={onClose} loading={call.busy} />
        </Stack>
      </form>
    </Modal>
  );
}
