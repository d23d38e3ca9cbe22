import { Loader, type MantineSize } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The one loading indicator: always named, so screen readers (and the a11y check) know what spins. */
export function Busy({ size }: { size?: MantineSize }) {
  const { t } = useTranslation();
  return <Loader size={size} aria-label={t('common.loading')} />;
}
