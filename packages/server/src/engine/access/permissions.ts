import { MODULE_ACTIONS, type ModuleAction } from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import type { ResolvedModule } from '../registry/registry.js';
import { msg, translated } from '../../platform/messages/say.js';

/** May the caller do `action` on `module` at all (role permissions; administrators may do anything)? */
export function can(ctx: RequestContext, module: string, action: ModuleAction): boolean {
  if (ctx.user.isAdmin) return true;
  return ctx.user.permissions[module]?.includes(action) ?? false;
}

/** Every action the caller may take in a module. */
export function allowedActions(ctx: RequestContext, module: string): ModuleAction[] {
  return MODULE_ACTIONS.filter((a) => can(ctx, module, a));
}

export function requirePermission(ctx: RequestContext, module: string, action: ModuleAction): void {
  if (!can(ctx, module, action)) {
    throw new AppError('FORBIDDEN', msg('You may not {action} {module}', { action, module }));
  }
}

export function requireAdmin(ctx: RequestContext): void {
  if (!ctx.user.isAdmin) throw new AppError('FORBIDDEN', 'Administrators only');
}

/**
 * Visibility as one SQL predicate on the module's `assigned_to` (indexed), ANDed into every read.
 * Returns null when nothing restricts the caller. `alias` is the table alias used in the query.
 * A module that lives on another record (`livesOn`) adds "and that record is readable" (an indexed lookup by id).
 */
export function visibilityPredicate(ctx: RequestContext, module: string, mode: 'read' | 'write', alias = 't', depth = 0): RawBuilder<unknown> | null {
  if (ctx.user.isAdmin) return null;
  const host = ctx.registry.has(module) ? ctx.registry.module(module) : null;
  const own = ownPredicate(ctx, module, mode, alias, host);
  if (!host?.livesOn || depth > 3) return own;
  const parent = parentPredicate(ctx, host, alias, depth);
  return own ? sql`(${own} and ${parent})` : parent;
}

function ownPredicate(ctx: RequestContext, module: string, mode: 'read' | 'write', alias: string, host: ResolvedModule | null): RawBuilder<unknown> | null {
  const level = ctx.sharing[module] ?? 'private';
  if (level === 'public_read_write') return null;
  if (level === 'public_read' && mode === 'read') return null;
  // Sharing rules only widen the owner list: the predicate stays one indexed `= any(...)`.
  const shared = ctx.user.sharedOwners?.[module]?.[mode];
  const owners = shared?.length ? [...new Set([...ctx.user.ownerIds, ...shared])] : ctx.user.ownerIds;
  const owned = sql`${sql.ref(`${alias}.assigned_to`)} = any(${owners}::uuid[])`;
  if (mode === 'write' || !host?.readers) return owned;
  // Readers named in the record read it: a user by id (an event's invitees), a role or a group (a shared report).
  // One containment per name, so the jsonb_path_ops GIN index answers each.
  const col = sql.ref(`${alias}.${host.readers}`);
  const named = readerTokens(ctx).map((token) => sql`${col} @> ${JSON.stringify([token])}::jsonb`);
  return sql`(${owned} or ${sql.join(named, sql` or `)})`;
}

/**
 * What a record's readers list may name the caller by: their id, `role:<id>`, `group:<id>`, `all` (everyone), and
 * `lang:<language>` (everyone speaking it — standard reports are shipped once per language).
 */
export function readerTokens(ctx: RequestContext): string[] {
  const u = ctx.user;
  return [u.id, 'all', `lang:${u.language}`, ...(u.roleId ? [`role:${u.roleId}`] : []), ...(u.groupIds ?? []).map((g) => `group:${g}`)];
}

/** The record named by `livesOn` exists, is live and is readable by the caller (one branch per target module); when the field is optional, naming none is fine. */
function parentPredicate(ctx: RequestContext, m: ResolvedModule, alias: string, depth: number): RawBuilder<unknown> {
  const f = m.fieldMap.get(m.livesOn!)!;
  // A host module the caller's profile may not view hides what lives on its records, whatever its sharing.
  const targets = (f.reference ?? []).filter((target) => ctx.registry.has(target) && can(ctx, target, 'view'));
  const p = `p${depth}`;
  const branches = targets.map((target) => {
    const vis = visibilityPredicate(ctx, target, 'read', p, depth + 1);
    const exists = sql`exists (select 1 from ${sql.table(target)} ${sql.raw(p)} where ${sql.ref(`${p}.id`)} = ${sql.ref(`${alias}.${f.name}`)}
      and ${sql.ref(`${p}.deleted_at`)} is null ${vis ? sql`and ${vis}` : sql``})`;
    return targets.length > 1 ? sql`(${sql.ref(`${alias}.${f.name}_module`)} = ${target} and ${exists})` : exists;
  });
  const any = branches.length ? sql`(${sql.join(branches, sql` or `)})` : sql`false`;
  // An optional host: a record that names none lives on nothing (a typical offer, not an account's).
  return f.required ? any : sql`(${sql.ref(`${alias}.${f.name}`)} is null or ${any})`;
}
