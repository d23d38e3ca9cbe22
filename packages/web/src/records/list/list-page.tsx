import { ActionIcon, Alert, Badge, Button, Center, CloseButton, Group, Stack, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedCallback, useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canDo } from '../../api/meta';
import { useRecordList } from '../../api/records';
import type { FieldMeta } from '../../api/types';
import { IconFilter, IconPlus, IconRows, IconSearch } from '../../app/icons';
import { NotFound } from '../../app/not-found';
import { useModuleParam } from '../use-module-param';
import { AlphabetBar } from './alphabet-bar';
import { ColumnChooser } from './column-chooser';
import { ExportMenu } from './export-menu';
import { TagCloud } from './tag-cloud';
import { extensionFor } from '../../modules';
import { FilterBuilder } from './filter-builder';
import { countConditions } from './filter-tree';
import { buildQuery, useListState } from './list-state';
import { ListViewSwitch, useAlternativeListView } from './list-view-switch';
import { MassActions } from './mass-actions';
import { Pager } from './pager';
import { RecordCards } from './record-cards';
import { RecordsTable } from './records-table';
import { SavedViews, useViews } from './saved-views';
import { Busy } from '../../app/busy';

const PAGE_SIZE = 50;

/** The list view of any module: views, search, filters, alphabet, sortable columns, paging, mass actions. */
export function ListPage() {
  const { module, name } = useModuleParam();
  const { active } = useAlternativeListView(name);
  if (!module) return <NotFound />;
  if (active) {
    const View = active.component;
    return (
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={1} size="h2">{module.label.many}</Title>
          <ListViewSwitch moduleName={name} />
        </Group>
        <View key={name} module={module} />
      </Stack>
    );
  }
  return <ModuleList key={name} moduleName={name} />;
}

function ModuleList({ moduleName }: { moduleName: string }) {
  const { t } = useTranslation();
  const { module } = useModuleParam();
  const m = module!;
  const views = useViews(moduleName);
  const list = useListState(m, views.data);
  const { state } = list;
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [total, setTotal] = useState<number | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [filterOpen, setFilterOpen] = useState(false);
  const [search, setSearch] = useState(state.q);
  const setQ = useDebouncedCallback(list.setQ, 300);
  // The box follows the list's search when it changes from elsewhere (a menu link, a saved view, back and forward).
  useEffect(() => {
    if (!setQ.isPending()) setSearch(state.q);
  }, [state.q]); // eslint-disable-line react-hooks/exhaustive-deps
  const phone = useMediaQuery('(max-width: 48em)');
  const [density, setDensity] = useLocalStorage<'comfortable' | 'compact'>({ key: 'karta:list-density', defaultValue: 'comfortable' });

  // Any change of what is listed starts again at the first page.
  const queryKey = JSON.stringify([state.where, state.letter, state.q, state.sort]);
  useEffect(() => {
    setCursors([undefined]);
    setSelected(new Set());
  }, [queryKey]);
  const page = cursors.length - 1;
  const query = useMemo(() => buildQuery(m, state, cursors[page], PAGE_SIZE), [m, state, cursors, page]);
  const result = useRecordList(moduleName, query, !views.isPending);
  useEffect(() => {
    if (result.data?.total !== undefined) setTotal(result.data.total);
  }, [result.data?.total]);

  const columns = state.columns.map((c) => m.fields.find((f) => f.name === c)).filter((f): f is FieldMeta => !!f);
  const titleField = m.fields.find((f) => f.name === m.title_field);
  const conditions = countConditions(state.where);

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm"><Title order={1} size="h2">{m.label.many}</Title><ListViewSwitch moduleName={moduleName} /></Group>
        {canDo(m, 'create') && <Button component={Link} to={`/${m.name}/new`} leftSection={<IconPlus />}>{t('actions.new_record', { module: m.label.one })}</Button>}
      </Group>
      <Group gap="xs" wrap="wrap">
        <SavedViews module={m.name} views={views.data ?? []} state={state} onOpen={list.openView} onSaved={list.openView} />
        <TextInput aria-label={t('list.search', { module: m.label.many })} placeholder={t('list.search', { module: m.label.many })}
          leftSection={<IconSearch />} value={search} w={{ base: '100%', xs: 240 }} type="search"
          rightSection={search ? <CloseButton size="sm" aria-label={t('list.clear_search')} onClick={() => { setQ.cancel(); setSearch(''); list.setQ(''); }} /> : null}
          onChange={(e) => { setSearch(e.currentTarget.value); setQ(e.currentTarget.value); }} />
        <Button variant={conditions ? 'light' : 'default'} leftSection={<IconFilter />} onClick={() => setFilterOpen((o) => !o)}
          aria-expanded={filterOpen} rightSection={conditions ? <Badge size="sm" circle>{conditions}</Badge> : null}>
          {t('filter.title')}
        </Button>
        {(extensionFor(m.name).listTools ?? []).map((Tool, i) => <Tool key={i} module={m} setWhere={list.setWhere} />)}
        <TagCloud module={m} onPick={list.setWhere} />
        <ColumnChooser module={m} columns={state.columns} onChange={list.setColumns} />
        {!phone && (
          <Tooltip label={t(density === 'compact' ? 'list.density_comfortable' : 'list.density_compact')}>
            <ActionIcon variant={density === 'compact' ? 'light' : 'default'} size="lg" aria-pressed={density === 'compact'} aria-label={t('list.density_compact')}
              onClick={() => setDensity(density === 'compact' ? 'comfortable' : 'compact')}><IconRows /></ActionIcon>
          </Tooltip>
        )}
        {canDo(m, 'export') && <ExportMenu module={m} query={query} columns={state.columns} selected={[...selected]} />}
      </Group>
      {filterOpen && (
        <FilterBuilder module={m} value={state.where}
          onApply={(w) => { list.setWhere(w); setFilterOpen(false); }} onClose={() => setFilterOpen(false)} />
      )}
      {titleField && <AlphabetBar value={state.letter} onChange={list.setLetter} fieldLabel={titleField.label} collapsed={phone} />}
      {selected.size > 0 && <MassActions module={m} selected={[...selected]} onDone={() => setSelected(new Set())} />}
      {result.error && <Alert color="red" role="alert">{(result.error as Error).message}</Alert>}
      {result.isPending ? <Center py="xl"><Busy /></Center> : (
        phone
          ? <RecordCards module={m} columns={columns} rows={result.data?.data ?? []} refs={result.data?.refs ?? {}} selected={selected} onSelect={setSelected} />
          : <RecordsTable module={m} columns={columns} rows={result.data?.data ?? []} refs={result.data?.refs ?? {}} compact={density === 'compact'}
              sort={state.sort} onSort={list.setSort} selected={selected} onSelect={setSelected} />
      )}
      <Pager page={page} pageSize={PAGE_SIZE} shown={result.data?.data.length ?? 0} total={total}
        hasNext={!!result.data?.next_cursor}
        onPrev={() => { setCursors((c) => c.slice(0, -1)); setSelected(new Set()); }}
        onNext={() => { setCursors((c) => [...c, result.data!.next_cursor!]); setSelected(new Set()); }} />
    </Stack>
  );
}
