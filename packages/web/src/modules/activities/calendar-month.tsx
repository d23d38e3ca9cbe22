import { Badge, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addDays, dayOf, weekStart, ymd, type CalItem } from './calendar-model';

interface Props { month: Date; items: CalItem[]; onMove(x: CalItem, day: Date): void; onCreate(day: Date): void }

/** Six weeks around a month; drag an item to another day to move it, double-click a day to add an event. */
export function CalendarMonth({ month, items, onMove, onCreate }: Props) {
  const { t, i18n } = useTranslation();
  const first = weekStart(new Date(month.getFullYear(), month.getMonth(), 1));
  const days = Array.from({ length: 42 }, (_, i) => addDays(first, i));
  const byDay = new Map<string, CalItem[]>();
  for (const x of items) byDay.set(dayOf(x), [...(byDay.get(dayOf(x)) ?? []), x]);
  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: 'short' });
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <SimpleGrid cols={7} spacing={4} role="grid" aria-label={new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric' }).format(month)}>
      {days.slice(0, 7).map((d) => <Text key={`h${d.getDay()}`} size="xs" c="dimmed" ta="center" role="columnheader">{weekday.format(d)}</Text>)}
      {days.map((d) => (
        <Paper key={ymd(d)} withBorder p={4} mih={90} role="gridcell" aria-label={ymd(d)} opacity={d.getMonth() === month.getMonth() ? 1 : 0.5}
          onDragOver={(e) => e.preventDefault()} onDoubleClick={() => onCreate(d)}
          onDrop={(e) => { const x = items.find((i) => `${i.module}:${i.id}:${i.start}` === e.dataTransfer.getData('text/plain')); if (x) onMove(x, d); }}>
          <Text size="xs" fw={600}>{d.getDate()}</Text>
          <Stack gap={2}>
            {(byDay.get(ymd(d)) ?? []).map((x, i) => (
              <Text key={`${x.id}-${i}`} size="xs" truncate component={Link} to={`/${x.module}/${x.id}`} draggable={!x.recurring}
                onDragStart={(e) => e.dataTransfer.setData('text/plain', `${x.module}:${x.id}:${x.start}`)}>
                {x.module === 'tasks' ? <Badge size="xs" variant="light" mr={4}>{t('activities.kind_task')}</Badge> : !x.all_day && `${time.format(new Date(x.start))} `}
                {x.subject}{x.recurring ? ' ↻' : ''}
              </Text>
            ))}
          </Stack>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
