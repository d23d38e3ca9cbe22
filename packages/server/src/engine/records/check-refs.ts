import { fieldMessage } from '@karta/shared';
import { sql } from 'kysely';
import type { RequestContext } from '../context.js';
import { visibilityPredicate } from '../access/permissions.js';
import type { ResolvedModule } from '../registry/registry.js';
import { readableFile } from './file-access.js';
import { validationError } from './validate-input.js';
import { translated } from '../../platform/messages/say.js';
import type { FieldErrors } from '../../platform/errors.js';

/**
 * References must point at live records the caller can see (an invisible one is reported exactly like a
 * missing one); owners at active users or groups. Fills the module companion of polymorphic references.
 * One statement for all referenced modules.
 */
export async function checkReferences(ctx: RequestContext, m: ResolvedModule, values: Record<string, unknown>): Promise<void> {
  const errors: FieldErrors = {};
  const wanted = new Map<string, { field: string; id: string }[]>();
  for (const f of m.allFields) {
    const v = values[f.name];
    if (typeof v !== 'string') continue;
    if ((f.type === 'image' || f.type === 'file') && !(await readableFile(ctx, v))) {
      // Naming a file id is not a way to reach someone else's upload.
      errors[f.name] = translated(fieldMessage('not_found', ctx.lang));
    } else if (f.type === 'owner') {
      const r = await sql`select 1 from users where id = ${v} and active union all select 1 from groups where id = ${v}`.execute(ctx.db);
      if (!r.rows.length) errors[f.name] = translated(fieldMessage('not_found', ctx.lang));
    } else if (f.type === 'reference' && f.reference) {
      for (const target of f.reference) {
        if (!wanted.has(target)) wanted.set(target, []);
        wanted.get(target)!.push({ field: f.name, id: v });
      }
    }
  }
  const found = new Map<string, string>(); // field → module
  const branches = [...wanted].filter(([target]) => ctx.registry.has(target)).map(([target, items]) => {
    const vis = visibilityPredicate(ctx, target, 'read');
    return sql`select ${target}::text as module, t.id from ${sql.table(target)} t
      where t.id = any(${items.map((i) => i.id)}::uuid[]) and t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`;
  });
  if (branches.length) {
    // One statement whatever the number of target modules (a polymorphic `related_to` names many).
    const r = await sql<{ module: string; id: string }>`${sql.join(branches, sql` union all `)}`.execute(ctx.db);
    const hits = new Set(r.rows.map((x) => `${x.module}:${x.id}`));
    for (const [target, items] of wanted) for (const i of items) if (hits.has(`${target}:${i.id}`)) found.set(i.field, target);
  }
  for (const f of m.allFields) {
    if (f.type !== 'reference' || typeof values[f.name] !== 'string' || !f.reference) continue;
    const target = found.get(f.name);
    if (!target) errors[f.name] = translated(fieldMessage('not_found', ctx.lang));
    else if (f.reference.length > 1) values[`${f.name}_module`] = target;
  }
  for (const f of m.allFields) {
    if (f.type === 'reference' && f.reference && f.reference.length > 1 && f.name in values && values[f.name] === null) {
      values[`${f.name}_module`] = null;
    }
  }
  if (Object.keys(errors).length) throw validationError(errors, ctx.lang);
}
