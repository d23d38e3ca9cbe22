import { ActionIcon, Button, Group, Modal, MultiSelect, Paper, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import ReactGridLayout, { useContainerWidth, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useRoles, userLabel } from '../../api/directory';
import { useCurrentUser } from '../../app/auth';
import { IconPencil, IconPlus, IconX } from '../../app/icons';
import { preloadChart, WIDGET_TYPES, WidgetBody, type Widget } from './widgets';
import { Loading } from '../../app/busy';

interface Dashboard { id: string; name: string; widgets: Widget[]; mine: boolean; version: number; published_role_ids: string[] }
const ROW = 60;

/** The home page: the user's dashboards as tabs; widgets are dragged and resized in edit mode, and the layout is saved. */
export function DashboardPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const q = useQuery({ queryKey: ['dashboards'], queryFn: () => api<{ data: Dashboard[] }>('/dashboards').then((r) => r.data) });
  const active = q.data?.find((d) => d.id === params.get('tab')) ?? q.data?.[0];
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Widget[]>([]);
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [published, setPublished] = useState<string[]>([]);
  const roles = useRoles(user.is_admin);
  useEffect(preloadChart, []);
  // What is being edited survives a refetch of the same dashboard (the window regaining focus); another tab starts afresh.
  const shownId = useRef<string | null>(null);
  useEffect(() => {
    if (!active || (editing && shownId.current === active.id)) return;
    shownId.current = active.id;
    setDraft(active.widgets);
    setName(active.name);
    setPublished(active.published_role_ids ?? []);
  }, [active, editing]);
  const [busy, setBusy] = useState<'tab' | 'done' | 'delete' | null>(null);

  /** Another tab while arranging this one: what was arranged is saved first (never dropped by the switch). */
  async function switchTab(id: string) {
    const changed = active && (JSON.stringify(draft) !== JSON.stringify(active.widgets) || name !== active.name
      || JSON.stringify(published) !== JSON.stringify(active.published_role_ids ?? []));
    if (editing && active?.mine && changed) {
      try {
        await save(draft);
      } catch (e) {
        notifications.show({ color: 'red', message: (e as Error).message });
        return;
      }
    }
    setParams({ tab: id });
  }

  async function save(widgets: Widget[]) {
    if (!active) return;
    await api(`/dashboards/${active.id}`, { method: 'PUT', body: { widgets, ...(name.trim() ? { name: name.trim() } : {}), ...(user.is_admin ? { published_role_ids: published } : {}) } });
    await client.invalidateQueries({ queryKey: ['dashboards'] });
  }
  async function newTab() {
    setBusy('tab');
    try {
      const r = await api<{ data: Dashboard }>('/dashboards', { method: 'POST', body: { name: t('dashboard.new_tab'), widgets: [] } });
      await client.invalidateQueries({ queryKey: ['dashboards'] });
      setParams({ tab: r.data.id });
      setEditing(true);
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message });
    } finally {
      setBusy(null);
    }
  }
  async function remove() {
    if (!active || !window.confirm(t('dashboard.delete_confirm', { name: active.name }))) return;
    setBusy('delete');
    try {
      await api(`/dashboards/${active.id}`, { method: 'DELETE' });
      setEditing(false);
      setParams({});
      await client.invalidateQueries({ queryKey: ['dashboards'] });
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message });
    } finally {
      setBusy(null);
    }
  }
  async function finish() {
    setBusy('done');
    try {
      await save(draft);
      setEditing(false);
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message });
    } finally {
      setBusy(null);
    }
  }

  if (!q.data) return <Loading error={q.error} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">{t('home.welcome', { name: userLabel(user) })}</Title>
        {active?.mine && (editing
          ? <Group><Button variant="default" leftSection={<IconPlus />} onClick={() => setAdding(true)}>{t('dashboard.add_widget')}</Button><Button loading={busy === 'done'} onClick={() => void finish()}>{t('dashboard.done')}</Button></Group>
          : <Button variant="default" leftSection={<IconPencil />} onClick={() => setEditing(true)}>{t('dashboard.edit')}</Button>)}
      </Group>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <Tabs value={active?.id ?? null} onChange={(v) => v && void switchTab(v)}>
          <Tabs.List>
            {(q.data ?? []).map((d) => <Tabs.Tab key={d.id} value={d.id}>{d.name}</Tabs.Tab>)}
          </Tabs.List>
        </Tabs>
        <ActionIcon variant="subtle" mb={4} aria-label={t('dashboard.new_tab')} loading={busy === 'tab'} onClick={() => void newTab()}><IconPlus /></ActionIcon>
      </Group>
      {editing && active && (
        <Group align="flex-end">
          <TextInput label={t('dashboard.rename')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={100} />
          {user.is_admin && (
            <MultiSelect label={t('dashboard.publish')} w={360} value={published} onChange={setPublished} comboboxProps={{ withinPortal: true }}
              data={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          )}
          {(q.data?.length ?? 0) > 1 && <Button variant="subtle" color="red" loading={busy === 'delete'} onClick={() => void remove()}>{t('dashboard.delete')}</Button>}
        </Group>
      )}
      {active && <Grid widgets={editing ? draft : active.widgets} editing={editing} onChange={setDraft} />}
      <Text c="dimmed" size="sm">{t('home.palette_hint')}</Text>
      {adding && <AddWidget onClose={() => setAdding(false)} onAdd={(w) => { setDraft((d) => [...d, { ...w, x: 0, y: Math.max(0, ...d.map((x) => x.y + x.h)) }]); setAdding(false); }} />}
    </Stack>
  );
}

function Grid({ widgets, editing, onChange }: { widgets: Widget[]; editing: boolean; onChange(w: Widget[]): void }) {
  const { t } = useTranslation();
  const { width, containerRef, mounted } = useContainerWidth();
  const layout: Layout = widgets.map((w) => ({ i: w.id, x: w.x, y: w.y, w: w.w, h: w.h, minW: 2, minH: 2 }));
  const narrow = width < 700;
  return (
    <div ref={containerRef} data-testid="dashboard-grid">
      {mounted && (
        <ReactGridLayout layout={narrow ? layout.map((l, i) => ({ ...l, x: 0, w: 12, y: i * 4 })) : layout} width={width}
          gridConfig={{ cols: 12, rowHeight: ROW, margin: [12, 12] }}
          dragConfig={{ enabled: editing && !narrow, handle: '.karta-widget-handle' }} resizeConfig={{ enabled: editing && !narrow }}
          onLayoutChange={(next) => editing && !narrow && onChange(widgets.map((w) => {
            const l = next.find((x) => x.i === w.id);
            return l ? { ...w, x: l.x, y: l.y, w: l.w, h: l.h } : w;
          }))}>
          {widgets.map((w) => (
            <div key={w.id}>
              <Paper withBorder p="sm" h="100%" style={{ overflow: 'hidden' }} data-testid={`widget-${w.type}`}>
                <Group justify="space-between" mb={6} className="karta-widget-handle" style={{ cursor: editing ? 'move' : undefined }} wrap="nowrap">
                  <WidgetTitle w={w} />
                  {editing && <ActionIcon size="sm" variant="subtle" aria-label={t('dashboard.remove_widget')} onClick={() => onChange(widgets.filter((x) => x.id !== w.id))}><IconX /></ActionIcon>}
                </Group>
                <WidgetBody w={w} height={(narrow ? 4 : w.h) * ROW + ((narrow ? 4 : w.h) - 1) * 12 - 60} />
              </Paper>
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  );
}

function WidgetTitle({ w }: { w: Widget }) {
  const { t } = useTranslation();
  const report = useQuery({ queryKey: ['records', 'reports', w.report_id, 'name'], queryFn: () => api<{ data: { name: string } }>(`/records/reports/${w.report_id}?fields=name`), enabled: Boolean(w.report_id) && !w.title, retry: false });
  return <Text fw={600} size="sm" truncate>{w.title ?? report.data?.data.name ?? t(`dashboard.widget_${w.type}`)}</Text>;
}

function AddWidget({ onClose, onAdd }: { onClose(): void; onAdd(w: Omit<Widget, 'x' | 'y'>): void }) {
  const { t } = useTranslation();
  const [type, setType] = useState<Widget['type']>('report');
  const [report, setReport] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const reports = useQuery({ queryKey: ['records', 'reports', 'picker'], queryFn: () => api<{ data: { id: string; name: string; folder: string | null }[] }>('/records/reports?fields=name,folder&limit=200&sort=name') });
  const needsReport = type === 'report' || type === 'key_figure';
  return (
    <Modal opened onClose={onClose} title={t('dashboard.add_widget')}>
      <Stack>
        <Select label={t('dashboard.widget_type')} value={type} allowDeselect={false} onChange={(v) => v && setType(v as Widget['type'])}
          data={WIDGET_TYPES.map((w) => ({ value: w, label: t(`dashboard.widget_${w}`) }))} comboboxProps={{ withinPortal: true }} />
        {needsReport && (
          <Select label={t('dashboard.report')} searchable value={report} onChange={setReport} comboboxProps={{ withinPortal: true }}
            data={(reports.data?.data ?? []).map((r) => ({ value: r.id, label: r.folder ? `${r.folder} / ${r.name}` : r.name }))} />
        )}
        <TextInput label={t('dashboard.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('actions.cancel')}</Button>
          <Button disabled={needsReport && !report} onClick={() => onAdd({
            id: crypto.randomUUID(), type, ...(needsReport ? { report_id: report! } : {}), ...(title.trim() ? { title: title.trim() } : {}),
            w: type === 'key_figure' ? 4 : 6, h: type === 'key_figure' ? 2 : 4,
          })}>{t('dashboard.add')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export default DashboardPage;
