import { fieldMessage } from '@karta/shared';
import { sql } from 'kysely';
import type { RequestContext } from '../context.js';
import { can, visibilityPredicate } from '../access/permissions.js';
import type { ResolvedModule } from '../registry/registry.js';
import { readableFile } from './file-access.js';
import { validationError } from './validate-input.js';
import { translated } from '../../platform/messages/say.js';
import type { FieldErrors } from '../../platform/errors.js';
import { PLAN_FIXED_HINT } from '../../platform/plan-fixed.js';

/** Records made through the pipeline in a transaction ("user:module:id"), by transaction: nothing outlives it. */
const madeHere = new WeakMap<object, Set<string>>();
const madeKey = (ctx: RequestContext, module: string, id: string) => `${ctx.user.id}:${module}:${id}`;

/**
 * Notes a record the caller has just created in this transaction: a later write of the same transaction by the same
 * user may name it even when it went to someone the caller cannot see (a lead converted into its owner's account and
 * contact).
 */
export function noteCreated(ctx: RequestContext, module: string, id: string): void {
  if (!ctx.db.isTransaction) return;
  const set = madeHere.get(ctx.db) ?? new Set<string>();
  set.add(madeKey(ctx, module, id));
  madeHere.set(ctx.db, set);
}

/** Whether this user made the record in this transaction (noteCreated): they may go on writing it within the same write. */
export const madeInThisWrite = (ctx: RequestContext, module: string, id: string): boolean => !!madeHere.get(ctx.db)?.has(madeKey(ctx, module, id));

/**
 * References must point at live records the caller can see (an invisible one is reported exactly like a
 * missing one) or that this transaction made (noteCreated); owners at active users or groups. Fills the module
 * companion of polymorphic references.
 */
export async function checkReferences(ctx: RequestContext, m: ResolvedModule, values: Record<string, unknown>): Promise<void> {
  const [errors] = await checkReferencesMany(ctx, m, [values]);
  if (errors) throw validationError(errors, ctx.lang);
}

/**
 * The same for many value sets (an import's batch): one statement for the owners and all referenced records,
 * whatever their number. Returns each set's field errors, or null where it is fine.
 */
export async function checkReferencesMany(ctx: RequestContext, m: ResolvedModule, list: Record<string, unknown>[]): Promise<(FieldErrors | null)[]> {
  const errors: FieldErrors[] = list.map(() => ({}));
  const owners = new Set<string>();
  const wanted = new Map<string, Set<string>>(); // target module → ids
  for (const [i, values] of list.entries()) {
    for (const f of m.allFields) {
      const v = values[f.name];
      if (typeof v !== 'string') continue;
      if (f.type === 'image' || f.type === 'file') {
        // Naming a file id is not a way to reach someone else's upload.
        if (!(await readableFile(ctx, v))) errors[i][f.name] = translated(fieldMessage('not_found', ctx.lang));
      } else if (f.type === 'owner') owners.add(v);
      else if (f.type === 'reference' && f.reference) {
        // Trusted code that knows where a polymorphic reference points (a workflow's task on its deal) names the
        // module: one table to look in, not every one the field allows.
        const named = values[`${f.name}_module`];
        for (const target of f.reference.length > 1 && typeof named === 'string' && f.reference.includes(named) ? [named] : f.reference) {
          if (!wanted.has(target)) wanted.set(target, new Set());
          wanted.get(target)!.add(v);
        }
      }
    }
  }
  const hits = new Set<string>(); // "module:id", "@owner:id" (no module is named with an @)
  // What lives on a record (a comment) may name only a record of a module the writer may view.
  const hosts = new Set(m.livesOn ? m.fieldMap.get(m.livesOn)?.reference : []);
  const branches = [...wanted].filter(([target]) => ctx.registry.has(target) && !(hosts.has(target) && !can(ctx, target, 'view'))).map(([target, ids]) => {
    const vis = visibilityPredicate(ctx, target, 'read');
    // A record this user made in this write counts as seen, while it is still there (not rolled back nor deleted since).
    const made = [...ids].filter((id) => madeInThisWrite(ctx, target, id));
    const seen = vis && made.length ? sql`and (${vis} or t.id = any(${made}::uuid[]))` : vis ? sql`and ${vis}` : sql``;
    return sql`select ${target}::text as module, t.id from ${sql.table(target)} t
      where t.id = any(${[...ids]}::uuid[]) and t.deleted_at is null ${seen}`;
  });
  if (owners.size) {
    branches.push(sql`select '@owner'::text as module, id from users where id = any(${[...owners]}::uuid[]) and active
      union all select '@owner', id from groups where id = any(${[...owners]}::uuid[])`);
  }
  if (branches.length) {
    // One statement whatever the number of target modules (a polymorphic `related_to` names many) and owners. Each
    // branch finds its few rows by id, whoever asks: planned alike for any value.
    const r = await sql<{ module: string; id: string }>`${sql.raw(PLAN_FIXED_HINT)} ${sql.join(branches, sql` union all `)}`.execute(ctx.db);
    for (const x of r.rows) hits.add(`${x.module}:${x.id}`);
  }
  for (const [i, values] of list.entries()) {
    for (const f of m.allFields) {
      const v = values[f.name];
      if (f.type === 'owner' && typeof v === 'string' && !hits.has(`@owner:${v}`)) errors[i][f.name] = translated(fieldMessage('not_found', ctx.lang));
      if (f.type !== 'reference' || !f.reference) continue;
      if (typeof v === 'string') {
        const target = f.reference.find((t) => hits.has(`${t}:${v}`));
        if (!target) errors[i][f.name] = translated(fieldMessage('not_found', ctx.lang));
        else if (f.reference.length > 1) values[`${f.name}_module`] = target;
      } else if (f.reference.length > 1 && f.name in values && v === null) {
        values[`${f.name}_module`] = null;
      }
    }
  }
  return errors.map((e) => (Object.keys(e).length ? e : null));
}
