import { Badge, Group, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import { palette, paletteStore } from './palette-store';
import { useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, qs } from '../api/client';
import { canDo, useModules } from '../api/meta';
import { qk } from '../api/query-keys';
import type { SearchHit } from '../api/types';
import { useAuth } from '../app/auth';
import { IconSearch } from '../app/icons';
import { LANGUAGE_NAMES, UI_LANGUAGES } from '../i18n/languages';

interface Command {
  id: string;
  label: string;
  hint?: string;
  run(): void;
}

/**
 * Ctrl/Cmd+K: records across modules (by name, number, e-mail, phone — the server's global search)
 * and commands (create a record, go to a module, switch language, log out).
 */
export function CommandPalette() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const meta = useModules();
  const { changeLanguage, logout, user } = useAuth();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const hits = useQuery({
    queryKey: qk.search(debounced),
    queryFn: () => api<{ data: SearchHit[] }>(`/search${qs({ q: debounced, limit: 20 })}`).then((r) => r.data),
    enabled: debounced.length >= 2,
  });

  const modules = meta.data?.modules ?? [];
  const commands: Command[] = [
    ...modules.filter((m) => m.name === 'leads' && canDo(m, 'create')).map((m) => ({ id: 'new-lead', label: t('palette.create', { module: m.label.one }), run: () => navigate('/leads/new') })),
    ...modules.filter((m) => canDo(m, 'view')).map((m) => ({ id: `go-${m.name}`, label: t('palette.go_to', { module: m.label.many }), hint: t(`areas.${m.area}`), run: () => navigate(`/${m.name}`) })),
    ...modules.filter((m) => m.name !== 'leads' && canDo(m, 'create')).map((m) => ({ id: `new-${m.name}`, label: t('palette.create', { module: m.label.one }), run: () => navigate(`/${m.name}/new`) })),
    ...UI_LANGUAGES.map((l) => ({ id: `lang-${l}`, label: t('palette.language', { language: LANGUAGE_NAMES[l] }), run: () => void changeLanguage(l) })),
    ...(user?.is_admin ? [{ id: 'settings', label: t('settings.title'), run: () => navigate('/settings') }] : []),
    { id: 'logout', label: t('user.logout'), run: () => void logout().finally(() => window.location.assign('/login')) },
  ];
  const q = query.trim().toLowerCase();
  const matched = commands.filter((c) => !q || c.label.toLowerCase().includes(q) || c.hint?.toLowerCase().includes(q)).slice(0, q ? 8 : 6);
  const moduleLabel = (name: string) => meta.data?.module(name)?.label.one ?? name;

  // Enter with nothing chosen by the arrows opens the best hit (or runs the first command).
  const openBest = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    const listId = paletteStore.getState().listId;
    if (listId && document.getElementById(listId)?.querySelector('[data-selected]')) return;
    if (debounced !== query.trim() || hits.isFetching) return; // the hits for what is typed are not here yet
    const best = debounced.length >= 2 ? hits.data?.[0] : undefined;
    const run = best ? () => navigate(`/${best.module}/${best.id}`) : matched[0]?.run;
    if (!run) return;
    event.preventDefault();
    palette.close();
    run();
  };

  const items: ReactNode[] = [];
  if (debounced.length >= 2 && hits.data?.length) {
    items.push(
      <Spotlight.ActionsGroup key="records" label={t('palette.records')}>
        {hits.data.map((h) => (
          <Spotlight.Action key={`${h.module}-${h.id}`} onClick={() => navigate(`/${h.module}/${h.id}`)}>
            <Group wrap="nowrap" w="100%" gap="sm">
              <Badge variant="light" miw={70}>{h.number}</Badge>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" truncate>{h.label}</Text>
                {h.snippet && <Text size="xs" c="dimmed" truncate>{h.snippet}</Text>}
              </div>
              <Text size="xs" c="dimmed">{moduleLabel(h.module)}</Text>
            </Group>
          </Spotlight.Action>
        ))}
      </Spotlight.ActionsGroup>,
    );
  }
  if (matched.length) {
    items.push(
      <Spotlight.ActionsGroup key="commands" label={t('palette.commands')}>
        {matched.map((c) => <Spotlight.Action key={c.id} label={c.label} description={c.hint} onClick={c.run} />)}
      </Spotlight.ActionsGroup>,
    );
  }

  return (
    <Spotlight.Root store={paletteStore} query={query} onQueryChange={setQuery} shortcut={null} scrollable maxHeight={480}
      clearQueryOnClose>
      <Spotlight.Search placeholder={t('search.placeholder')} leftSection={<IconSearch />} aria-label={t('search.placeholder')} onKeyDown={openBest} />
      <Spotlight.ActionsList aria-label={t('palette.results')}>
        {items.length ? items : <Spotlight.Empty>{debounced.length >= 2 && hits.isFetching ? t('common.loading') : hits.error ? hits.error.message : t('common.nothing_found')}</Spotlight.Empty>}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
