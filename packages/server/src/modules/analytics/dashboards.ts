import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../engine/context.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { inTransaction } from '../../platform/db.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { defaultWidgets } from './default-dashboard.js';

export const WIDGET_TYPES = ['report', 'key_figure', 'my_tasks', 'today_events', 'pipeline', 'recent'] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];
export interface Widget { id: string; type: WidgetType; report_id?: string; title?: string; period?: 'month' | 'quarter' | 'year'; x: number; y: number; w: number; h: number }
export interface Dashboard { id: string; name: string; owner_id: string; position: number; widgets: Widget[]; published_role_ids: string[]; version: number; mine: boolean }

export const GRID_COLUMNS = 12;
export const MAX_WIDGETS = 24;
/** The lowest row a widget may start on: every widget stacked at its tallest (12) still fits. */
const MAX_ROW = MAX_WIDGETS * 12;
export const MAX_DASHBOARDS = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DASHBOARDS_MIGRATION = {
  version: 403,
  name: 'analytics: dashboards (tabs of widgets per user, published to roles)',
  statements: [
    `create table dashboards (
      id uuid primary key, owner_id uuid not null references users(id) on delete cascade, name text not null,
      position int not null default 0, widgets jsonb not null default '[]', published_role_ids jsonb not null default '[]',
      version int not null default 1, created_at timestamptz not null default now(), updated_at timestamptz not null default now())`,
    `create index dashboards_owner on dashboards(owner_id, position)`,
    `create index dashboards_published on dashboards using gin (published_role_ids jsonb_path_ops)`,
  ],
};

function invalid(errors: FieldErrors): AppError {
  const [key, problem] = Object.entries(errors)[0];
  return new AppError('VALIDATION_FAILED', msg('Invalid dashboard: {key} {problem}', { key, problem: nested(problem as Said) }), errors);
}

const int = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Checks a widget list: known types, a report where one is needed, places inside the 12-column grid. Pure. */
export function widgetErrors(raw: unknown): FieldErrors {
  if (!Array.isArray(raw)) return { widgets: 'must be a list' };
  if (raw.length > MAX_WIDGETS) return { widgets: msg('has more than {max} entries', { max: MAX_WIDGETS }) };
  const errors: FieldErrors = {};
  raw.forEach((w, i) => {
    const at = `widgets[${i}]`;
    if (!w || typeof w !== 'object' || Array.isArray(w)) { errors[at] = 'must be an object'; return; }
    const x = w as Record<string, unknown>;
    if (!WIDGET_TYPES.includes(x.type as WidgetType)) errors[`${at}.type`] = msg('must be one of {values}', { values: WIDGET_TYPES.join(', ') });
    if ((x.type === 'report' || x.type === 'key_figure') && !(typeof x.report_id === 'string' && UUID.test(x.report_id))) errors[`${at}.report_id`] = 'must be a record id';
    if (!int(x.w, 1, GRID_COLUMNS)) errors[`${at}.w`] = msg('must be between 1 and {max}', { max: GRID_COLUMNS });
    if (!int(x.h, 1, 12)) errors[`${at}.h`] = msg('must be between 1 and {max}', { max: 12 });
    // Columns and rows count from 0; every widget stacked at its tallest still fits.
    if (!int(x.x, 0, GRID_COLUMNS - 1) || (int(x.w, 1, GRID_COLUMNS) && (x.x as number) + (x.w as number) > GRID_COLUMNS)) errors[`${at}.x`] = msg('must be between 0 and {max}', { max: GRID_COLUMNS - 1 - (int(x.w, 1, GRID_COLUMNS) ? (x.w as number) - 1 : 0) });
    if (!int(x.y, 0, MAX_ROW)) errors[`${at}.y`] = msg('must be between 0 and {max}', { max: MAX_ROW });
    if (x.title !== undefined && x.title !== null && (typeof x.title !== 'string' || x.title.length > 100)) errors[`${at}.title`] = 'is too long';
    if (x.period !== undefined && !['month', 'quarter', 'year'].includes(x.period as string)) errors[`${at}.period`] = msg('must be one of {values}', { values: 'month, quarter, year' });
  });
  return errors;
}

function normalize(raw: Record<string, unknown>[]): Widget[] {
  return raw.map((w) => ({
    id: typeof w.id === 'string' && UUID.test(w.id) ? w.id : randomUUID(), type: w.type as WidgetType,
    ...(w.report_id ? { report_id: w.report_id as string } : {}), ...(w.title ? { title: w.title as string } : {}), ...(w.period ? { period: w.period as Widget['period'] } : {}),
    x: w.x as number, y: w.y as number, w: w.w as number, h: w.h as number,
  }));
}

type Row = Omit<Dashboard, 'mine'>;
const shape = (ctx: RequestContext, r: Row): Dashboard => ({ ...r, mine: r.owner_id === ctx.user.id });

/** The caller's dashboards, then those published to their role; a new user gets the default one. */
export async function listDashboards(ctx: RequestContext): Promise<Dashboard[]> {
  const read = async () => (await sql<Row>`select id, name, owner_id, position, widgets, published_role_ids, version from dashboards
    where owner_id = ${ctx.user.id} or (${ctx.user.roleId}::text is not null and published_role_ids @> ${JSON.stringify([ctx.user.roleId])}::jsonb)
    order by (owner_id = ${ctx.user.id}) desc, position, created_at`.execute(ctx.db)).rows;
  let rows = await read();
  if (!rows.length) {
    // Two tabs opened at once make one home dashboard, not two.
    await createDashboard(ctx, { name: ctx.lang === 'ru' ? 'Главная' : ctx.lang === 'uk' ? 'Головна' : ctx.lang === 'zh' ? '首页' : 'Home', widgets: await defaultWidgets(ctx) }, { onlyIfNone: true });
    rows = await read();
  }
  return rows.map((r) => shape(ctx, r));
}

/** One dashboard the caller may see (own, published to their role, or any for an administrator). */
export async function getDashboard(ctx: RequestContext, id: string): Promise<Dashboard> {
  if (!UUID.test(id)) throw new AppError('NOT_FOUND', 'Dashboard not found');
  const r = await sql<Row>`select id, name, owner_id, position, widgets, published_role_ids, version from dashboards where id = ${id}`.execute(ctx.db);
  const row = r.rows[0];
  const visible = row && (row.owner_id === ctx.user.id || ctx.user.isAdmin || (ctx.user.roleId && row.published_role_ids.includes(ctx.user.roleId)));
  if (!visible) throw new AppError('NOT_FOUND', 'Dashboard not found');
  return shape(ctx, row);
}

function checkBody(body: unknown, creating: boolean): { name?: string; widgets?: Widget[]; published_role_ids?: string[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid({ body: 'must be an object' });
  const b = body as Record<string, unknown>;
  const out: { name?: string; widgets?: Widget[]; published_role_ids?: string[] } = {};
  if (b.name !== undefined || creating) {
    if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100) throw invalid({ name: 'is required (up to 100 characters)' });
    out.name = b.name.trim();
  }
  if (b.widgets !== undefined) {
    const errors = widgetErrors(b.widgets);
    if (Object.keys(errors).length) throw invalid(errors);
    out.widgets = normalize(b.widgets as Record<string, unknown>[]);
  }
  if (b.published_role_ids !== undefined) {
    if (!Array.isArray(b.published_role_ids) || b.published_role_ids.some((r) => typeof r !== 'string' || !UUID.test(r))) throw invalid({ published_role_ids: 'must be a list of record ids' });
    out.published_role_ids = [...new Set(b.published_role_ids as string[])];
  }
  return out;
}

export async function createDashboard(ctx: RequestContext, body: unknown, o: { onlyIfNone?: boolean } = {}): Promise<Dashboard | null> {
  const v = checkBody(body, true);
  if (v.published_role_ids?.length && !ctx.user.isAdmin) throw new AppError('FORBIDDEN', 'Administrators only');
  const id = randomUUID();
  const made = await inTransaction(ctx.db, async (trx) => {
    // One user's dashboards are counted under their row's lock: parallel creates cannot pass the limit together.
    await sql`select 1 from users where id = ${ctx.user.id} for update`.execute(trx);
    const n = await sql<{ n: number }>`select count(*)::int as n from dashboards where owner_id = ${ctx.user.id}`.execute(trx);
    if (o.onlyIfNone && (n.rows[0]?.n ?? 0) > 0) return false;
    if ((n.rows[0]?.n ?? 0) >= MAX_DASHBOARDS) throw invalid({ name: msg('has more than {max} entries', { max: MAX_DASHBOARDS }) });
    await sql`insert into dashboards (id, owner_id, name, position, widgets, published_role_ids)
      values (${id}, ${ctx.user.id}, ${v.name!}, ${n.rows[0]?.n ?? 0}, ${JSON.stringify(v.widgets ?? [])}::jsonb, ${JSON.stringify(v.published_role_ids ?? [])}::jsonb)`.execute(trx);
    return true;
  });
  return made ? getDashboard(ctx, id) : null;
}

/** Saves a dashboard's name, widgets and layout (its owner), and whom it is published to (administrators). */
export async function saveDashboard(ctx: RequestContext, id: string, body: unknown): Promise<Dashboard> {
  const d = await getDashboard(ctx, id);
  if (!d.mine && !ctx.user.isAdmin) throw new AppError('FORBIDDEN', 'Only its owner may change this dashboard');
  const v = checkBody(body, false);
  if (v.published_role_ids && !ctx.user.isAdmin) throw new AppError('FORBIDDEN', 'Administrators only');
  await sql`update dashboards set name = coalesce(${v.name ?? null}, name),
      widgets = coalesce(${v.widgets ? JSON.stringify(v.widgets) : null}::jsonb, widgets),
      published_role_ids = coalesce(${v.published_role_ids ? JSON.stringify(v.published_role_ids) : null}::jsonb, published_role_ids),
      version = version + 1, updated_at = now() where id = ${id}`.execute(ctx.db);
  return getDashboard(ctx, id);
}

export async function deleteDashboard(ctx: RequestContext, id: string): Promise<void> {
  const d = await getDashboard(ctx, id);
  if (!d.mine && !ctx.user.isAdmin) throw new AppError('FORBIDDEN', 'Only its owner may change this dashboard');
  await sql`delete from dashboards where id = ${id}`.execute(ctx.db);
}
