/**
 * Reports over one related module's records: on accounts, a path `deals.amount` makes each deal of an account a row
 * beside it (accounts with the sums of their deals). The first part names a module with a reference back to the
 * report's module — the one named after it (a deal's `account_id`, not its winning competitor) or, where none is,
 * named after a colon (`events:related_to`). Each account stays once without deals; the
 * related records are joined with their own visibility, so a rep's totals count only the deals they may see.
 */
import { pickText, type Where } from '@karta/shared';
import { sql, type RawBuilder } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { compileWhere } from '../../engine/query/filter-sql.js';
import type { ResolvedModule } from '../../engine/registry/registry.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import { badReport } from './report-errors.js';

/** The alias of the related records beside the report's record `t`. */
export const RELATED_ALIAS = 'rel';

export interface RelatedModule {
  /** `deals:account_id`: the module and its reference back. */
  key: string;
  module: ResolvedModule;
  via: string;
  label: string;
}

/** The related module a path's first part names, or null when it names no module (it is then a field path). */
export function relatedModule(ctx: RequestContext, root: ResolvedModule, part: string, at: string): RelatedModule | null {
  const [name, via, extra] = part.split(':');
  if (extra !== undefined || !ctx.registry.has(name)) return null;
  const module = ctx.registry.module(name);
  let back = module.allFields.filter((f) => f.type === 'reference' && !f.hidden && f.reference?.includes(root.name) && (via === undefined || f.name === via));
  // Several ways back (a deal's account and its winning competitor): the one named after the module is meant.
  const usual = `${root.name.replace(/s$/, '')}_id`;
  if (back.length > 1 && back.some((f) => f.name === usual)) back = back.filter((f) => f.name === usual);
  if (back.length === 0) throw badReport(at, msg('{module} has no field that refers to {root}', { module: name, root: root.name }));
  if (back.length > 1) throw badReport(at, msg('{module} refers to {root} by more than one field: name one, as {example}', { module: name, root: root.name, example: `${name}:${back[0].name}` }));
  if (!ctx.user.isAdmin && !(ctx.user.permissions[name] ?? []).includes('view')) throw new AppError('FORBIDDEN', msg('You may not view {module}', { module: name }));
  // Named after a colon, the way back is part of the label ("Events (Related to)"), as the builder shows it.
  const label = via === undefined ? pickText(module.label.many, ctx.lang) : `${pickText(module.label.many, ctx.lang)} (${pickText(back[0].label, ctx.lang)})`;
  return { key: `${name}:${back[0].name}`, module, via: back[0].name, label };
}

/** `related_where` in SQL over the related records, checked like any filter. */
export function compileRelatedWhere(ctx: RequestContext, rel: RelatedModule, where: Where): RawBuilder<unknown> | null {
  return compileWhere(rel.module, where, ctx.lang, RELATED_ALIAS, ctx.user.timeZone);
}

/** The related records of each row that the caller may see (and that `related_where` keeps); none: one empty row. */
export function relatedJoin(ctx: RequestContext, rel: RelatedModule, filter: RawBuilder<unknown> | null): RawBuilder<unknown> {
  const vis = visibilityPredicate(ctx, rel.module.name, 'read', RELATED_ALIAS);
  const conds = [sql`${sql.ref(`${RELATED_ALIAS}.${rel.via}`)} = t.id`, sql`${sql.ref(`${RELATED_ALIAS}.deleted_at`)} is null`, ...(vis ? [vis] : []), ...(filter ? [filter] : [])];
  return sql`left join ${sql.table(rel.module.name)} ${sql.raw(RELATED_ALIAS)} on ${sql.join(conds, sql` and `)}`;
}
