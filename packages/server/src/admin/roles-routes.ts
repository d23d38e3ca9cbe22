import { MODULE_ACTIONS } from '@karta/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { RequestContext } from '../engine/context.js';
import { requireAdmin } from '../engine/access/permissions.js';
import { diff } from '../engine/audit/audit.js';
import { inTransaction, type Tx } from '../platform/db.js';
import { AppError } from '../platform/errors.js';
import { auditAdmin } from './admin-audit.js';
import { parseBody } from './parse-body.js';
import { arr, bool, dataOf, doc, listOf, nullable, obj, str, uuid } from '../engine/http/openapi/schema.js';
import { createOwnProfile } from './profiles-routes.js';

const ROLE = obj({ id: uuid(), name: str(), parent_id: nullable(uuid()), permissions: obj({}, [], false), profile_ids: arr(uuid()), require_2fa: bool() }, ['id', 'name']);
const ROLE_INPUT = obj({ name: str(), parent_id: nullable(uuid()), permissions: { type: 'object', additionalProperties: arr(str({ enum: [...MODULE_ACTIONS] })) }, profile_ids: arr(uuid()), require_2fa: bool() });

const roleSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  parent_id: z.string().uuid().nullable(),
  permissions: z.record(z.string(), z.array(z.enum(MODULE_ACTIONS))),
  profile_ids: z.array(z.string().uuid('must be a profile id')).max(20),
  require_2fa: z.boolean(),
}).strict();

const roleJson = (r: Record<string, unknown>) => ({ id: r.id, name: r.name, parent_id: r.parent_id ?? null, permissions: r.permissions, profile_ids: r.profile_ids ?? [], require_2fa: r.require_2fa ?? false });
const ROLE_COLUMNS = sql.raw('id, name, parent_id, permissions, profile_ids, require_2fa');

/** Roles form a tree; a role's permissions say what its users may do per module. */
export async function rolesRoutes(app: FastifyInstance): Promise<void> {
  // Names only, for everyone: sharing a report or a view with a role needs its name, not its permissions.
  app.get('/roles/names', doc({ tags: ['admin'], summary: 'Role ids and names (any user)', response: { 200: listOf(obj({ id: uuid(), name: str() }, ['id', 'name'])) } }), async (req) => {
    const r = await sql<{ id: string; name: string }>`select id, name from roles order by name`.execute(req.ctx.db);
    return { data: r.rows };
  });

  app.get('/roles', doc({ tags: ['admin'], summary: 'The role tree', response: { 200: listOf(ROLE) } }), async (req) => {
    requireAdmin(req.ctx);
    const r = await sql<Record<string, unknown>>`select ${ROLE_COLUMNS} from roles order by name`.execute(req.ctx.db);
    return { data: r.rows.map(roleJson) };
  });
  app.get<{ Params: { id: string } }>('/roles/:id', doc({ tags: ['admin'], summary: 'One role', response: { 200: dataOf(ROLE) } }), async (req) => {
    requireAdmin(req.ctx);
    return { data: roleJson(await loadRole(req.ctx.db, req.params.id)) };
  });
  app.post('/roles', doc({ tags: ['admin'], summary: 'Create a role (administrators)', body: ROLE_INPUT, response: { 201: dataOf(ROLE) } }), async (req, reply) => {
    requireAdmin(req.ctx);
    const input = parseBody(roleSchema.partial({ parent_id: true, permissions: true, profile_ids: true, require_2fa: true }), req.body);
    checkModules(req.ctx, input.permissions);
    const id = uuidv7();
    await inTransaction(req.ctx.db, async (trx) => {
      if (input.parent_id) await checkParent(trx, input.parent_id);
      await checkProfiles(trx, input.profile_ids);
      await sql`insert into roles (id, name, parent_id, permissions, require_2fa) values (${id}, ${input.name}, ${input.parent_id ?? null}, ${JSON.stringify(input.permissions ?? {})}::jsonb, ${input.require_2fa ?? false})`.execute(trx);
      await createOwnProfile(trx, id, input.name);
      if (input.profile_ids?.length) await sql`update roles set profile_ids = profile_ids || ${JSON.stringify(input.profile_ids)}::jsonb where id = ${id}`.execute(trx);
      await auditAdmin(trx, 'roles', id, req.ctx, 'create', diff({}, input));
    });
    reply.code(201);
    return { data: roleJson(await loadRole(req.ctx.db, id)) };
  });
  app.patch<{ Params: { id: string } }>('/roles/:id', doc({ tags: ['admin'], summary: 'Change a role (administrators)', body: ROLE_INPUT, response: { 200: dataOf(ROLE) } }), async (req) => {
    requireAdmin(req.ctx);
    const input = parseBody(roleSchema.partial(), req.body);
    checkModules(req.ctx, input.permissions);
    await inTransaction(req.ctx.db, async (trx) => {
      const before = await loadRole(trx, req.params.id);
      if (input.parent_id) await checkNoCycle(trx, req.params.id, input.parent_id);
      await checkProfiles(trx, input.profile_ids);
      // The role's own profile (where its permissions take effect) stays first, whatever list is sent.
      if (input.profile_ids) {
        const own = await sql<{ id: string }>`select id from profiles where role_id = ${req.params.id}`.execute(trx);
        input.profile_ids = [...own.rows.map((p) => p.id), ...input.profile_ids];
      }
      const json = (k: string, v: unknown) => JSON.stringify(k === 'profile_ids' ? [...new Set(v as string[])] : v);
      const sets = Object.entries(input).map(([k, v]) => (k === 'permissions' || k === 'profile_ids' ? sql`${sql.id(k)} = ${json(k, v)}::jsonb` : sql`${sql.id(k)} = ${v as string | boolean}`));
      if (!sets.length) return;
      await sql`update roles set ${sql.join(sets)}, updated_at = now() where id = ${req.params.id}`.execute(trx);
      // Required from now on: the role's users without it are held to setting it up, in the sessions they have too.
      if (input.require_2fa && !before.require_2fa) {
        await sql`update sessions set enroll_only = true where user_id in (select id from users where role_id = ${req.params.id} and totp_enabled_at is null)`.execute(trx);
      }
      // No longer required: the sessions held to setting it up are free again (their tokens are already, being read afresh).
      if (input.require_2fa === false && before.require_2fa) {
        await sql`update sessions set enroll_only = false where enroll_only and user_id in (select id from users where role_id = ${req.params.id})`.execute(trx);
      }
      await auditAdmin(trx, 'roles', req.params.id, req.ctx, 'update', diff(before, input));
    });
    return { data: roleJson(await loadRole(req.ctx.db, req.params.id)) };
  });
}

function checkModules(ctx: RequestContext, permissions?: Record<string, unknown>): void {
  const unknown = Object.keys(permissions ?? {}).filter((m) => !ctx.registry.has(m));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', 'Unknown modules in permissions', Object.fromEntries(unknown.map((m) => [`permissions.${m}`, 'is not a module'])));
}

async function checkProfiles(db: Tx, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const r = await sql<{ id: string }>`select id::text from profiles where id::text = any(${ids}::text[])`.execute(db);
  const known = new Set(r.rows.map((x) => x.id));
  const missing = ids.map((id, i) => [id, i] as const).filter(([id]) => !known.has(id));
  if (missing.length) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', Object.fromEntries(missing.map(([, i]) => [`profile_ids.${i}`, 'refers to a profile that does not exist'])));
}

async function loadRole(db: Tx, id: string): Promise<Record<string, unknown>> {
  const r = await sql<Record<string, unknown>>`select ${ROLE_COLUMNS} from roles where id::text = ${id}`.execute(db);
  if (!r.rows[0]) throw new AppError('NOT_FOUND', 'No such role');
  return r.rows[0];
}

/** The parent named in a role's body is a field of it: a missing one is a 400 there, not "no such role" for the role itself. */
async function checkParent(db: Tx, parentId: string): Promise<void> {
  const r = await sql`select 1 from roles where id::text = ${parentId}`.execute(db);
  if (!r.rows.length) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', { parent_id: 'refers to a role that does not exist' });
}

/**
 * A role cannot be moved below itself. Moves of roles queue on one lock, so two at once (A under B, B under A) cannot
 * each pass the check on the tree before the other's change.
 */
async function checkNoCycle(db: Tx, id: string, parentId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('karta.role_tree'))`.execute(db);
  await checkParent(db, parentId);
  const r = await sql<{ id: string }>`with recursive up(id, parent_id) as (
      select id, parent_id from roles where id = ${parentId}
      union select r.id, r.parent_id from roles r join up on r.id = up.parent_id)
    select id from up where id = ${id}`.execute(db);
  if (r.rows.length) throw new AppError('VALIDATION_FAILED', 'A role cannot be placed below itself', { parent_id: 'would make a cycle' });
}
