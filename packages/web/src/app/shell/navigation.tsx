import { NavLink, ScrollArea } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { canDo, useModules } from '../../api/meta';
import { useCurrentUser } from '../auth';
import { areaPages } from '../../modules';
import { AREA_PAGES, AREAS } from './areas';

/** The side navigation: areas (Marketing, Sales, …) with their modules, from the metadata. */
export function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const meta = useModules();
  const { pathname } = useLocation();
  const current = pathname.split('/')[1] ?? '';

  return (
    <ScrollArea h="100%" type="scroll">
      <NavLink component={Link} to="/" label={t('nav.home')} active={pathname === '/'} onClick={onNavigate} />
      {AREAS.map((area) => {
        // Only what the role may open: no menu that ends in "you may not view …".
        const modules = (meta.data?.modules ?? []).filter((m) => m.area === area && canDo(m, 'view'));
        const pages = [...AREA_PAGES[area], ...areaPages.filter((p) => p.area === area).map((p) => ({ ...p, path: `/${p.path}` }))].filter((p) => !p.adminOnly || user.is_admin);
        if (!modules.length && !pages.length) return null;
        const active = modules.some((m) => m.name === current) || pages.some((p) => pathname.startsWith(p.path));
        return (
          <AreaLink key={area} label={t(`areas.${area}`)} defaultOpened={active}>
            {modules.map((m) => (
              <NavLink key={m.name} component={Link} to={`/${m.name}`} label={m.label.many}
                active={current === m.name} onClick={onNavigate} />
            ))}
            {pages.map((p) => (
              <NavLink key={p.path} component={Link} to={p.path} label={t(p.labelKey ?? '')}
                active={pathname.startsWith(p.path)} onClick={onNavigate} />
            ))}
          </AreaLink>
        );
      })}
    </ScrollArea>
  );
}

/** An area heading: a real button (keyboard, screen readers) that folds its modules in and out. */
function AreaLink({ label, defaultOpened, children }: { label: string; defaultOpened: boolean; children: ReactNode }) {
  const [opened, setOpened] = useState(defaultOpened);
  return (
    <NavLink component="button" type="button" label={label} opened={opened} onChange={setOpened} childrenOffset="sm"
      fw={600} aria-expanded={opened}>
      {children}
    </NavLink>
  );
}
