import type { ModuleAction } from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';

/** May the caller do `action` on `module` at all (role permissions; administrators may do anything)? */
export function can(ctx: RequestContext, module: string, action: ModuleAction): boolean {
  if (ctx.user.isAdmin) return true;
  return ctx.user.permissions[module]?.includes(action) ?? false;
}

export function requirePermission(ctx: RequestContext, module: string, action: ModuleAction): void {
  if (!can(ctx, module, action)) {
    throw new AppError('FORBIDDEN', `You may not ${action} ${module}`);
  }
}

export function requireAdmin(ctx: RequestContext): void {
  if (!ctx.user.isAdmin) throw new AppError('FORBIDDEN', 'Administrators only');
}

/**
 * Visibility as one SQL predicate on the module's `assigned_to` (indexed), ANDed into every read.
 * Returns null when nothing restricts the caller. `alias` is the table alias used in the query.
 */
export function visibilityPredicate(ctx: RequestContext, module: string, mode: 'read' | 'write', alias = 't'): RawBuilder<unknown> | null {
  if (ctx.user.isAdmin) return null;
  const level = ctx.sharing[module] ?? 'private';
  if (level === 'public_read_write') return null;
  if (level === 'public_read' && mode === 'read') return null;
  return sql`${sql.ref(`${alias}.assigned_to`)} = any(${ctx.user.ownerIds}::uuid[])`;
}
