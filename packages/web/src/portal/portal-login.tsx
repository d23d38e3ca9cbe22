import { Alert, Button, Center, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { setLanguage } from '../i18n';
import { isUiLanguage, LANGUAGE_NAMES, UI_LANGUAGES } from '../i18n/languages';
import { portalApi, type PortalUser } from './portal-api';
import { usePortalSession } from './portal-app';

function Card({ title, children }: { title: string; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="md" p="xl" radius="md" w={400} maw="100%">
        <Stack>
          <div>
            <Title order={1} size="h2">{title}</Title>
            <Text c="dimmed" size="sm">{t('portal.subtitle')}</Text>
          </div>
          {children}
          <Select label={t('user.language')} allowDeselect={false} value={i18n.language} data={UI_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            onChange={(v) => v && isUiLanguage(v) && void setLanguage(v)} />
        </Stack>
      </Paper>
    </Center>
  );
}

/** A form that signs in (login, set password): busy while it runs, the session kept, the portal opened, errors said. */
function useSignIn() {
  const { t } = useTranslation();
  const { setSession } = usePortalSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (path: string, body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      setSession(await portalApi<{ user: PortalUser; csrf_token: string }>(path, { method: 'POST', body }));
      navigate('/portal', { replace: true });
    } catch (err) {
      setError(message(t, err));
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}

function message(t: (k: string) => string, err: unknown): string {
  if (err instanceof ApiError && err.status === 401) return t('portal.wrong_credentials');
  if (err instanceof ApiError && err.status === 429) return t('login.rate_limited');
  if (err instanceof ApiError && err.fields) return `${err.message} (${Object.values(err.fields).join('; ')})`;
  return err instanceof Error ? err.message : String(err);
}

export function PortalLogin() {
  const { t } = useTranslation();
  const { error, busy, run } = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => { e.preventDefault(); void run('/auth/login', { email: email.trim(), password }); };
  return (
    <Card title={t('portal.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label={t('portal.email')} type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label={t('login.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" loading={busy} disabled={!email || !password}>{t('login.submit')}</Button>
          <Forgot email={email} />
        </Stack>
      </form>
    </Card>
  );
}

/** "Forgot your password?": a new one-time link by e-mail; the answer is the same whether the address is known or not. */
function Forgot({ email }: { email: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'sent' | 'error'>('idle');
  const [text, setText] = useState('');
  const send = async () => {
    try {
      await portalApi('/auth/forgot', { method: 'POST', body: { email: email.trim() } });
      setState('sent');
    } catch (err) {
      setText(message(t, err));
      setState('error');
    }
  };
  if (state === 'sent') return <Alert color="green" role="status">{t('portal.forgot_sent')}</Alert>;
  return (
    <>
      {state === 'error' && <Alert color="red" role="alert">{text}</Alert>}
      <Button variant="subtle" size="compact-sm" disabled={!email.trim()} onClick={() => void send()}>{t('portal.forgot')}</Button>
    </>
  );
}

/** The invitation's link: the customer chooses a password and is signed in. */
export function SetPassword() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const { error, setError, busy, run } = useSignIn();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) return setError(t('portal.passwords_differ'));
    void run('/auth/set_password', { token: params.get('token') ?? '', password });
  };
  return (
    <Card title={t('portal.set_password')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <PasswordInput label={t('portal.new_password')} description={t('portal.password_rule')} autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <PasswordInput label={t('portal.repeat_password')} autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} />
          <Button type="submit" loading={busy} disabled={password.length < 8}>{t('portal.set_password')}</Button>
        </Stack>
      </form>
    </Card>
  );
}
