import { Badge, Paper, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addDays, dayOf, weekStart, ymd, type CalItem } from './calendar-model';

interface Props { month: Date; items: CalItem[]; onMove(x: CalItem, day: Date): void; onCreate(day: Date): void }

/** Six weeks around a month; drag an item to another day to move it, double-click a day to add an event. */
export function CalendarMonth({ month, items, onMove, onCreate }: Props) {
  const { t, i18n } = useTranslation();
  // At a phone's width a day cell is too narrow for titles: it shows how many, and the chosen day's items are listed below.
  const phone = useMediaQuery('(max-width: 48em)');
  const [picked, setPicked] = useState(() => ymd(new Date()));
  const first = weekStart(new Date(month.getFullYear(), month.getMonth(), 1));
  const days = Array.from({ length: 42 }, (_, i) => addDays(first, i));
  const byDay = new Map<string, CalItem[]>();
  for (const x of items) byDay.set(dayOf(x), [...(byDay.get(dayOf(x)) ?? []), x]);
  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: 'short' });
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const itemLine = (x: CalItem, i: number) => (
    <Text key={`${x.id}-${i}`} size="xs" truncate component={Link} to={`/${x.module}/${x.id}`} draggable={!x.recurring}
      onDragStart={(e) => e.dataTransfer.setData('text/plain', `${x.module}:${x.id}:${x.start}`)}>
      {x.module === 'tasks' ? <Badge size="xs" variant="light" mr={4}>{t('activities.kind_task')}</Badge> : !x.all_day && `${time.format(new Date(x.start))} `}
      {x.subject}{x.recurring ? ' ↻' : ''}
    </Text>
  );
  if (phone) {
    return (
      <Stack gap="sm">
        <SimpleGrid cols={7} spacing={2} role="grid" aria-label={new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric' }).format(month)}>
          {days.slice(0, 7).map((d) => <Text key={`h${d.getDay()}`} size="xs" c="dimmed" ta="center" role="columnheader">{weekday.format(d)}</Text>)}
          {days.map((d) => {
            const n = byDay.get(ymd(d))?.length ?? 0;
            return (
              <UnstyledButton key={ymd(d)} role="gridcell" aria-label={ymd(d)} aria-selected={picked === ymd(d)} onClick={() => setPicked(ymd(d))}
                style={{ borderRadius: 6, padding: 4, textAlign: 'center', opacity: d.getMonth() === month.getMonth() ? 1 : 0.45, background: picked === ymd(d) ? 'var(--mantine-primary-color-light)' : undefined }}>
                <Text size="sm" fw={600}>{d.getDate()}</Text>
                <Text size="10px" c="blue" h={14}>{n ? '•'.repeat(Math.min(n, 3)) : ''}</Text>
              </UnstyledButton>
            );
          })}
        </SimpleGrid>
        <Paper withBorder p="xs">
          <Text size="sm" fw={600} mb={4}>{new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full' }).format(new Date(`${picked}T00:00:00`))}</Text>
          <Stack gap={4}>{(byDay.get(picked) ?? []).map(itemLine)}</Stack>
        </Paper>
      </Stack>
    );
  }
  return (
    <SimpleGrid cols={7} spacing={4} role="grid" aria-label={new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric' }).format(month)}>
      {days.slice(0, 7).map((d) => <Text key={`h${d.getDay()}`} size="xs" c="dimmed" ta="center" role="columnheader">{weekday.format(d)}</Text>)}
      {days.map((d) => (
        <Paper key={ymd(d)} withBorder p={4} mih={90} role="gridcell" aria-label={ymd(d)} opacity={d.getMonth() === month.getMonth() ? 1 : 0.5}
          onDragOver={(e) => e.preventDefault()} onDoubleClick={() => onCreate(d)}
          onDrop={(e) => { const x = items.find((i) => `${i.module}:${i.id}:${i.start}` === e.dataTransfer.getData('text/plain')); if (x) onMove(x, d); }}>
          <Text size="xs" fw={600}>{d.getDate()}</Text>
          <Stack gap={2}>{(byDay.get(ymd(d)) ?? []).map(itemLine)}</Stack>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
