import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { RequestContext } from '../context.js';
import type { ResolvedModule } from '../registry/registry.js';
import { fullModule } from '../access/field-view.js';
import { requirePermission } from '../access/permissions.js';
import { auditInsert, createdChanges } from '../audit/audit.js';
import type { WriteChange } from '../registry/behaviour.js';
import { nextNumber } from '../numbering/numbering.js';
import { buildSearchText } from '../query/search-text.js';
import { checkReferences, noteCreated } from './check-refs.js';
import type { RecordJson } from './serialize.js';
import { validateInput } from './validate-input.js';
import { dbAssignments, raise, runWrite, toRecord } from './write-helpers.js';

/**
 * What a migration keeps of a record's past: its number in the old system (ACC12) and when it was made.
 * Only the migration passes these; the number must be free (the unique index says so otherwise).
 */
export interface CreateOptions {
  number?: string; createdAt?: string;
  /**
   * Read-only fields trusted code sets itself (a standard report's key), and the module of a polymorphic reference it
   * knows (checked all the same); never taken from a request body.
   */
  systemValues?: Record<string, unknown>;
}

/** The number a record brings itself (a module numbered by one of its fields, `numberFrom`), else null. */
export function givenNumber(m: ResolvedModule, values: Record<string, unknown>): string | null {
  return m.numberFrom && typeof values[m.numberFrom] === 'string' && values[m.numberFrom] ? String(values[m.numberFrom]) : null;
}

/** The module column beside a polymorphic reference (`related_to_module`), which trusted code may set as a hint. */
function isCompanion(m: ResolvedModule, key: string): boolean {
  const f = key.endsWith('_module') ? m.fieldMap.get(key.slice(0, -7)) : undefined;
  return !!f && f.type === 'reference' && (f.reference?.length ?? 0) > 1;
}

/**
 * Create — the one path every new record takes (REST, import, conversion, workflows):
 * permission → validation → references → transaction { beforeWrite → insert → audit → afterWrite } → events.
 */
export async function createRecord(ctx: RequestContext, moduleName: string, body: unknown, opts: CreateOptions = {}): Promise<RecordJson> {
  // What the caller may give and get back is their view of the module; what is stored and told to others, all of it.
  const view = ctx.registry.module(moduleName);
  const m = fullModule(ctx.registry, moduleName);
  requirePermission(ctx, m.name, 'create');
  const values = validateInput(view, body, ctx.lang, 'create', m, ctx.user.timeZone);
  if (!values.assigned_to) values.assigned_to = ctx.user.id;
  for (const [k, v] of Object.entries(opts.systemValues ?? {})) if (m.fieldMap.has(k) || isCompanion(m, k)) values[k] = v;
  return runWrite(ctx, async (tctx) => {
    await checkReferences(tctx, m, values);
    const id = uuidv7();
    const change: WriteChange = { module: m.name, id, action: 'create', values };
    await m.behaviour.beforeWrite?.(tctx, change);
    const number = opts.number ?? givenNumber(m, values) ?? await nextNumber(tctx.db, m);
    const searchText = buildSearchText(m, { ...values, number });
    const pairs = dbAssignments(m, values);
    const kept = opts.createdAt ? [[sql.id('created_at'), sql`${opts.createdAt}::timestamptz`]] as const : [];
    const cols = [sql.id('id'), sql.id('number'), sql.id('created_by'), sql.id('search_text'), ...kept.map(([c]) => c), ...pairs.map(([k]) => sql.id(k))];
    const vals = [...[id, number, tctx.user.id, searchText].map((v) => sql`${v}`), ...kept.map(([, v]) => v), ...pairs.map(([, v]) => sql`${v}`)];
    // The row and its audit in one statement.
    const audit = auditInsert({ module: m.name, recordId: id, userId: tctx.user.id, action: 'create', changes: createdChanges(m.fieldMap, values) });
    const r = await sql<Record<string, unknown>>`with created as (insert into ${sql.table(m.name)} (${sql.join(cols)})
      values (${sql.join(vals)}) returning *), audited as (${audit}) select * from created`.execute(tctx.db);
    const record = toRecord(m, r.rows[0]);
    noteCreated(tctx, m.name, id);
    await m.behaviour.afterWrite?.(tctx, change, record);
    raise(tctx, `${m.name}.created`, { module: m.name, id, record, userId: tctx.user.id });
    return view === m ? record : toRecord(view, r.rows[0]);
  });
}
