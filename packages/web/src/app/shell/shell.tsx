import { AppShell, Burger, Button, Center, Group, Kbd, Progress, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigation } from 'react-router';
import { useModules } from '../../api/meta';
import { IconSearch } from '../icons';
import { headerWidgets } from '../../modules';
import { Navigation } from './navigation';
import { QuickCreate } from './quick-create';
import { LanguageMenu, ThemeToggle, UserMenu } from './user-menu';

import { palette } from '../../search/palette-store';
import { Busy, Loading } from '../busy';

const CommandPalette = lazy(() => import('../../search/command-palette').then((m) => ({ default: m.CommandPalette })));

/** Header, area navigation, the command palette, and the page. */
export function Shell() {
  const { t } = useTranslation();
  // The shortcut lives here, not in the lazy palette: a key pressed while a heavy page still loads its chunks opens it.
  useHotkeys([['mod+K', () => palette.open()], ['/', () => palette.open()]]);
  const [opened, { toggle, close }] = useDisclosure();
  const navigation = useNavigation();
  const meta = useModules();
  const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        {navigation.state === 'loading' && <Progress value={100} animated size="xs" pos="absolute" top={0} left={0} right={0} aria-hidden />}
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <UnstyledButton component={Link} to="/" aria-label={`Karta — ${t('nav.home')}`}>
              <Text fw={800} size="lg" c="var(--mantine-color-anchor)">Karta</Text>
            </UnstyledButton>
          </Group>
          <Button variant="default" onClick={() => palette.open()} leftSection={<IconSearch />} aria-label={`${t('search.placeholder')} ${isMac ? '⌘' : 'Ctrl'} K`}
            styles={{ inner: { justifyContent: 'space-between' } }} w={{ base: 44, sm: 320 }} px={{ base: 0, sm: 'md' }}
            rightSection={<Kbd size="xs" visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>{isMac ? '⌘' : 'Ctrl'} K</Kbd>}>
            <Text span size="sm" c="dimmed" visibleFrom="sm">{t('search.placeholder')}</Text>
          </Button>
          <Group gap={4} wrap="nowrap">
            {headerWidgets.map((Widget, i) => <Widget key={i} />)}
            <QuickCreate />
            <ThemeToggle />
            <LanguageMenu />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
        <Navigation onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        {/* Without the modules nothing can be drawn: a failed load says why (never "not found" everywhere). */}
        {meta.data ? <Outlet /> : meta.error ? (
          <Stack maw={560} mx="auto" py="xl"><Loading error={meta.error} /><Button variant="default" onClick={() => void meta.refetch()}>{t('actions.retry')}</Button></Stack>
        ) : <Center py="xl"><Busy /></Center>}
      </AppShell.Main>
      <Suspense fallback={null}><CommandPalette /></Suspense>
    </AppShell>
  );
}
