import { LANGUAGES } from '@karta/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { requireAdmin } from '../engine/access/permissions.js';
import { diff } from '../engine/audit/audit.js';
import { AppError } from '../platform/errors.js';
import { inTransaction } from '../platform/db.js';
import { hashPassword, verifyPassword } from '../platform/auth/passwords.js';
import { passwordProblem } from '../platform/auth/password-policy.js';
import { logSignIn, origin } from '../platform/auth/login-audit.js';
import { sha256 } from '../platform/auth/tokens.js';
import { canonicalTimeZone, isTimeZone, TIME_ZONE_CHANGED } from '../platform/time-zone.js';
import { accessKeyOf, renewAccessKey } from './access-key.js';
import { endWebserviceSessions, signOutEverywhere } from '../platform/auth/sessions.js';
import { auditAdmin } from './admin-audit.js';
import { parseBody } from './parse-body.js';
import { USER_COLUMNS, userJson } from './user-json.js';
import { bool, dataOf, doc, listOf, nullable, obj, str, uuid } from '../engine/http/openapi/schema.js';
import { USER } from '../engine/http/openapi/common.js';

const USER_INPUT = obj({ username: str(), password: str({ writeOnly: true }), current_password: str({ writeOnly: true, description: 'your current password, when you change your own' }), first_name: nullable(str()), last_name: nullable(str()), email: nullable(str()), role_id: nullable(uuid()), is_admin: bool(), language: str({ enum: ['en', 'ru', 'uk', 'zh'] }), active: bool(), time_zone: nullable(str()), email_notifications: bool() });

const userSchema = z.object({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9._@-]{2,64}$/, 'letters, digits and . _ @ - (2–64)'),
  password: z.string().min(10, 'at least 10 characters').max(200),
  first_name: z.string().max(100).nullable(),
  last_name: z.string().max(100).nullable(),
  email: z.string().email('must be a valid e-mail address').nullable(),
  role_id: z.string().uuid().nullable(),
  is_admin: z.boolean(),
  language: z.enum(LANGUAGES),
  email_notifications: z.boolean(),
  active: z.boolean(),
  // The zone the user reads days in (calendar, reports' days and months, scheduled sends); empty or null: the company's.
  time_zone: z.string().trim().refine((z) => !z || isTimeZone(z), 'must be a time zone such as Europe/Moscow').transform((z) => (z ? canonicalTimeZone(z) : null)).nullable(),
}).strict();

const SELF_SERVICE = ['language', 'password', 'email_notifications', 'time_zone'];

/** Users (administrators manage; everyone may list them to pick an owner). */
export async function usersRoutes(app: FastifyInstance): Promise<void> {
  app.get('/users', doc({ tags: ['admin'], summary: 'Users: every field for administrators, names for everyone else', response: { 200: listOf(obj({ id: uuid(), username: str(), first_name: nullable(str()), last_name: nullable(str()), active: bool() }, ['id', 'username'])) } }), async (req) => {
    const r = await sql<Record<string, unknown>>`select ${sql.raw(USER_COLUMNS)} from users order by username`.execute(req.ctx.db);
    const full = req.ctx.user.isAdmin;
    return { data: r.rows.map((u) => (full ? userJson(u) : { id: u.id, username: u.username, first_name: u.first_name, last_name: u.last_name, active: u.active })) };
  });
  app.get<{ Params: { id: string } }>('/users/:id', doc({ tags: ['admin'], summary: 'One user (administrators, or the user themself), with the vTiger webservice access key', response: { 200: dataOf(USER) } }), async (req) => {
    if (req.params.id !== req.ctx.user.id) requireAdmin(req.ctx);
    const user = await loadUser(req.ctx.db, req.params.id);
    return { data: { ...userJson(user), access_key: await accessKeyOf(req.ctx.db, user.id as string) } };
  });
  app.post<{ Params: { id: string } }>('/users/:id/access_key', doc({ tags: ['admin'], summary: 'A new vTiger webservice access key (the old one stops working)', response: { 200: dataOf(obj({ access_key: str() }, ['access_key'])) } }), async (req) => {
    if (req.params.id !== req.ctx.user.id) requireAdmin(req.ctx);
    const user = await loadUser(req.ctx.db, req.params.id);
    const key = await inTransaction(req.ctx.db, async (trx) => {
      await auditAdmin(trx, 'users', user.id as string, req.ctx, 'update', { access_key: ['***', '***'] });
      // Whoever logged in with the old key is out too.
      await endWebserviceSessions(trx, user.id as string);
      return renewAccessKey(trx, user.id as string);
    });
    return { data: { access_key: key } };
  });
  app.post('/users', doc({ tags: ['admin'], summary: 'Create a user (administrators)', body: USER_INPUT, response: { 201: dataOf(USER) } }), async (req, reply) => {
    requireAdmin(req.ctx);
    const input = parseBody(userSchema.partial({ first_name: true, last_name: true, email: true, role_id: true, is_admin: true, language: true, email_notifications: true, active: true, time_zone: true }), req.body);
    checkPassword(input.password, input.username);
    const id = uuidv7();
    await inTransaction(req.ctx.db, async (trx) => {
      await checkRole(trx, input.role_id);
      await checkUsernameFree(trx, input.username);
      await sql`insert into users (id, username, password_hash, first_name, last_name, email, role_id, is_admin, language, email_notifications, active, time_zone)
        values (${id}, ${input.username}, ${await hashPassword(input.password)}, ${input.first_name ?? null}, ${input.last_name ?? null},
          ${input.email ?? null}, ${input.role_id ?? null}, ${input.is_admin ?? false}, ${input.language ?? 'en'}, ${input.email_notifications ?? false}, ${input.active ?? true}, ${input.time_zone ?? null})`.execute(trx);
      const { password: _p, ...logged } = input;
      await auditAdmin(trx, 'users', id, req.ctx, 'create', diff({}, logged));
    });
    reply.code(201);
    return { data: userJson(await loadUser(req.ctx.db, id)) };
  });
  app.patch<{ Params: { id: string } }>('/users/:id', doc({ tags: ['admin'], summary: 'Change a user (administrators; a user may change their own language and settings)', body: USER_INPUT, response: { 200: dataOf(USER) } }), async (req) => {
    const self = req.params.id === req.ctx.user.id;
    const { current_password: current, ...body } = (req.body ?? {}) as Record<string, unknown>;
    const input = parseBody(userSchema.partial(), body);
    // One's own new password needs the current one: a session left open must not be enough to take the account over.
    if (self && input.password) await checkCurrentPassword(req.ctx.db, req.ctx.user.id, current);
    // Anyone may change their own language, time zone, password and e-mail copies; everything else is for administrators.
    if (!req.ctx.user.isAdmin && (!self || Object.keys(input).some((k) => !SELF_SERVICE.includes(k)))) requireAdmin(req.ctx);
    if (self && (input.is_admin === false || input.active === false)) throw new AppError('VALIDATION_FAILED', 'You cannot remove your own administrator rights or deactivate yourself', { is_admin: 'cannot change your own' });
    const zoneChanged = await inTransaction(req.ctx.db, async (trx) => {
      const before = await loadUser(trx, req.params.id);
      if (input.password) checkPassword(input.password, String(input.username ?? before.username));
      await checkRole(trx, input.role_id);
      if (input.username !== undefined) await checkUsernameFree(trx, input.username, req.params.id);
      if ((input.is_admin === false || input.active === false) && before.is_admin && before.active) await keepAnAdministrator(trx, req.params.id);
      const { password, ...rest } = input;
      const changes = diff(before, rest);
      const sets = Object.keys(rest).map((k) => sql`${sql.id(k)} = ${(rest as any)[k]}`);
      if (password) sets.push(sql`password_hash = ${await hashPassword(password)}`);
      if (!sets.length) return false;
      await sql`update users set ${sql.join(sets)}, updated_at = now() where id = ${req.params.id}`.execute(trx);
      // Moved into a role that requires two-factor sign-in: held to setting it up, in the sessions they have too.
      // Moved out of such a role: free again (as when the role itself stops requiring it).
      if (input.role_id !== undefined && input.role_id !== before.role_id) {
        await sql`update sessions set enroll_only = (exists (select 1 from roles where id = ${input.role_id}::uuid and require_2fa)
          and exists (select 1 from users where id = ${req.params.id} and totp_enabled_at is null)) where user_id = ${req.params.id}`.execute(trx);
      }
      if (password) {
        changes.password = ['***', '***'];
        // A new password signs the user out everywhere else (whoever knew the old one is out).
        const keep = self && req.sessionToken ? sha256(req.sessionToken) : '';
        await sql`update users set password_changed_at = now() where id = ${req.params.id}`.execute(trx);
        await signOutEverywhere(trx, req.params.id, keep);
        // So do the API tokens and the webservice access key, which whoever held the account may have taken; a new key
        // is made when the user next opens their page.
        const tokens = await sql`update api_tokens set revoked_at = now() where user_id = ${req.params.id} and revoked_at is null returning id`.execute(trx);
        await sql`update users set access_key = null where id = ${req.params.id}`.execute(trx);
        await logSignIn(trx, { event: 'password_changed', userId: req.params.id, username: String(before.username), ...origin(req), detail: { by: req.ctx.user.username, tokens_revoked: tokens.rows.length } });
      }
      // Deactivated: signed out at once, and their API tokens stop working with them.
      if (input.active === false) {
        await signOutEverywhere(trx, req.params.id); // not revived by reactivation
      }
      await auditAdmin(trx, 'users', req.params.id, req.ctx, 'update', changes);
      return 'time_zone' in changes;
    });
    if (zoneChanged) await req.ctx.events.emit(TIME_ZONE_CHANGED, { userId: req.params.id });
    return { data: userJson(await loadUser(req.ctx.db, req.params.id)) };
  });
}

async function checkCurrentPassword(db: any, userId: string, given: unknown): Promise<void> {
  const r = await sql<{ password_hash: string }>`select password_hash from users where id = ${userId}`.execute(db);
  if (typeof given !== 'string' || !given || !(await verifyPassword(r.rows[0].password_hash, given))) {
    throw new AppError('VALIDATION_FAILED', 'Wrong password', { current_password: 'is not right' });
  }
}

/** The password policy: long enough, not a common password, not the username. */
function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (!problem) return;
  const why = { too_short: 'at least 10 characters', too_common: 'is one of the most common passwords; choose another', is_username: 'must not be the username' } as const;
  throw new AppError('VALIDATION_FAILED', 'Choose a stronger password', { password: why[problem] });
}

async function loadUser(db: any, id: string): Promise<Record<string, unknown>> {
  const r = await sql<Record<string, unknown>>`select ${sql.raw(USER_COLUMNS)} from users where id::text = ${id}`.execute(db);
  if (!r.rows[0]) throw new AppError('NOT_FOUND', 'No such user');
  return r.rows[0];
}

async function checkRole(db: any, roleId: string | null | undefined): Promise<void> {
  if (!roleId) return;
  const r = await sql`select 1 from roles where id = ${roleId}`.execute(db);
  if (!r.rows.length) throw new AppError('VALIDATION_FAILED', 'No such role', { role_id: 'refers to a role that does not exist' });
}

async function checkUsernameFree(db: any, username: string, except?: string): Promise<void> {
  const r = await sql`select 1 from users where lower(username) = ${username} ${except ? sql`and id::text <> ${except.toLowerCase()}` : sql``}`.execute(db);
  if (r.rows.length) throw new AppError('CONFLICT', 'This username is taken', { username: 'is taken' });
}

/**
 * Someone must stay able to administer Karta. The administrators' rows are locked, so two of them removing each other
 * at the same moment cannot both pass.
 */
export async function keepAnAdministrator(db: any, id: string): Promise<void> {
  const r = await sql<{ id: string }>`select id::text from users where is_admin and active order by id for update`.execute(db);
  if (!r.rows.some((u) => u.id !== id.toLowerCase())) {
    throw new AppError('VALIDATION_FAILED', 'At least one active administrator must remain', { is_admin: 'is the last active administrator' });
  }
}
