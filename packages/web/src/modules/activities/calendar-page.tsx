import { FeedButton } from './feed-button';
import { ActionIcon, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../api/client';

interface Item { module: 'events' | 'tasks'; id: string; subject: string; start: string; all_day: boolean; recurring: boolean }

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** A month of the user's events (recurrences expanded by the server) and tasks, Monday first. */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const [month, setMonth] = useState(() => { const d = new Date(); return new Date(d.getFullYear(), d.getMonth(), 1); });
  const first = new Date(month);
  first.setDate(1 - ((first.getDay() + 6) % 7));
  const days = Array.from({ length: 42 }, (_, i) => new Date(first.getFullYear(), first.getMonth(), first.getDate() + i));
  const from = ymd(days[0]);
  const to = ymd(new Date(days[41].getFullYear(), days[41].getMonth(), days[41].getDate() + 1));
  const q = useQuery({ queryKey: ['calendar', from, to], queryFn: () => api<{ data: Item[] }>(`/calendar${qs({ from, to })}`).then((r) => r.data) });
  const byDay = new Map<string, Item[]>();
  for (const x of q.data ?? []) {
    const key = x.all_day && x.start.length === 10 ? x.start : ymd(new Date(x.start));
    byDay.set(key, [...(byDay.get(key) ?? []), x]);
  }
  const title = new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric' }).format(month);
  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: 'short' });
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const shift = (n: number) => setMonth(new Date(month.getFullYear(), month.getMonth() + n, 1));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">{t('activities.calendar')}</Title>
        <Group gap="xs">
          <ActionIcon variant="default" aria-label={t('activities.previous_month')} onClick={() => shift(-1)}>‹</ActionIcon>
          <Text fw={600} miw={160} ta="center" aria-live="polite">{title}</Text>
          <ActionIcon variant="default" aria-label={t('activities.next_month')} onClick={() => shift(1)}>›</ActionIcon>
          <FeedButton />
        </Group>
      </Group>
      {q.isPending && <Loader aria-label={t('common.loading')} />}
      <SimpleGrid cols={7} spacing={4} role="grid" aria-label={title}>
        {days.slice(0, 7).map((d) => <Text key={`h${d.getDay()}`} size="xs" c="dimmed" ta="center" role="columnheader">{weekday.format(d)}</Text>)}
        {days.map((d) => {
          const items = byDay.get(ymd(d)) ?? [];
          return (
            <Paper key={ymd(d)} withBorder p={4} mih={90} role="gridcell" aria-label={ymd(d)} opacity={d.getMonth() === month.getMonth() ? 1 : 0.5}>
              <Text size="xs" fw={600}>{d.getDate()}</Text>
              <Stack gap={2}>
                {items.map((x, i) => (
                  <Text key={`${x.id}-${i}`} size="xs" truncate component={Link} to={`/${x.module}/${x.id}`}>
                    {x.module === 'tasks' ? <Badge size="xs" variant="light" mr={4}>{t('activities.kind_task')}</Badge> : !x.all_day && `${time.format(new Date(x.start))} `}
                    {x.subject}{x.recurring ? ' ↻' : ''}
                  </Text>
                ))}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
