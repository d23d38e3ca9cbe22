/**
 * The customer portal at /portal: a small shell of its own (no staff navigation, no staff session) with pages for
 * the customer's tickets, the knowledge base, their quotes and invoices, and their profile. Later areas (surveys,
 * claims) add pages to PORTAL_PAGES.
 */
import { Anchor, AppShell, Burger, Button, Center, Group, NavLink, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from '../api/client';
import { Busy } from '../app/busy';
import { setLanguage } from '../i18n';
import { isUiLanguage, LANGUAGE_NAMES, UI_LANGUAGES } from '../i18n/languages';
import { PORTAL_SIGNED_OUT, portalApi, setPortalCsrf, type PortalUser } from './portal-api';
import { PortalLogin, SetPassword } from './portal-login';
import { DocumentsPage, FaqPage, NewTicketPage, ProfilePage, SurveysPage, TicketPage, TicketsPage } from './portal-pages';
import { ClaimsPage } from './portal-claims';

interface Session { user: PortalUser; csrf_token: string }
const SessionContext = createContext<{ session: Session | null; setSession(s: Session | null): void }>({ session: null, setSession: () => {} });
export const usePortalSession = () => useContext(SessionContext);

/** The pages in the portal's navigation, in order. */
const PORTAL_PAGES: { path: string; labelKey: string; Component: ComponentType }[] = [
  { path: '', labelKey: 'portal.tickets', Component: TicketsPage },
  { path: 'tickets/new', labelKey: 'portal.new_ticket', Component: NewTicketPage },
  { path: 'faq', labelKey: 'portal.faq', Component: FaqPage },
  { path: 'documents', labelKey: 'portal.documents', Component: DocumentsPage },
  { path: 'surveys', labelKey: 'portal.surveys', Component: SurveysPage },
  { path: 'claims', labelKey: 'portal.claims', Component: ClaimsPage },
  { path: 'profile', labelKey: 'portal.profile', Component: ProfilePage },
];

export function PortalApp() {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ['portal', 'me'], retry: false, staleTime: Infinity,
    queryFn: () => portalApi<Session>('/me').catch((e) => { if (e instanceof ApiError && e.status === 401) return null; throw e; }),
  });
  const session = me.data ?? null;
  useEffect(() => {
    setPortalCsrf(session?.csrf_token ?? null);
    if (session && isUiLanguage(session.user.language)) void setLanguage(session.user.language);
  }, [session]);
  const setSession = (s: Session | null) => {
    setPortalCsrf(s?.csrf_token ?? null);
    client.setQueryData(['portal', 'me'], s);
    if (!s) client.removeQueries({ queryKey: ['portal'], predicate: (q) => q.queryKey[1] !== 'me' });
  };
  useEffect(() => {
    const signedOut = () => setSession(null);
    window.addEventListener(PORTAL_SIGNED_OUT, signedOut);
    return () => window.removeEventListener(PORTAL_SIGNED_OUT, signedOut);
  }); // eslint-disable-line react-hooks/exhaustive-deps
  if (me.isPending) return <Center h="100vh"><Busy /></Center>;
  return (
    <SessionContext.Provider value={{ session, setSession }}>
      <Routes>
        <Route path="login" element={session ? <Navigate to="/portal" replace /> : <PortalLogin />} />
        <Route path="set-password" element={<SetPassword />} />
        <Route path="*" element={session ? <PortalShell user={session.user} /> : <Navigate to="/portal/login" replace />} />
      </Routes>
    </SessionContext.Provider>
  );
}

function PortalShell({ user }: { user: PortalUser }) {
  const { t, i18n } = useTranslation();
  const { setSession, session } = usePortalSession();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const changeLanguage = async (lang: string | null) => {
    if (!lang || !isUiLanguage(lang)) return;
    await portalApi('/me', { method: 'PUT', body: { language: lang } });
    await setLanguage(lang);
    if (session) setSession({ ...session, user: { ...session.user, language: lang } });
  };
  const logout = async () => {
    await portalApi('/auth/logout', { method: 'POST' }).catch(() => undefined);
    setSession(null);
  };
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('portal.menu')} />
            <Title order={2} size="h4">{t('portal.title')}</Title>
            {user.account_name && <Text c="dimmed" size="sm" visibleFrom="sm">{user.account_name}</Text>}
          </Group>
          <Group gap="xs">
            <Text size="sm" visibleFrom="sm">{user.name}</Text>
            <Select aria-label={t('user.language')} size="xs" w={130} allowDeselect={false} value={i18n.language}
              data={UI_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} onChange={(v) => void changeLanguage(v)} />
            <Button size="xs" variant="default" onClick={() => void logout()}>{t('portal.sign_out')}</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('portal.title')}>
        {PORTAL_PAGES.map((p) => {
          const to = `/portal${p.path ? `/${p.path}` : ''}`;
          const active = p.path ? pathname === to : pathname === '/portal' || pathname === '/portal/';
          return <NavLink key={p.path} component={Link} to={to} label={t(p.labelKey)} active={active} onClick={close} />;
        })}
      </AppShell.Navbar>
      <AppShell.Main>
        <Stack maw={960}>
          <Routes>
            {PORTAL_PAGES.map(({ path, Component }) => <Route key={path} path={path || undefined} index={!path} element={<Component />} />)}
            <Route path="tickets/:id" element={<TicketPage />} />
            <Route path="*" element={<Text>{t('portal.not_found')} <Anchor component={Link} to="/portal">{t('portal.tickets')}</Anchor></Text>} />
          </Routes>
        </Stack>
      </AppShell.Main>
    </AppShell>
  );
}
