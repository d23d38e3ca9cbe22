import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../engine/context.js';
import type { Widget } from './dashboards.js';

/** The standard report saved in the user's language under a key, if they may read it. */
async function standardReport(ctx: RequestContext, key: string): Promise<string | null> {
  const r = await sql<{ id: string }>`select id from reports where standard_key = ${`${key}:${ctx.user.language}`} and deleted_at is null limit 1`.execute(ctx.db);
  return r.rows[0]?.id ?? null;
}

/** What a new user's home shows: money won this month, the pipeline, today's events, open tasks, a chart, recent records. */
export async function defaultWidgets(ctx: RequestContext): Promise<Widget[]> {
  const byMonth = await standardReport(ctx, 'won_by_month');
  const w = (type: Widget['type'], x: number, y: number, width: number, h: number, extra: Partial<Widget> = {}): Widget => ({ id: randomUUID(), type, x, y, w: width, h, ...extra });
  return [
    ...(byMonth ? [w('key_figure', 0, 0, 4, 2, { report_id: byMonth, period: 'month' })] : []),
    w('today_events', 4, 0, 4, 4),
    w('my_tasks', 8, 0, 4, 4),
    w('pipeline', 0, 2, 4, 4),
    ...(byMonth ? [w('report', 4, 4, 8, 4, { report_id: byMonth })] : []),
    w('recent', 0, 6, 4, 4),
  ];
}
