import { updateRecord } from '../../api/records';
import { api } from '../../api/client';

export interface CalItem { module: 'events' | 'tasks'; id: string; subject: string; start: string; end: string | null; all_day: boolean; recurring: boolean; assigned_to: string }

const pad = (n: number) => String(n).padStart(2, '0');
export const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
/** Monday of the week of `d`. */
export const weekStart = (d: Date) => addDays(d, -((d.getDay() + 6) % 7));
/** The day an item is shown on: an all-day item's own date, else its local start day. */
export const dayOf = (x: CalItem) => (x.all_day && x.start.length === 10 ? x.start : ymd(new Date(x.start)));

/**
 * Moves an item: an event keeps its length (start and end move together), a task moves its due date.
 * Reads the record first so the write carries its current version (a concurrent change answers 409).
 */
export async function moveItem(x: CalItem, start: Date, end?: Date | null): Promise<void> {
  const { data } = await api<{ data: { version: number; start_at?: string; end_at?: string | null } }>(`/records/${x.module}/${x.id}`);
  if (x.module === 'tasks') {
    await updateRecord('tasks', x.id, data.version, { due_date: ymd(start) });
    return;
  }
  const oldStart = Date.parse(data.start_at ?? x.start);
  const length = data.end_at ? Date.parse(data.end_at) - oldStart : null;
  const newEnd = end !== undefined ? end : length === null ? null : new Date(start.getTime() + length);
  await updateRecord('events', x.id, data.version, { start_at: start.toISOString(), ...(newEnd !== null ? { end_at: newEnd.toISOString() } : {}) });
}

/**
 * Side by side for events that overlap (pure): each event of a day gets a column and the number of columns of its
 * cluster (events linked by overlapping), so overlapping ones share the width instead of covering each other.
 */
export function layoutOverlaps(events: { key: string; start: number; end: number }[]): Map<string, { col: number; cols: number }> {
  const out = new Map<string, { col: number; cols: number }>();
  const sorted = [...events].sort((a, b) => a.start - b.start || b.end - a.end);
  let cluster: { key: string; col: number }[] = [];
  let columnsEnd: number[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    for (const c of cluster) out.set(c.key, { col: c.col, cols: columnsEnd.length });
    cluster = [];
    columnsEnd = [];
  };
  for (const e of sorted) {
    if (e.start >= clusterEnd) { close(); clusterEnd = -Infinity; }
    let col = columnsEnd.findIndex((end) => end <= e.start);
    if (col < 0) { col = columnsEnd.length; columnsEnd.push(e.end); } else columnsEnd[col] = e.end;
    cluster.push({ key: e.key, col });
    clusterEnd = Math.max(clusterEnd, e.end);
  }
  close();
  return out;
}

/** Where the hours grid opens: the working day (08:00), or earlier when an event starts earlier. */
export function firstHour(starts: Date[], workday = 8): number {
  return Math.max(0, Math.min(workday, ...starts.map((d) => d.getHours())));
}
