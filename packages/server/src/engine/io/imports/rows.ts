import { sql } from 'kysely';
import { AppError } from '../../../platform/errors.js';
import { msg } from '../../../platform/messages/say.js';
import type { RequestContext } from '../../context.js';
import { visibilityPredicate } from '../../access/permissions.js';
import { keyKind, keySql, normalizeKey } from '../../dedupe/normalize.js';
import { createMany } from '../../records/create-many.js';
import { createRecord } from '../../records/create.js';
import { updateRecord } from '../../records/update.js';
import type { ResolvedModule } from '../../registry/registry.js';
import { toRecord } from '../../records/write-helpers.js';
import { CellConverter } from '../import-values.js';

export type DuplicateMode = 'create' | 'skip' | 'overwrite' | 'merge';

/** A data row as stored in a chunk: its line in the file and its cells. */
export type FileRow = [rowNo: number, cells: unknown[]];

export interface RowError { row: number; message: string; fields?: Record<string, string>; cells?: unknown[] }

export interface ChunkResult {
  created: number; updated: number; skipped: number; failed: number;
  errors: RowError[];
  /** For undo: what each written record was before the import (null for created ones) and after. */
  written: { recordId: string; rowNo: number; action: 'created' | 'updated'; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
}

export interface ImportPlan {
  module: ResolvedModule;
  columns: (string | null)[];
  mode: DuplicateMode;
  matchOn: string[];
}

const SEP = '\u001f';

/**
 * One chunk of an import, inside the job's transaction: cells → values, duplicates looked up in one
 * statement, new records created set-based through the pipeline (createMany), matched ones updated one by
 * one. Each row is all or nothing: a savepoint wraps every write, so a bad row is reported with its reason
 * and leaves nothing behind.
 */
/** The database's refusal of a row, said as the API says it where it can be (a unique value, a bad value), else quoted. */
export function databaseRefusal(err: unknown): AppError {
  const code = (err as { code?: string }).code;
  if (code === '23505') return new AppError('CONFLICT', msg('A record with this value already exists'));
  if (code && /^22/.test(code)) return new AppError('VALIDATION_FAILED', msg('A value is out of range or malformed'));
  return new AppError('VALIDATION_FAILED', msg('The database refused this row: {reason}', { reason: String((err as Error).message ?? err).slice(0, 200) }));
}

export async function importChunk(ctx: RequestContext, plan: ImportPlan, rows: FileRow[], converter: CellConverter): Promise<ChunkResult> {
  const m = plan.module;
  const result: ChunkResult = { created: 0, updated: 0, skipped: 0, failed: 0, errors: [], written: [] };
  const fail = (rowNo: number, cells: unknown[], err: unknown) => {
    result.failed++;
    const rendered = err instanceof AppError ? err.render(ctx.lang) : { message: databaseRefusal(err).render(ctx.lang).message };
    result.errors.push({ row: rowNo, ...rendered, cells });
  };

  const prepared: { rowNo: number; cells: unknown[]; values: Record<string, unknown>; key: string | null }[] = [];
  for (const [rowNo, cells] of rows) {
    const values: Record<string, unknown> = {};
    for (const [c, field] of plan.columns.entries()) {
      if (!field) continue;
      // A field mapped when the import started but hidden from its user since: its values are not written.
      const f = m.fieldMap.get(field);
      if (f) values[field] = await converter.value(f, cells[c]);
    }
    // Nothing in the mapped columns: nothing to write, counted as skipped (so the counts add up to the rows).
    if (Object.values(values).every((v) => v === null)) { result.skipped++; continue; }
    prepared.push({ rowNo, cells, values, key: plan.mode === 'create' ? null : duplicateKey(plan, values) });
  }

  const existing = plan.mode === 'create' ? new Map<string, Record<string, unknown>>() : await findExisting(ctx, plan, prepared.flatMap((p) => (p.key ? [p.key] : [])));
  // A key seen earlier in this chunk: the later row is a duplicate of what the earlier one creates.
  const firstOfKey = new Set<string>();
  const toCreate: typeof prepared = [];
  const later: typeof prepared = [];
  for (const p of prepared) {
    if (p.key && existing.has(p.key)) later.push(p);
    else if (p.key && firstOfKey.has(p.key)) later.push(p);
    else {
      if (p.key) firstOfKey.add(p.key);
      toCreate.push(p);
    }
  }

  const createAll = async (rows: typeof prepared) => {
    const created = await createRows(ctx, m, rows.map((p) => p.values), (i, err) => fail(rows[i].rowNo, rows[i].cells, err));
    for (const [i, record] of created.entries()) {
      if (!record) continue;
      const p = rows[i];
      result.created++;
      result.written.push({ recordId: record.id as string, rowNo: p.rowNo, action: 'created', before: null, after: null });
      if (p.key) existing.set(p.key, record);
    }
  };
  await createAll(toCreate);

  for (const p of later) {
    const match = existing.get(p.key!);
    // The first row of this key failed: this one is the first that can make the record.
    if (!match) { await createAll([p]); continue; }
    if (plan.mode === 'skip') { result.skipped++; continue; }
    const changes = plan.mode === 'overwrite' ? present(p.values) : onlyEmpty(match, p.values);
    const changed = Object.keys(changes).filter((k) => JSON.stringify(match[k] ?? null) !== JSON.stringify(changes[k]));
    if (!changed.length) { result.skipped++; continue; }
    try {
      const record = await inSavepoint(ctx, () => updateRecord(ctx, m.name, match.id as string, Object.fromEntries(changed.map((k) => [k, changes[k]]))));
      result.updated++;
      result.written.push({
        recordId: record.id as string, rowNo: p.rowNo, action: 'updated',
        before: Object.fromEntries(changed.map((k) => [k, match[k] ?? null])),
        after: Object.fromEntries(changed.map((k) => [k, record[k] ?? null])),
      });
      existing.set(p.key!, record);
    } catch (err) {
      fail(p.rowNo, p.cells, err);
    }
  }
  return result;
}

/**
 * All rows in one set-based write when it goes through; when the database refuses the batch (a constraint
 * one row breaks), each row again on its own so only that row fails.
 */
async function createRows(ctx: RequestContext, m: ResolvedModule, bodies: Record<string, unknown>[], fail: (i: number, err: unknown) => void): Promise<(Record<string, unknown> | null)[]> {
  if (!bodies.length) return [];
  const out: (Record<string, unknown> | null)[] = bodies.map(() => null);
  try {
    const outcomes = await inSavepoint(ctx, () => createMany(ctx, m.name, bodies.map(present), { source: 'import' }));
    for (const [i, o] of outcomes.entries()) {
      if (o.ok) out[i] = o.record;
      else fail(i, o.error);
    }
    return out;
  } catch (err) {
    if (err instanceof AppError && err.code === 'FORBIDDEN') throw err;
  }
  for (const [i, body] of bodies.entries()) {
    try {
      out[i] = await inSavepoint(ctx, () => createRecord(ctx, m.name, present(body)));
    } catch (err) {
      fail(i, err);
    }
  }
  return out;
}

let savepoints = 0;
/**
 * Runs fn so that its failure undoes only its own writes (and forgets the events it raised), not the
 * transaction around it.
 */
export async function inSavepoint<T>(ctx: RequestContext, fn: () => Promise<T>): Promise<T> {
  const name = sql.id(`karta_sp_${++savepoints % 1_000_000}`);
  const raised = ctx.pendingEvents?.length ?? 0;
  await sql`savepoint ${name}`.execute(ctx.db);
  try {
    const result = await fn();
    await sql`release savepoint ${name}`.execute(ctx.db);
    return result;
  } catch (err) {
    await sql`rollback to savepoint ${name}`.execute(ctx.db);
    if (ctx.pendingEvents) ctx.pendingEvents.length = raised;
    throw err;
  }
}

/** Cells left empty say nothing: they neither clear a field nor count as a value. */
const present = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && !(Array.isArray(x) && !x.length)));

function onlyEmpty(existing: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(present(values)).filter(([k]) => {
    const had = existing[k];
    return had === null || had === undefined || had === '' || (Array.isArray(had) && !had.length);
  }));
}

/** The row's duplicate key over the match fields; null when one of them is empty (nothing to match on). */
function duplicateKey(plan: ImportPlan, values: Record<string, unknown>): string | null {
  const parts = plan.matchOn.map((name) => normalizeKey(keyKind(plan.module.fieldMap.get(name)!), values[name]));
  return parts.some((p) => !p) ? null : parts.join(SEP);
}

/** Stored records (visible to the importer) with any of the keys, one statement; the oldest wins a key. */
async function findExisting(ctx: RequestContext, plan: ImportPlan, keys: string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!keys.length) return out;
  const m = plan.module;
  const vis = visibilityPredicate(ctx, m.name, 'read');
  const parts = plan.matchOn.map((name) => keySql(keyKind(m.fieldMap.get(name)!), sql.ref(`t.${name}`)));
  const key = parts.length === 1 ? parts[0] : sql`concat_ws(${SEP}, ${sql.join(parts)})`;
  const r = await sql<Record<string, unknown>>`select * from (select t.*, ${key} as karta_key from ${sql.table(m.name)} t
    where t.deleted_at is null ${vis ? sql`and ${vis}` : sql``}) x where x.karta_key = any(${[...new Set(keys)]}::text[]) order by x.id`.execute(ctx.db);
  for (const row of r.rows) {
    const k = row.karta_key as string;
    delete row.karta_key;
    if (!out.has(k)) out.set(k, rowToValues(m, row));
  }
  return out;
}

const rowToValues = (m: ResolvedModule, row: Record<string, unknown>): Record<string, unknown> => ({ ...toRecord(m, row), id: row.id });
