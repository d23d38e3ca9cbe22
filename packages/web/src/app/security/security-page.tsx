import { Alert, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { PasswordCard } from './password-card';
import { SessionsCard } from './sessions-card';
import { TwoFactorCard } from './two-factor-card';

/** The user's own sign-in: two-factor sign-in, password, where they are signed in. */
export function SecurityPage() {
  const { t } = useTranslation();
  const { security } = useAuth();
  return (
    <Stack maw={760}>
      <Title order={1} size="h2">{t('security.title')}</Title>
      {security.mustEnrol && <Alert color="yellow" role="alert">{t('security.must_enrol')}</Alert>}
      <TwoFactorCard />
      {!security.mustEnrol && <PasswordCard />}
      {!security.mustEnrol && <SessionsCard />}
    </Stack>
  );
}
