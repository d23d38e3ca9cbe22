import type { FastifyInstance, FastifyReply } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { sql, type RawBuilder } from 'kysely';
import { requireAdmin } from '../engine/access/permissions.js';
import { AppError } from '../platform/errors.js';
import { SIGN_IN_EVENTS } from '../platform/auth/login-audit.js';
import { dateTime, doc, int, listOf, nullable, obj, str, uuid, any } from '../engine/http/openapi/schema.js';
import { isUuid } from '@karta/shared';

/** Administrative areas whose changes the admin audit shows (the partial index audit_log_admin covers exactly these). */
export const ADMIN_AREAS = ['users', 'roles', 'groups', 'profiles', 'sharing', 'sharing_rules', 'settings', 'company', 'numbering', 'picklists',
  'custom_fields', 'mailboxes', 'support_settings', 'currency_rates', 'tax_classes', 'workflows', 'module_layouts'] as const;
const AREA_LIST = sql.raw(ADMIN_AREAS.map((a) => `'${a}'`).join(', '));

interface AuditQuery { user_id?: string; event?: string; area?: string; from?: string; to?: string; limit?: string; before?: string; format?: string }

const LOGIN_ROW = obj({ id: str(), at: dateTime(), user_id: nullable(uuid()), username: nullable(str()), event: str({ enum: SIGN_IN_EVENTS }), ip: nullable(str()), user_agent: nullable(str()), detail: any() }, ['id', 'at', 'event']);
const ADMIN_ROW = obj({ id: str(), at: dateTime(), user_id: nullable(uuid()), username: nullable(str()), area: str(), record_id: uuid(), action: str(), ip: nullable(str()), changes: any() }, ['id', 'at', 'area', 'action']);
const QUERY = { type: 'object', properties: { user_id: uuid(), from: dateTime(), to: dateTime(), limit: int(), before: str(), format: str({ enum: ['json', 'csv'] }) } };

/** Filters every audit list shares: who, since, until, older than a row id (paging), how many. */
function common(q: AuditQuery, alias: string): { conds: RawBuilder<unknown>[]; limit: number } {
  const conds: RawBuilder<unknown>[] = [];
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const errors: Record<string, 'must be an id' | 'must be a date and time' | 'must be between 1 and 5000'> = {};
  if (q.user_id) { if (isUuid(q.user_id)) conds.push(sql`${col('user_id')} = ${q.user_id}`); else errors.user_id = 'must be an id'; }
  for (const k of ['from', 'to'] as const) {
    if (!q[k]) continue;
    if (Number.isNaN(Date.parse(q[k]!))) errors[k] = 'must be a date and time';
    else conds.push(k === 'from' ? sql`${col('at')} >= ${q[k]}::timestamptz` : sql`${col('at')} < ${q[k]}::timestamptz`);
  }
  if (q.before && /^\d{1,18}$/.test(q.before)) conds.push(sql`${col('id')} < ${q.before}::int8`);
  const limit = q.limit === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) errors.limit = 'must be between 1 and 5000';
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', errors);
  return { conds, limit };
}

function send(reply: FastifyReply, q: AuditQuery, name: string, rows: Record<string, unknown>[], columns: string[]) {
  if (q.format !== 'csv') return { data: rows };
  const cells = rows.map((r) => columns.map((c) => (r[c] != null && typeof r[c] === 'object' ? JSON.stringify(r[c]) : r[c] ?? '')));
  reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`);
  return Buffer.from('\ufeff' + stringify([columns, ...cells]), 'utf8');
}

/** Who signed in (or failed to), and who changed the settings: filtered lists, newest first, JSON or CSV. */
export async function auditRoutes(f: FastifyInstance): Promise<void> {
  f.get<{ Querystring: AuditQuery }>('/audit/logins', doc({ tags: ['admin'], summary: 'Sign-ins, failures, sign-outs, tokens, passwords and two-factor changes (administrators)', querystring: { ...QUERY, properties: { ...QUERY.properties, event: str({ enum: SIGN_IN_EVENTS }) } }, response: { 200: listOf(LOGIN_ROW) } }), async (req, reply) => {
    requireAdmin(req.ctx);
    const q = req.query;
    const { conds, limit } = common(q, 'l');
    if (q.event) {
      if (!(SIGN_IN_EVENTS as string[]).includes(q.event)) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { event: 'is not a known event' });
      conds.push(sql`l.event = ${q.event}`);
    }
    const r = await sql<Record<string, unknown>>`select l.id::text, l.at, l.user_id, coalesce(u.username, l.username) as username, l.event, l.ip, l.user_agent, l.detail
      from login_audit l left join users u on u.id = l.user_id ${conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``}
      order by l.id desc limit ${limit}`.execute(req.ctx.db);
    return send(reply, q, 'sign-ins', r.rows, ['at', 'username', 'event', 'ip', 'user_agent', 'detail']);
  });
  f.get<{ Querystring: AuditQuery }>('/audit/admin', doc({ tags: ['admin'], summary: 'Changes of users, roles, profiles, sharing, settings, picklists, custom fields and workflows (administrators)', querystring: { ...QUERY, properties: { ...QUERY.properties, area: str({ enum: [...ADMIN_AREAS] }) } }, response: { 200: listOf(ADMIN_ROW) } }), async (req, reply) => {
    requireAdmin(req.ctx);
    const q = req.query;
    const { conds, limit } = common(q, 'a');
    if (q.area) {
      if (!(ADMIN_AREAS as readonly string[]).includes(q.area)) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { area: 'is not a known area' });
      conds.push(sql`a.module = ${q.area}`);
    }
    const r = await sql<Record<string, unknown>>`select a.id::text, a.at, a.user_id, u.username, a.module as area, a.record_id, a.action, a.ip, a.changes
      from audit_log a left join users u on u.id = a.user_id where a.module in (${AREA_LIST}) ${conds.length ? sql`and ${sql.join(conds, sql` and `)}` : sql``}
      order by a.at desc, a.id desc limit ${limit}`.execute(req.ctx.db);
    return send(reply, q, 'admin-changes', r.rows, ['at', 'username', 'area', 'action', 'record_id', 'ip', 'changes']);
  });
}
