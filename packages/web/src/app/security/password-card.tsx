import { Alert, Button, Card, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCurrentUser } from '../auth';
import { useCall } from '../use-call';

/** A new password (the policy's reasons come from the server); other sessions are signed out by it. */
export function PasswordCard() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const call = useCall();
  const mismatch = again.length > 0 && again !== password;
  const save = () => call.run(async () => {
    setDone(false);
    await api(`/users/${me.id}`, { method: 'PATCH', body: { password, current_password: current } });
    setCurrent('');
    setPassword('');
    setAgain('');
    setDone(true);
  });
  return (
    <Card withBorder>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Stack>
          <Title order={2} size="h4">{t('security.password')}</Title>
          <Text size="sm" c="dimmed">{t('security.password_hint')}</Text>
          {call.error && <Alert color="red" role="alert">{call.error}</Alert>}
          {done && <Alert color="green">{t('security.password_changed')}</Alert>}
          <PasswordInput label={t('security.current_password')} autoComplete="current-password" w={320} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
          <PasswordInput label={t('security.new_password')} autoComplete="new-password" w={320} value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <PasswordInput label={t('security.repeat_password')} autoComplete="new-password" w={320} value={again} error={mismatch ? t('security.passwords_differ') : undefined}
            onChange={(e) => setAgain(e.currentTarget.value)} />
          <Button type="submit" w="fit-content" loading={call.busy} disabled={!current || !password || password !== again}>{t('security.change_password')}</Button>
        </Stack>
      </form>
    </Card>
  );
}
