import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { requirePermission } from '../access/permissions.js';
import { fullModule } from '../access/field-view.js';
import { createdChanges, writeAuditMany } from '../audit/audit.js';
import type { WriteChange } from '../registry/behaviour.js';
import { nextNumbers } from '../numbering/numbering.js';
import { givenNumber } from './create.js';
import { buildSearchText } from '../query/search-text.js';
import { checkReferencesMany, noteCreated } from './check-refs.js';
import type { ResolvedModule } from '../registry/registry.js';
import type { RecordJson } from './serialize.js';
import { validateInput, validationError } from './validate-input.js';
import { raise, runWrite, toRecord } from './write-helpers.js';

export type CreateOutcome = { ok: true; record: RecordJson } | { ok: false; error: AppError };

/**
 * Create for a batch (import): the same steps as createRecord — permission, validation, references, hooks,
 * numbering, audit, events — with the database work set-based: one statement each for the references, the
 * numbers, the rows and their audit. A row that fails validation or a hook is reported and the rest go on;
 * a database error fails the batch (the caller retries its rows one by one to find the culprit).
 */
export async function createMany(ctx: RequestContext, moduleName: string, bodies: unknown[], opts: { source?: string } = {}): Promise<CreateOutcome[]> {
  const view = ctx.registry.module(moduleName);
  const m = fullModule(ctx.registry, moduleName);
  requirePermission(ctx, m.name, 'create');
  const outcomes: (CreateOutcome | null)[] = bodies.map(() => null);
  const valid: { i: number; values: Record<string, unknown> }[] = [];
  for (const [i, body] of bodies.entries()) {
    try {
      const values = validateInput(view, body, ctx.lang, 'create', m, ctx.user.timeZone);
      if (!values.assigned_to) values.assigned_to = ctx.user.id;
      valid.push({ i, values });
    } catch (err) {
      outcomes[i] = { ok: false, error: asAppError(err) };
    }
  }
  return runWrite(ctx, async (tctx) => {
    const refErrors = await checkReferencesMany(tctx, m, valid.map((v) => v.values));
    const ready: { i: number; values: Record<string, unknown>; change: WriteChange }[] = [];
    for (const [k, v] of valid.entries()) {
      if (refErrors[k]) { outcomes[v.i] = { ok: false, error: validationError(refErrors[k]!, ctx.lang) }; continue; }
      const change: WriteChange = { module: m.name, id: uuidv7(), action: 'create', values: v.values };
      try {
        await m.behaviour.beforeWrite?.(tctx, change);
        ready.push({ ...v, change });
      } catch (err) {
        outcomes[v.i] = { ok: false, error: asAppError(err) };
      }
    }
    if (ready.length) {
      const numbers = await nextNumbers(tctx.db, m, ready.length);
      const rows = ready.map((r, k) => rowJson(m, r.change.id, givenNumber(m, r.values) ?? numbers[k], tctx.user.id, r.values));
      const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      const cols = sql.join(columns.map((c) => sql.id(c)));
      const inserted = await sql<Record<string, unknown>>`insert into ${sql.table(m.name)} (${cols})
        select ${cols} from jsonb_populate_recordset(null::${sql.table(m.name)}, ${JSON.stringify(rows)}::jsonb)
        returning *`.execute(tctx.db);
      const byId = new Map(inserted.rows.map((row) => [row.id as string, row]));
      await writeAuditMany(tctx.db, ready.map((r) => ({ module: m.name, recordId: r.change.id, userId: tctx.user.id, action: 'create', changes: createdChanges(m.fieldMap, r.values) })));
      for (const r of ready) {
        // As one create does: the rest of this write may go on naming it, whoever it went to.
        noteCreated(tctx, m.name, r.change.id);
        const record = toRecord(m, byId.get(r.change.id)!);
        await m.behaviour.afterWrite?.(tctx, r.change, record);
        raise(tctx, `${m.name}.created`, { module: m.name, id: r.change.id, record, userId: tctx.user.id, source: opts.source });
        outcomes[r.i] = { ok: true, record };
      }
    }
    return outcomes as CreateOutcome[];
  });
}

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  throw err;
}

/** A row for jsonb_populate_recordset: JSON fields stay JSON (the column is jsonb), everything else as stored. */
function rowJson(m: ResolvedModule, id: string, number: string, userId: string, values: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = { id, number, created_by: userId, search_text: buildSearchText(m, { ...values, number }) };
  for (const [k, v] of Object.entries(values)) row[k] = v;
  return row;
}
