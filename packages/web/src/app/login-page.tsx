import { Alert, Button, Center, Group, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { setLanguage } from '../i18n';
import { isUiLanguage, LANGUAGE_NAMES, UI_LANGUAGES } from '../i18n/languages';
import { useAuth } from './auth';

/** Only same-site paths are followed after login (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { user, login, verify } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The second step: the challenge from the password step, and a code or (lost phone) a recovery code.
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const next = safeNext(params.get('next'));

  if (user) return <Navigate to={next} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (challenge) await verify(challenge, useRecovery ? { recovery_code: code.trim() } : { code: code.trim() });
      else {
        const outcome = await login(username.trim(), password);
        if (!outcome.signedIn) { setChallenge(outcome.challenge); setBusy(false); return; }
      }
      navigate(next, { replace: true });
    } catch (err) {
      // The second step's 401 says what went wrong (a wrong code, or a sign-in that expired) in the user's language.
      if (err instanceof ApiError && err.status === 401) setError(challenge ? err.message : t('login.wrong_credentials'));
      else if (err instanceof ApiError && err.status === 429) setError(t('login.rate_limited'));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="md" p="xl" radius="md" w={380} maw="100%">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">Karta</Title>
              <Text c="dimmed" size="sm">{t('login.subtitle')}</Text>
            </div>
            {params.get('next') && !error && <Alert color="yellow" variant="light">{t('login.session_expired')}</Alert>}
            {error && <Alert color="red" role="alert">{error}</Alert>}
            {challenge ? (
              <>
                <Text size="sm">{useRecovery ? t('login.recovery_hint') : t('login.code_hint')}</Text>
                <TextInput key={useRecovery ? 'recovery' : 'code'} label={useRecovery ? t('login.recovery_code') : t('login.code')} name="one-time-code"
                  autoComplete="one-time-code" inputMode={useRecovery ? 'text' : 'numeric'} required autoFocus
                  value={code} onChange={(e) => setCode(e.currentTarget.value)} />
                <Button type="submit" loading={busy} disabled={!code.trim()}>{t('login.verify')}</Button>
                <Group justify="space-between">
                  <Button variant="subtle" size="xs" onClick={() => { setChallenge(null); setCode(''); setError(null); }}>{t('login.start_over')}</Button>
                  <Button variant="subtle" size="xs" onClick={() => { setUseRecovery(!useRecovery); setCode(''); setError(null); }}>
                    {useRecovery ? t('login.use_app_code') : t('login.use_recovery_code')}
                  </Button>
                </Group>
              </>
            ) : (
              <>
                <TextInput label={t('login.username')} name="username" autoComplete="username" required autoFocus
                  value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
                <PasswordInput label={t('login.password')} name="password" autoComplete="current-password" required
                  value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
                <Button type="submit" loading={busy} disabled={!username || !password}>{t('login.submit')}</Button>
              </>
            )}
            <Select label={t('user.language')} data={UI_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
              value={i18n.language} allowDeselect={false} onChange={(v) => isUiLanguage(v) && void setLanguage(v)} />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
