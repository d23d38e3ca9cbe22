import { isUuid, SHARING_LEVELS, type Sharing } from '@karta/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { requireAdmin } from '../engine/access/permissions.js';
import { MetaStore } from '../engine/meta-store.js';
import { inTransaction } from '../platform/db.js';
import { AppError, type FieldErrors } from '../platform/errors.js';
import { auditAdmin } from './admin-audit.js';
import { arr, dataOf, doc, int, listOf, nullable, obj, str } from '../engine/http/openapi/schema.js';
import { RECORD_LINE, SHARING_LEVEL } from '../engine/http/openapi/common.js';
import { msg, translated } from '../platform/messages/say.js';

const NUMBERING = obj({ module: str(), prefix: str(), next_number: int() }, ['module', 'prefix', 'next_number']);

const SETTINGS_ID = '00000000-0000-0000-0000-000000000000';

/** Sharing per module, module numbering, the recycle bin. */
export function settingsRoutes(meta: MetaStore) {
  return async (app: FastifyInstance) => {
    app.get('/sharing', doc({ tags: ['admin'], summary: 'The sharing level of every module', response: { 200: dataOf({ type: 'object', additionalProperties: SHARING_LEVEL }) } }), async (req) => ({ data: req.ctx.sharing }));
    app.put('/sharing', doc({ tags: ['admin'], summary: 'Set the sharing level of some modules (administrators)', body: { type: 'object', additionalProperties: SHARING_LEVEL }, response: { 200: dataOf({ type: 'object', additionalProperties: SHARING_LEVEL }) } }), async (req) => {
      requireAdmin(req.ctx);
      const body = req.body as Record<string, unknown>;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', 'The body must map modules to sharing levels');
      const errors: FieldErrors = {};
      for (const [m, level] of Object.entries(body)) {
        if (!req.ctx.registry.has(m)) errors[m] = 'is not a module';
        else if (!SHARING_LEVELS.includes(level as Sharing)) errors[m] = msg('must be one of {values}', { values: SHARING_LEVELS.join(', ') });
      }
      if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid sharing levels', errors);
      await inTransaction(req.ctx.db, async (trx) => {
        for (const [m, level] of Object.entries(body)) {
          await sql`insert into module_sharing (module, level) values (${m}, ${level as string})
            on conflict (module) do update set level = excluded.level`.execute(trx);
        }
        await auditAdmin(trx, 'sharing', SETTINGS_ID, req.ctx, 'update',
          Object.fromEntries(Object.entries(body).map(([m, l]) => [m, [req.ctx.sharing[m], l]])));
        await MetaStore.bump(trx);
      });
      meta.invalidate();
      return { data: (await meta.fresh()).sharing };
    });

    app.get('/settings/numbering', doc({ tags: ['admin'], summary: 'Record numbering of every module (administrators)', response: { 200: listOf(NUMBERING) } }), async (req) => {
      requireAdmin(req.ctx);
      const r = await sql<{ module: string; prefix: string; next_number: number }>`select module, prefix, next_number from module_numbering`.execute(req.ctx.db);
      const stored = new Map(r.rows.map((x) => [x.module, x]));
      return {
        data: req.ctx.registry.list().map((m) => ({
          module: m.name, prefix: stored.get(m.name)?.prefix ?? m.numberPrefix, next_number: Number(stored.get(m.name)?.next_number ?? 1),
        })),
      };
    });
    app.patch<{ Params: { module: string } }>('/settings/numbering/:module', doc({ tags: ['admin'], summary: 'Change the prefix or the next number (administrators)', body: obj({ prefix: str({ maxLength: 12 }), next_number: int({ minimum: 1 }) }), response: { 200: dataOf(NUMBERING) } }), async (req) => {
      requireAdmin(req.ctx);
      const m = req.ctx.registry.module(req.params.module);
      const body = (req.body ?? {}) as { prefix?: unknown; next_number?: unknown };
      const errors: FieldErrors = {};
      if (body.prefix !== undefined && (typeof body.prefix !== 'string' || !/^[\p{L}\d_-]{0,12}$/u.test(body.prefix))) errors.prefix = 'up to 12 letters, digits, _ or -';
      if (body.next_number !== undefined && (!Number.isSafeInteger(body.next_number) || (body.next_number as number) < 1)) errors.next_number = 'must be a whole number ≥ 1';
      if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid numbering', errors);
      const r = await inTransaction(req.ctx.db, async (trx) => {
        const cur = await sql<{ prefix: string; next_number: number }>`insert into module_numbering (module, prefix) values (${m.name}, ${m.numberPrefix})
          on conflict (module) do update set module = excluded.module returning prefix, next_number`.execute(trx);
        const prefix = (body.prefix as string | undefined) ?? cur.rows[0].prefix;
        const next = (body.next_number as number | undefined) ?? Number(cur.rows[0].next_number);
        const clash = await sql`select 1 from ${sql.table(m.name)} where number = ${prefix + next}`.execute(trx);
        if (clash.rows.length) throw new AppError('CONFLICT', msg('{number} is already used', { number: `${prefix}${next}` }), { next_number: 'is already used with this prefix' });
        // Not below a number already given with this prefix: counting up, creating would reach it and stop there.
        // Lengths counted by the database, in characters (a prefix may hold any letter).
        const rest = sql`substring(number from char_length(${prefix}::text) + 1)`;
        const top = await sql<{ n: string | null; above: boolean }>`select max(${rest}::numeric)::text as n, coalesce(max(${rest}::numeric) >= ${next}::numeric, false) as above
          from ${sql.table(m.name)} where left(number, char_length(${prefix}::text)) = ${prefix} and ${rest} ~ '^[0-9]{1,18}$'`.execute(trx);
        const highest = top.rows[0].n ?? '0';
        if (top.rows[0].above) {
          throw new AppError('CONFLICT', msg('{number} is already used', { number: `${prefix}${highest}` }), { next_number: msg('must be above {number}, the highest number given with this prefix', { number: `${prefix}${highest}` }) });
        }
        await sql`update module_numbering set prefix = ${prefix}, next_number = ${next} where module = ${m.name}`.execute(trx);
        await auditAdmin(trx, 'numbering', SETTINGS_ID, req.ctx, 'update', { [m.name]: [cur.rows[0], { prefix, next_number: next }] });
        return { module: m.name, prefix, next_number: next };
      });
      return { data: r };
    });

    // The recycle bin: deleted records of one module, newest deletions first (administrators), a page at a time.
    app.get<{ Querystring: { module?: string; cursor?: string; limit?: string } }>('/recycle-bin', doc({ tags: ['admin'], summary: 'Deleted records of a module, newest deletions first (administrators); `next_cursor` gives the next page',
      querystring: obj({ module: str(), cursor: str({ description: 'next_cursor of the previous page' }), limit: int({ minimum: 1, maximum: 200 }) }, ['module']),
      response: { 200: obj({ data: arr(RECORD_LINE), next_cursor: nullable(str()) }, ['data', 'next_cursor']) } }), async (req) => {
      requireAdmin(req.ctx);
      const m = req.ctx.registry.module(req.query.module ?? '');
      const limit = Math.min(200, Math.max(1, Number(req.query.limit) || 200));
      // The cursor is the last row shown: its deletion time (to the microsecond, UTC) and id.
      const [at, id] = String(req.query.cursor ?? '').split('|');
      const after = at && isUuid(id) && !Number.isNaN(Date.parse(at)) ? sql`and (t.deleted_at, t.id) < (${at}::timestamptz, ${id}::uuid)` : sql``;
      const r = await sql<Record<string, unknown>>`select t.id, t.number, ${sql.join(m.titleFields.map((f) => sql.ref(`t.${f}`)))}, t.deleted_at,
          to_char(t.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
        from ${sql.table(m.name)} t where t.deleted_at is not null ${after} order by t.deleted_at desc, t.id desc limit ${limit + 1}`.execute(req.ctx.db);
      const page = r.rows.slice(0, limit);
      const last = page.at(-1);
      return {
        data: page.map((row) => ({ id: row.id, number: row.number, label: m.titleFields.map((f) => row[f]).filter(Boolean).join(' '), deleted_at: new Date(row.deleted_at as string).toISOString() })),
        next_cursor: r.rows.length > limit && last ? `${String(last.cursor_at)}|${String(last.id)}` : null,
      };
    });
  };
}
