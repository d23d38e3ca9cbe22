import { Box, Group, Paper, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addDays, dayOf, firstHour, layoutOverlaps, ymd, type CalItem } from './calendar-model';

const HOUR = 40; // px per hour
const SNAP = 30; // minutes

interface Props { start: Date; days: number; items: CalItem[]; onMove(x: CalItem, start: Date, end?: Date): void; onCreate(start: Date): void }

/**
 * Days as columns of hours (a week or one day): events sit at their time; drag one to another slot to move
 * it, drag its lower edge to change its length (in half hours); click an empty slot to add an event there.
 * All-day events and tasks are in a row above.
 */
export function CalendarWeek({ start, days, items, onMove, onCreate }: Props) {
  const { i18n } = useTranslation();
  const [resizing, setResizing] = useState<{ x: CalItem; y0: number; end0: number; minutes: number } | null>(null);
  const dates = Array.from({ length: days }, (_, i) => addDays(start, i));
  const head = new Intl.DateTimeFormat(i18n.language, { weekday: 'short', day: 'numeric', month: 'short' });
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const slotTime = (day: Date, hour: number, half: number) => new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour, half * 30);
  const drop = (e: React.DragEvent, at: Date) => {
    e.preventDefault();
    const x = items.find((i) => `${i.module}:${i.id}:${i.start}` === e.dataTransfer.getData('text/plain'));
    if (x) onMove(x, at);
  };
  // While resizing, the pointer may leave the grid: follow it on the whole window.
  useEffect(() => {
    if (!resizing) return;
    const move = (e: MouseEvent) => setResizing((r) => r && { ...r, minutes: Math.round((e.clientY - r.y0) / (HOUR / 2)) * SNAP });
    const up = () => {
      setResizing(null);
      const end = new Date(resizing.end0 + latest.current * 60_000);
      if (end.getTime() > Date.parse(resizing.x.start)) onMove(resizing.x, new Date(resizing.x.start), end);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up, { once: true });
    return () => { window.removeEventListener('mousemove', move); window.removeEventListener('mouseup', up); };
    // Re-subscribe only when a resize starts or ends, not on every pixel.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resizing?.x, resizing?.y0]);
  const latest = useRef(0);
  latest.current = resizing?.minutes ?? 0;
  // The grid opens at the working day (or the earliest event), not at midnight.
  const scroller = useRef<HTMLDivElement>(null);
  const timed = items.filter((x) => x.module === 'events' && !x.all_day);
  const opening = firstHour(timed.map((x) => new Date(x.start)));
  useEffect(() => { if (scroller.current) scroller.current.scrollTop = opening * HOUR; }, [opening, start.getTime()]);
  return (
    <Box>
      <Group gap={4} wrap="nowrap" align="flex-start">
        <Box w={48} />
        {dates.map((d) => (
          <Box key={ymd(d)} flex={1} miw={0}>
            <Text size="xs" fw={600} ta="center">{head.format(d)}</Text>
            {items.filter((x) => (x.all_day || x.module === 'tasks') && dayOf(x) === ymd(d)).map((x) => (
              <Text key={x.id} size="xs" truncate component={Link} to={`/${x.module}/${x.id}`}>{x.subject}</Text>
            ))}
          </Box>
        ))}
      </Group>
      <Group ref={scroller} gap={4} wrap="nowrap" align="flex-start" mah={600} style={{ overflowY: 'auto' }} data-testid="calendar-hours">
        <Box w={48}>{Array.from({ length: 24 }, (_, h) => <Text key={h} size="xs" c="dimmed" h={HOUR}>{`${String(h).padStart(2, '0')}:00`}</Text>)}</Box>
        {dates.map((d) => (
          <Box key={ymd(d)} flex={1} miw={0} pos="relative" role="grid" aria-label={head.format(d)}>
            {Array.from({ length: 48 }, (_, s) => {
              const at = slotTime(d, Math.floor(s / 2), s % 2);
              return (
                <Box key={s} h={HOUR / 2} style={{ borderTop: `1px ${s % 2 ? 'dotted' : 'solid'} var(--mantine-color-default-border)` }}
                  role="gridcell" aria-label={`${ymd(d)} ${time.format(at)}`}
                  onClick={() => onCreate(at)} onDragOver={(e) => e.preventDefault()} onDrop={(e) => drop(e, at)} />
              );
            })}
            {(() => {
              const day = timed.filter((x) => dayOf(x) === ymd(d));
              const spanOf = (x: CalItem) => ({ start: Date.parse(x.start), end: x.end ? Date.parse(x.end) : Date.parse(x.start) + 3_600_000 });
              const columns = layoutOverlaps(day.map((x) => ({ key: `${x.id}-${x.start}`, ...spanOf(x) })));
              return day.map((x) => {
              const s = new Date(x.start);
              const { col, cols } = columns.get(`${x.id}-${x.start}`) ?? { col: 0, cols: 1 };
              const endMs = x.end ? Date.parse(x.end) : s.getTime() + 3_600_000;
              const extra = resizing?.x === x ? resizing.minutes : 0;
              const top = (s.getHours() + s.getMinutes() / 60) * HOUR;
              const height = Math.max(HOUR / 2, ((endMs - s.getTime()) / 3_600_000 + extra / 60) * HOUR);
              return (
                <Paper key={`${x.id}-${x.start}`} withBorder shadow="xs" p={2} pos="absolute" top={top} h={height}
                  style={{ left: `calc(${(col / cols) * 100}% + 1px)`, width: `calc(${100 / cols}% - 2px)` }}
                  bg="var(--mantine-primary-color-light)" aria-label={`${x.subject} ${time.format(s)}`}>
                  {/* The title is what one drags; the lower edge (outside it) resizes. */}
                  <Text size="xs" truncate component={Link} to={`/events/${x.id}`} draggable={!x.recurring}
                    onDragStart={(e) => e.dataTransfer.setData('text/plain', `${x.module}:${x.id}:${x.start}`)}>
                    {time.format(s)} {x.subject}{x.recurring ? ' ↻' : ''}
                  </Text>
                  {!x.recurring && (
                    <Box pos="absolute" bottom={0} left={0} right={0} h={6} style={{ cursor: 'ns-resize' }} aria-hidden
                      data-testid={`resize-${x.id}`} onMouseDown={(e) => { e.preventDefault(); setResizing({ x, y0: e.clientY, end0: endMs, minutes: 0 }); }} />
                  )}
                </Paper>
              );
              });
            })()}
          </Box>
        ))}
      </Group>
    </Box>
  );
}
