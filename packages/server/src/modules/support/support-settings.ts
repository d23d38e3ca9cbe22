/**
 * Support settings (settings key `support`): how many hours a first answer may take, by ticket priority.
 * `GET /settings/support` for everyone, `PUT` for administrators (audited).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { requireAdmin } from '../../engine/access/permissions.js';
import { dataOf, doc, obj, num } from '../../engine/http/openapi/schema.js';
import { auditAdmin } from '../../admin/admin-audit.js';
import { inTransaction, type DB, type Tx } from '../../platform/db.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export interface SupportSettings { response_hours: Record<(typeof PRIORITIES)[number], number> }

export const DEFAULT_SUPPORT: SupportSettings = { response_hours: { low: 72, normal: 24, high: 8, urgent: 2 } };
const SETTINGS_ID = '00000000-0000-0000-0000-000000000017';
const SCHEMA = obj({ response_hours: obj(Object.fromEntries(PRIORITIES.map((p) => [p, num({ minimum: 0.25, maximum: 8760 })]))) });

export async function readSupportSettings(db: DB | Tx): Promise<SupportSettings> {
  const r = await sql<{ value: Partial<SupportSettings> }>`select value from settings where key = 'support'`.execute(db);
  return { response_hours: { ...DEFAULT_SUPPORT.response_hours, ...(r.rows[0]?.value.response_hours ?? {}) } };
}

function validate(body: unknown): SupportSettings['response_hours'] {
  const hours = (body as { response_hours?: unknown } | null)?.response_hours;
  if (!hours || typeof hours !== 'object' || Array.isArray(hours)) throw new AppError('VALIDATION_FAILED', 'Invalid support settings', { response_hours: 'must be an object of hours by priority' });
  const errors: FieldErrors = {};
  const out: Partial<SupportSettings['response_hours']> = {};
  for (const [k, v] of Object.entries(hours)) {
    if (!(PRIORITIES as readonly string[]).includes(k)) errors[`response_hours.${k}`] = 'is not a priority';
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0.25 || v > 8760) errors[`response_hours.${k}`] = 'must be a number of hours from 0.25 to 8760';
    else out[k as (typeof PRIORITIES)[number]] = v;
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid support settings', errors);
  return out as SupportSettings['response_hours'];
}

export async function supportSettingsRoutes(api: FastifyInstance): Promise<void> {
  api.get('/settings/support', doc({ tags: ['support'], summary: 'Response times by ticket priority (hours)', response: { 200: dataOf(SCHEMA) } }), async (req) => ({ data: await readSupportSettings(req.ctx.db) }));
  api.put('/settings/support', doc({ tags: ['support'], summary: 'Set the response times by ticket priority (administrators)', body: SCHEMA, response: { 200: dataOf(SCHEMA) } }), async (req) => {
    requireAdmin(req.ctx);
    const hours = validate(req.body);
    const saved = await inTransaction(req.ctx.db, async (trx) => {
      const before = await readSupportSettings(trx);
      const next: SupportSettings = { response_hours: { ...before.response_hours, ...hours } };
      await sql`insert into settings (key, value) values ('support', ${JSON.stringify(next)}::jsonb) on conflict (key) do update set value = excluded.value`.execute(trx);
      const changes = Object.fromEntries(PRIORITIES.filter((p) => before.response_hours[p] !== next.response_hours[p]).map((p) => [`response_hours.${p}`, [before.response_hours[p], next.response_hours[p]] as [unknown, unknown]]));
      await auditAdmin(trx, 'support_settings', SETTINGS_ID, req.ctx, 'update', changes);
      return next;
    });
    return { data: saved };
  });
}
