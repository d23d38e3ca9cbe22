import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFound({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <Stack p="xl" align="flex-start">
      <Title order={2}>{t('errors.not_found')}</Title>
      <Text c="dimmed">{message ?? t('errors.not_found_text')}</Text>
      <Button component={Link} to="/" variant="light">{t('nav.home')}</Button>
    </Stack>
  );
}
