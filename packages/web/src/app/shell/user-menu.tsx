import { ActionIcon, Avatar, Menu, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { userLabel } from '../../api/directory';
import { LANGUAGE_NAMES, UI_LANGUAGES, type UiLanguage } from '../../i18n/languages';
import { useAuth, useCurrentUser } from '../auth';
import { IconCheck, IconLanguage, IconLogout, IconMoon, IconSettings, IconSun } from '../icons';

const AccessKeyDialog = lazy(() => import('./access-key-dialog').then((m) => ({ default: m.AccessKeyDialog })));
const TimeZoneDialog = lazy(() => import('./time-zone-dialog').then((m) => ({ default: m.TimeZoneDialog })));

export function ThemeToggle() {
  const { t } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const label = scheme === 'dark' ? t('user.light_theme') : t('user.dark_theme');
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" size="lg" aria-label={label} onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}>
        {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

/** The language switcher; the choice is saved on the user (PATCH /users/{me}). */
export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const { changeLanguage } = useAuth();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" size="lg" aria-label={`${t('user.language')}: ${LANGUAGE_NAMES[i18n.language as UiLanguage] ?? i18n.language}`}>
          <IconLanguage size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('user.language')}</Menu.Label>
        {UI_LANGUAGES.map((l) => (
          <Menu.Item key={l} lang={l} onClick={() => void changeLanguage(l)}
            rightSection={i18n.language === l ? <IconCheck /> : null} aria-current={i18n.language === l ? 'true' : undefined}>
            {LANGUAGE_NAMES[l]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export function UserMenu() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const name = userLabel(user);
  const [keyOpen, setKeyOpen] = useState(false);
  const [zoneOpen, setZoneOpen] = useState(false);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" size="lg" radius="xl" aria-label={t('user.menu', { name })}>
          <Avatar size={30} radius="xl" color="blue">{name.slice(0, 1).toUpperCase()}</Avatar>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{name} ({user.username})</Menu.Label>
        {user.is_admin && (
          <Menu.Item leftSection={<IconSettings />} onClick={() => navigate('/settings')}>{t('settings.title')}</Menu.Item>
        )}
        <Menu.Item onClick={() => navigate('/imports')}>{t('data.imports')}</Menu.Item>
        <Menu.Item onClick={() => navigate('/security')}>{t('security.title')}</Menu.Item>
        <Menu.Item onClick={() => setZoneOpen(true)}>{t('user.time_zone')}</Menu.Item>
        <Menu.Item onClick={() => setKeyOpen(true)}>{t('user.access_key')}</Menu.Item>
        <Menu.Item leftSection={<IconLogout />} onClick={() => void logout().finally(() => window.location.assign('/login'))}>{t('user.logout')}</Menu.Item>
      </Menu.Dropdown>
      {keyOpen && <Suspense fallback={null}><AccessKeyDialog onClose={() => setKeyOpen(false)} /></Suspense>}
      {zoneOpen && <Suspense fallback={null}><TimeZoneDialog onClose={() => setZoneOpen(false)} /></Suspense>}
    </Menu>
  );
}
