import { Alert, Badge, Button, Card, Code, Group, Image, List, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useAuth } from '../auth';
import { useCall } from '../use-call';

interface Enrolment { secret: string; otpauth_url: string; qr_svg: string }

/** Turning two-factor sign-in on (QR code, a code to confirm, the recovery codes once) and off. */
export function TwoFactorCard() {
  const { t } = useTranslation();
  const { security, refresh } = useAuth();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [password, setPassword] = useState('');
  const call = useCall();

  const start = () => call.run(async () => { setEnrolment(await api<Enrolment>('/auth/2fa/enroll', { method: 'POST', body: {} })); });
  const confirm = () => call.run(async () => {
    const r = await api<{ recovery_codes: string[] }>('/auth/2fa/confirm', { method: 'POST', body: { code: code.trim() } });
    setCodes(r.recovery_codes);
    setEnrolment(null);
    setCode('');
  });
  const disable = () => call.run(async () => {
    await api('/auth/2fa/disable', { method: 'POST', body: { password } });
    setPassword('');
    await refresh();
  });

  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">{t('security.two_factor')}</Title>
          <Badge color={security.twoFactor || codes ? 'green' : 'gray'}>{security.twoFactor || codes ? t('security.on') : t('security.off')}</Badge>
        </Group>
        <Text size="sm" c="dimmed">{t('security.two_factor_hint')}</Text>
        {call.error && <Alert color="red" role="alert">{call.error}</Alert>}
        {codes && (
          <Alert color="green" title={t('security.recovery_title')}>
            <Stack gap="xs">
              <Text size="sm">{t('security.recovery_hint')}</Text>
              <SimpleGrid cols={2} spacing={4} aria-label={t('security.recovery_title')}>
                {codes.map((c) => <Code key={c} fz="md">{c}</Code>)}
              </SimpleGrid>
              <Button w="fit-content" onClick={() => { setCodes(null); void refresh(); }}>{t('security.recovery_saved')}</Button>
            </Stack>
          </Alert>
        )}
        {!security.twoFactor && !enrolment && !codes && <Button w="fit-content" loading={call.busy} onClick={start}>{t('security.enable')}</Button>}
        {enrolment && (
          <form onSubmit={(e) => { e.preventDefault(); confirm(); }}>
            <Stack>
              <List type="ordered" size="sm">
                <List.Item>{t('security.step_scan')}</List.Item>
                <List.Item>{t('security.step_code')}</List.Item>
              </List>
              <Image src={enrolment.qr_svg} alt={t('security.qr_alt')} w={200} h={200} />
              <Text size="sm">{t('security.secret')}: <Code data-testid="totp-secret">{enrolment.secret}</Code></Text>
              <TextInput label={t('login.code')} name="one-time-code" autoComplete="one-time-code" inputMode="numeric" w={200} required
                value={code} onChange={(e) => setCode(e.currentTarget.value)} />
              <Button type="submit" w="fit-content" loading={call.busy} disabled={!code.trim()}>{t('security.confirm')}</Button>
            </Stack>
          </form>
        )}
        {security.twoFactor && !codes && (
          <form onSubmit={(e) => { e.preventDefault(); disable(); }}>
            <Group align="flex-end">
              <PasswordInput label={t('login.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} w={260} />
              <Button type="submit" variant="default" color="red" loading={call.busy} disabled={!password}>{t('security.disable')}</Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
}
