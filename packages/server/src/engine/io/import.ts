import { LANGUAGES } from '@karta/shared';
import { sql } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { requirePermission, visibilityPredicate } from '../access/permissions.js';
import { createRecord } from '../records/create.js';
import { updateRecord } from '../records/update.js';
import type { ResolvedModule } from '../registry/registry.js';
import { cellToValue } from './import-values.js';
import { readTable } from './read-table.js';
import { msg } from '../../platform/messages/say.js';

export type DuplicateMode = 'create' | 'skip' | 'overwrite' | 'merge';

export interface ImportOptions {
  /** column header → field name; columns left out are matched by field name or label. */
  mapping?: Record<string, string>;
  duplicates?: DuplicateMode;
  /** Fields that identify a duplicate (case-insensitive for text). */
  matchOn?: string[];
}

export interface ImportReport {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: { row: number; message: string; fields?: Record<string, string> }[];
}

/** Maps headers to fields: explicit mapping first, then the field name, then a label in any language. */
function mapColumns(m: ResolvedModule, header: string[], mapping: Record<string, string> = {}): (string | null)[] {
  return header.map((h) => {
    const explicit = mapping[h];
    if (explicit !== undefined) {
      if (explicit === '' || explicit === null) return null;
      if (!m.fieldMap.has(explicit)) throw new AppError('VALIDATION_FAILED', msg('Unknown field in mapping: {field}', { field: explicit }), { mapping: msg('"{field}" is not a field', { field: explicit }) });
      return explicit;
    }
    const lower = h.toLowerCase();
    const f = m.allFields.find((x) => !x.readOnly && (x.name === lower || LANGUAGES.some((l) => x.label[l]?.toLowerCase() === lower)));
    return f?.name ?? null;
  });
}

/**
 * Imports rows through the record pipeline (validation, permissions, audit), each row in its own
 * transaction so one bad row is reported without losing the others.
 */
export async function importRecords(ctx: RequestContext, moduleName: string, file: { buffer: Buffer; filename: string }, opts: ImportOptions): Promise<ImportReport> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'import');
  requirePermission(ctx, m.name, 'create');
  const mode = opts.duplicates ?? 'create';
  if (!['create', 'skip', 'overwrite', 'merge'].includes(mode)) throw new AppError('VALIDATION_FAILED', 'Invalid import', { duplicates: msg('must be one of {values}', { values: 'create, skip, overwrite, merge' }) });
  const matchOn = opts.matchOn ?? [];
  if (mode !== 'create' && (!matchOn.length || matchOn.some((f) => !m.fieldMap.has(f)))) {
    throw new AppError('VALIDATION_FAILED', 'Invalid import', { match_on: 'must list fields of the module' });
  }
  const { header, rows } = await readTable(file.buffer, file.filename);
  const columns = mapColumns(m, header, opts.mapping);
  if (!columns.some(Boolean)) throw new AppError('VALIDATION_FAILED', 'Invalid import', { mapping: 'no column matches a field' });
  const report: ImportReport = { created: 0, updated: 0, skipped: 0, failed: 0, errors: [] };
  for (const [i, row] of rows.entries()) {
    const rowNo = i + 2; // 1-based, after the header
    try {
      const values: Record<string, unknown> = {};
      for (const [c, field] of columns.entries()) {
        if (field) values[field] = await cellToValue(ctx, m.fieldMap.get(field)!, row[c]);
      }
      if (Object.values(values).every((v) => v === null)) continue;
      const existing = mode === 'create' ? null : await findDuplicate(ctx, m, matchOn, values);
      if (!existing) {
        await createRecord(ctx, m.name, stripNulls(values));
        report.created++;
      } else if (mode === 'skip') {
        report.skipped++;
      } else {
        const changes = mode === 'overwrite' ? stripNulls(values) : onlyEmpty(existing, values);
        if (Object.keys(changes).length) await updateRecord(ctx, m.name, existing.id as string, changes);
        report.updated++;
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      report.failed++;
      if (report.errors.length < 1000) report.errors.push({ row: rowNo, ...err.render(ctx.lang) });
    }
  }
  return report;
}

const stripNulls = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && !(Array.isArray(x) && !x.length)));

function onlyEmpty(existing: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stripNulls(values)).filter(([k]) => existing[k] === null || existing[k] === undefined || existing[k] === ''));
}

async function findDuplicate(ctx: RequestContext, m: ResolvedModule, matchOn: string[], values: Record<string, unknown>): Promise<Record<string, unknown> | null> {
  if (matchOn.some((f) => values[f] === null || values[f] === undefined)) return null;
  const vis = visibilityPredicate(ctx, m.name, 'read');
  const conds = matchOn.map((f) => (typeof values[f] === 'string'
    ? sql`lower(${sql.ref(`t.${f}`)}::text) = ${(values[f] as string).toLowerCase()}`
    : sql`${sql.ref(`t.${f}`)} = ${values[f] as any}`));
  const r = await sql<Record<string, unknown>>`select t.* from ${sql.table(m.name)} t where t.deleted_at is null
    and ${sql.join(conds, sql` and `)} ${vis ? sql`and ${vis}` : sql``} order by t.id limit 1`.execute(ctx.db);
  return r.rows[0] ?? null;
}
