import { Alert, Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';
import { ApiError } from '../api/client';

/** Shown when a page fails to load or render (a lost chunk after a deploy, a bug). */
export function RouteError() {
  const err = useRouteError();
  const { t } = useTranslation();
  const notFound = err instanceof ApiError && err.status === 404;
  return (
    <Stack p="xl" maw={640}>
      <Alert color="red" title={notFound ? t('errors.not_found') : t('errors.page_failed')}>
        {err instanceof Error ? err.message : String(err)}
      </Alert>
      <Button component={Link} to="/" variant="light" w="fit-content">{t('nav.home')}</Button>
    </Stack>
  );
}
