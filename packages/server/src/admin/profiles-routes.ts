import { MODULE_ACTIONS } from '@karta/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { RequestContext } from '../engine/context.js';
import { requireAdmin } from '../engine/access/permissions.js';
import { ALWAYS_VISIBLE, fullRegistry } from '../engine/access/field-view.js';
import { diff } from '../engine/audit/audit.js';
import { inTransaction, type Tx } from '../platform/db.js';
import { AppError, type FieldErrors } from '../platform/errors.js';
import { auditAdmin } from './admin-audit.js';
import { parseBody } from './parse-body.js';
import { arr, dataOf, doc, listOf, nullable, obj, str, uuid } from '../engine/http/openapi/schema.js';

const PROFILE = obj({ id: uuid(), name: str(), description: nullable(str()), role_id: nullable(uuid()), modules: obj({}, [], false), fields: obj({}, [], false) }, ['id', 'name', 'modules', 'fields']);
const PROFILE_INPUT = obj({
  name: str(), description: nullable(str()),
  modules: { type: 'object', additionalProperties: arr(str({ enum: [...MODULE_ACTIONS] })) },
  fields: { type: 'object', additionalProperties: { type: 'object', additionalProperties: str({ enum: ['hidden', 'read_only', 'editable'] }) } },
});

const profileSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  description: z.string().max(1000).nullable(),
  modules: z.record(z.string(), z.array(z.enum(MODULE_ACTIONS))),
  fields: z.record(z.string(), z.record(z.string(), z.enum(['hidden', 'read_only', 'editable']))),
}).strict();


/** A role's own profile: its module rights are the role's `permissions`; its field rules are the profile's. */
export async function createOwnProfile(db: Tx, roleId: string, roleName: string): Promise<string> {
  const id = uuidv7();
  const taken = await sql`select 1 from profiles where name = ${roleName}`.execute(db);
  const name = taken.rows.length ? `${roleName} (${roleId.slice(0, 8)})` : roleName;
  await sql`insert into profiles (id, name, role_id) values (${id}, ${name}, ${roleId})`.execute(db);
  await sql`update roles set profile_ids = profile_ids || ${JSON.stringify([id])}::jsonb where id = ${roleId}`.execute(db);
  return id;
}

const profileJson = (r: Record<string, unknown>) => ({
  id: r.id, name: r.name, description: r.description ?? null, role_id: r.role_id ?? null, modules: r.modules ?? {}, fields: r.fields ?? {},
  roles: r.roles ?? [],
});

/** Profiles with their module rights (a role's own: the role's permissions) and the roles that use them. */
function selectProfiles(db: Tx, id?: string) {
  return sql<Record<string, unknown>>`select p.id, p.name, p.description, p.role_id, coalesce(owner.permissions, p.modules) as modules, p.fields,
      to_json(array(select r.id from roles r where r.profile_ids ? p.id::text order by r.name)) as roles
    from profiles p left join roles owner on owner.id = p.role_id ${id === undefined ? sql`` : sql`where p.id::text = ${id}`} order by p.name`.execute(db);
}

async function loadProfile(db: Tx, id: string): Promise<Record<string, unknown>> {
  const r = await selectProfiles(db, id);
  if (!r.rows[0]) throw new AppError('NOT_FOUND', 'No such profile');
  return r.rows[0];
}

/**
 * Field rules name real fields of real modules; "editable" is the absence of a rule. A rule on a deleted custom field
 * is kept as it was sent (a profile loaded and saved back keeps it, and it applies again if the field is restored).
 */
async function checkRules(ctx: RequestContext, input: { modules?: Record<string, unknown>; fields?: Record<string, Record<string, string>> }): Promise<Record<string, Record<string, string>> | undefined> {
  const registry = fullRegistry(ctx.registry);
  const deleted = new Set((await sql<{ key: string }>`select module || '.' || name as key from custom_fields where deleted_at is not null`.execute(ctx.db)).rows.map((r) => r.key));
  const errors: FieldErrors = {};
  for (const m of Object.keys(input.modules ?? {})) if (!registry.has(m)) errors[`modules.${m}`] = 'is not a module';
  if (!input.fields) { if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', errors); return undefined; }
  const out: Record<string, Record<string, string>> = {};
  for (const [module, rules] of Object.entries(input.fields)) {
    if (!registry.has(module)) { errors[`fields.${module}`] = 'is not a module'; continue; }
    const m = registry.module(module);
    for (const [field, rule] of Object.entries(rules)) {
      if (!m.fieldMap.has(field) && deleted.has(`${module}.${field}`) && (rule === 'hidden' || rule === 'read_only')) (out[module] ??= {})[field] = rule;
      else if (!m.fieldMap.has(field)) errors[`fields.${module}.${field}`] = 'is not a field of this module';
      else if (ALWAYS_VISIBLE.has(field) || field === m.livesOn) errors[`fields.${module}.${field}`] = 'cannot be hidden or made read-only';
      else if (rule !== 'editable') (out[module] ??= {})[field] = rule;
    }
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Some fields are not valid', errors);
  return out;
}

/** Profiles: what a role's users may do per module and see or change per field. */
export async function profilesRoutes(app: FastifyInstance): Promise<void> {
  app.get('/profiles', doc({ tags: ['admin'], summary: 'Profiles (administrators)', response: { 200: listOf(PROFILE) } }), async (req) => {
    requireAdmin(req.ctx);
    return { data: (await selectProfiles(req.ctx.db)).rows.map(profileJson) };
  });
  app.get<{ Params: { id: string } }>('/profiles/:id', doc({ tags: ['admin'], summary: 'One profile', response: { 200: dataOf(PROFILE) } }), async (req) => {
    requireAdmin(req.ctx);
    return { data: profileJson(await loadProfile(req.ctx.db, req.params.id)) };
  });
  app.post('/profiles', doc({ tags: ['admin'], summary: 'Create a profile (administrators)', body: PROFILE_INPUT, response: { 201: dataOf(PROFILE) } }), async (req, reply) => {
    requireAdmin(req.ctx);
    const input = parseBody(profileSchema.partial({ description: true, modules: true, fields: true }), req.body);
    const fields = (await checkRules(req.ctx, input)) ?? {};
    const id = uuidv7();
    await inTransaction(req.ctx.db, async (trx) => {
      await uniqueName(trx, input.name);
      await sql`insert into profiles (id, name, description, modules, fields) values (${id}, ${input.name}, ${input.description ?? null},
        ${JSON.stringify(input.modules ?? {})}::jsonb, ${JSON.stringify(fields)}::jsonb)`.execute(trx);
      await auditAdmin(trx, 'profiles', id, req.ctx, 'create', diff({}, { ...input, fields }));
    });
    reply.code(201);
    return { data: profileJson(await loadProfile(req.ctx.db, id)) };
  });
  app.patch<{ Params: { id: string } }>('/profiles/:id', doc({ tags: ['admin'], summary: 'Change a profile (administrators); a role\'s own profile keeps its module rights on the role', body: PROFILE_INPUT, response: { 200: dataOf(PROFILE) } }), async (req) => {
    requireAdmin(req.ctx);
    const input = parseBody(profileSchema.partial(), req.body);
    const fields = await checkRules(req.ctx, input);
    await inTransaction(req.ctx.db, async (trx) => {
      const before = await loadProfile(trx, req.params.id);
      if (input.name && input.name !== before.name) await uniqueName(trx, input.name);
      await sql`update profiles set name = coalesce(${input.name ?? null}, name),
          description = case when ${input.description !== undefined} then ${input.description ?? null} else description end,
          fields = coalesce(${fields ? JSON.stringify(fields) : null}::jsonb, fields),
          modules = case when role_id is null then coalesce(${input.modules ? JSON.stringify(input.modules) : null}::jsonb, modules) else modules end,
          updated_at = now() where id = ${before.id as string}`.execute(trx);
      if (input.modules && before.role_id) {
        await sql`update roles set permissions = ${JSON.stringify(input.modules)}::jsonb, updated_at = now() where id = ${before.role_id as string}`.execute(trx);
      }
      await auditAdmin(trx, 'profiles', before.id as string, req.ctx, 'update', diff(before, { ...input, ...(fields ? { fields } : {}) }));
    });
    return { data: profileJson(await loadProfile(req.ctx.db, req.params.id)) };
  });
  app.delete<{ Params: { id: string } }>('/profiles/:id', doc({ tags: ['admin'], summary: 'Delete a profile no role uses (administrators)', response: { 204: 'deleted' } }), async (req, reply) => {
    requireAdmin(req.ctx);
    await inTransaction(req.ctx.db, async (trx) => {
      const before = await loadProfile(trx, req.params.id);
      if (before.role_id) throw new AppError('CONFLICT', 'A role\'s own profile goes with its role');
      if ((before.roles as string[]).length) throw new AppError('CONFLICT', 'Roles still use this profile; take it off them first');
      await sql`delete from profiles where id = ${before.id as string}`.execute(trx);
      await auditAdmin(trx, 'profiles', before.id as string, req.ctx, 'delete', { name: [before.name, null] });
    });
    reply.code(204).send();
  });
}

async function uniqueName(db: Tx, name: string): Promise<void> {
  const r = await sql`select 1 from profiles where name = ${name}`.execute(db);
  if (r.rows.length) throw new AppError('CONFLICT', 'A profile with this name exists', { name: 'is taken' });
}
