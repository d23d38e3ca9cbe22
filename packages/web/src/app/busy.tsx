import { Alert, Loader, type MantineSize } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The one loading indicator: always named, so screen readers (and the a11y check) know what spins. */
export function Busy({ size }: { size?: MantineSize }) {
  const { t } = useTranslation();
  return <Loader size={size} aria-label={t('common.loading')} />;
}

/** What stands in for data not there yet: the spinner while it loads, the server's answer once loading failed. */
export function Loading({ error, size }: { error: unknown; size?: MantineSize }) {
  if (error) return <Alert color="red" role="alert">{error instanceof Error ? error.message : String(error)}</Alert>;
  return <Busy size={size} />;
}
