import { ActionIcon, Alert, Group, MultiSelect, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, qs } from '../../api/client';
import { useCurrentUser } from '../../app/auth';
import { CalendarMonth } from './calendar-month';
import { addDays, dayOf, moveItem, weekStart, ymd, type CalItem } from './calendar-model';
import { formatDate } from '../../i18n/format';
import { CalendarWeek } from './calendar-week';
import { FeedButton } from './feed-button';
import { QuickCreate } from './quick-create';
import { Busy } from '../../app/busy';
import { errorText } from '../../settings/settings-ui';

type View = 'month' | 'week' | 'day' | 'list';

/** The range a view shows around its anchor day. */
function rangeOf(view: View, anchor: Date): [Date, Date] {
  if (view === 'day') return [anchor, addDays(anchor, 1)];
  if (view === 'week') return [weekStart(anchor), addDays(weekStart(anchor), 7)];
  if (view === 'list') return [anchor, addDays(anchor, 30)];
  const first = weekStart(new Date(anchor.getFullYear(), anchor.getMonth(), 1));
  return [first, addDays(first, 42)];
}

/** Events (recurrences expanded by the server) and tasks: month, week, day or list; colleagues' calendars beside one's own. */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const client = useQueryClient();
  const [view, setView] = useState<View>('month');
  const [anchor, setAnchor] = useState(() => { const d = new Date(); return new Date(d.getFullYear(), d.getMonth(), d.getDate()); });
  const [others, setOthers] = useState<string[]>([]);
  const [creating, setCreating] = useState<{ start: Date; allDay: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, to] = rangeOf(view, anchor);
  const users = [me.id, ...others];
  const q = useQuery({
    queryKey: ['calendar', ymd(from), ymd(to), users.join(',')],
    queryFn: () => api<{ data: CalItem[]; truncated?: boolean }>(`/calendar${qs({ from: from.toISOString(), to: to.toISOString(), users: users.join(',') })}`),
  });
  const items = q.data?.data ?? [];
  const people = useQuery({ queryKey: ['users', 'calendar'], queryFn: () => api<{ data: { id: string; first_name: string | null; last_name: string | null; username: string }[] }>('/users').then((r) => r.data) });
  const refresh = () => client.invalidateQueries({ queryKey: ['calendar'] });
  const move = async (x: CalItem, start: Date, end?: Date | null) => {
    setError(null);
    try { await moveItem(x, start, end); } catch (e) { setError(e instanceof ApiError ? e.message : String(e)); }
    await refresh();
  };
  const moveToDay = (x: CalItem, day: Date) => {
    const s = new Date(x.start);
    return move(x, x.all_day || x.module === 'tasks' ? day : new Date(day.getFullYear(), day.getMonth(), day.getDate(), s.getHours(), s.getMinutes()));
  };
  const step = (n: number) => setAnchor(view === 'month' ? new Date(anchor.getFullYear(), anchor.getMonth() + n, 1) : addDays(anchor, n * (view === 'week' ? 7 : view === 'list' ? 30 : 1)));
  const title = view === 'month' ? new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric' }).format(anchor)
    : new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).formatRange(from, addDays(to, -1));
  const unit = view === 'list' ? 'month' : view;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">{t('activities.calendar')}</Title>
        <Group gap="xs" wrap="wrap">
          <SegmentedControl size="xs" value={view} onChange={(v) => setView(v as View)} aria-label={t('activities.calendar_view')}
            data={(['month', 'week', 'day', 'list'] as const).map((v) => ({ value: v, label: t(`activities.view_${v}`) }))} />
          <ActionIcon variant="default" aria-label={t(`activities.previous_${unit}`)} onClick={() => step(-1)}>‹</ActionIcon>
          <Text fw={600} miw={160} ta="center" aria-live="polite">{title}</Text>
          <ActionIcon variant="default" aria-label={t(`activities.next_${unit}`)} onClick={() => step(1)}>›</ActionIcon>
          <FeedButton />
        </Group>
      </Group>
      <MultiSelect label={t('activities.colleagues')} placeholder={t('activities.colleagues_hint')} maw={480} clearable searchable value={others} onChange={setOthers}
        data={(people.data ?? []).filter((u) => u.id !== me.id).map((u) => ({ value: u.id, label: [u.first_name, u.last_name].filter(Boolean).join(' ') || u.username }))}
        comboboxProps={{ withinPortal: true }} />
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {q.isPending && <Busy />}
      {q.isError && <Alert color="red" role="alert">{errorText(q.error)}</Alert>}
      {q.data?.truncated && <Alert color="orange" role="status">{t('activities.calendar_truncated')}</Alert>}
      {view === 'month' && <CalendarMonth month={anchor} items={items} onMove={moveToDay} onCreate={(d) => setCreating({ start: d, allDay: true })} />}
      {(view === 'week' || view === 'day') && (
        <CalendarWeek start={from} days={view === 'week' ? 7 : 1} items={items} onMove={move} onCreate={(s) => setCreating({ start: s, allDay: false })} />
      )}
      {view === 'list' && (
        <Table withTableBorder fz="sm" aria-label={t('activities.view_list')}>
          <Table.Tbody>
            {(items).map((x, i) => (
              <Table.Tr key={`${x.id}-${i}`}>
                <Table.Td w={200}>{x.all_day ? formatDate(dayOf(x), i18n.language) : when.format(new Date(x.start))}</Table.Td>
                <Table.Td><Link to={`/${x.module}/${x.id}`}>{x.subject}</Link>{x.recurring ? ' ↻' : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {creating && <QuickCreate start={creating.start} allDay={creating.allDay} onClose={() => setCreating(null)} onDone={() => { setCreating(null); void refresh(); }} />}
    </Stack>
  );
}
