import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { userLabel } from '../api/directory';
import { useModules } from '../api/meta';
import { useCurrentUser } from './auth';
import { AREAS } from './shell/areas';

/** Start page: every area with its modules (dashboards replace it in the analytics issue). */
export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const meta = useModules();
  return (
    <Stack>
      <Title order={1} size="h2">{t('home.welcome', { name: userLabel(user) })}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {AREAS.map((area) => {
          const modules = (meta.data?.modules ?? []).filter((m) => m.area === area);
          if (!modules.length) return null;
          return (
            <Card key={area} withBorder padding="md">
              <Title order={2} size="h4" mb="xs">{t(`areas.${area}`)}</Title>
              <Stack gap={4}>
                {modules.map((m) => (
                  <Anchor key={m.name} component={Link} to={`/${m.name}`}>{m.label.many}</Anchor>
                ))}
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
      <Text c="dimmed" size="sm">{t('home.palette_hint')}</Text>
    </Stack>
  );
}
