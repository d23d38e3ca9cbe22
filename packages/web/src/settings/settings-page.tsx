import { Alert, Grid, NavLink, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useCurrentUser } from '../app/auth';
import { CompanySettings } from './company-settings';
import { SupportSettings } from './support-settings';
import { MailboxesSettings } from './mailboxes-settings';
import { CustomFieldsSettings } from './custom-fields-settings';
import { GroupsSettings } from './groups-settings';
import { LayoutSettings } from './layout-settings';
import { NumberingSettings } from './numbering-settings';
import { PicklistsSettings } from './picklists-settings';
import { RecycleBin } from './recycle-bin';
import { RolesSettings } from './roles-settings';
import { ProfilesSettings } from './profiles-settings';
import { AuditSettings } from './audit-settings';
import { BackupsSettings } from './backups-settings';
import { SharingSettings } from './sharing-settings';
import { TaxClassesSettings } from './tax-classes-settings';
import { UsersSettings } from './users-settings';

const SECTIONS = [
  { path: 'users', labelKey: 'settings.users', Component: UsersSettings },
  { path: 'roles', labelKey: 'settings.roles', Component: RolesSettings },
  { path: 'profiles', labelKey: 'access.profiles', Component: ProfilesSettings },
  { path: 'groups', labelKey: 'settings.groups', Component: GroupsSettings },
  { path: 'sharing', labelKey: 'settings.sharing', Component: SharingSettings },
  { path: 'numbering', labelKey: 'settings.numbering', Component: NumberingSettings },
  { path: 'fields', labelKey: 'settings.fields', Component: CustomFieldsSettings },
  { path: 'layout', labelKey: 'settings.layout', Component: LayoutSettings },
  { path: 'picklists', labelKey: 'settings.picklists', Component: PicklistsSettings },
  { path: 'company', labelKey: 'settings.company', Component: CompanySettings },
  { path: 'tax-classes', labelKey: 'settings.tax_classes', Component: TaxClassesSettings },
  { path: 'support', labelKey: 'settings.support', Component: SupportSettings },
  { path: 'mailboxes', labelKey: 'settings.mailboxes', Component: MailboxesSettings },
  { path: 'recycle-bin', labelKey: 'settings.recycle_bin', Component: RecycleBin },
  { path: 'audit', labelKey: 'access.audit', Component: AuditSettings },
  { path: 'backups', labelKey: 'backup.backups', Component: BackupsSettings },
];

/** Administration: users, roles and permissions, groups, sharing, numbering, custom fields, picklists, recycle bin. */
export function SettingsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { pathname } = useLocation();
  if (!user.is_admin) return <Alert color="yellow" title={t('settings.title')}>{t('settings.admins_only')}</Alert>;
  return (
    <Stack>
      <Title order={1} size="h2">{t('settings.title')}</Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3, lg: 2 }}>
          <nav aria-label={t('settings.title')}>
            {SECTIONS.map((s) => (
              <NavLink key={s.path} component={Link} to={`/settings/${s.path}`} label={t(s.labelKey)} active={pathname.startsWith(`/settings/${s.path}`)} />
            ))}
          </nav>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9, lg: 10 }}>
          <Routes>
            <Route index element={<Navigate to="users" replace />} />
            {SECTIONS.map(({ path, Component }) => <Route key={path} path={path} element={<Component />} />)}
          </Routes>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
