import { pickText, type FieldDef } from '@karta/shared';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../context.js';
import { requirePermission } from '../access/permissions.js';
import { plugin } from '../fields/field-types.js';
import { listRecords, type ListParams } from '../query/list.js';
import type { Refs } from '../records/refs.js';
import { selectedFields, type RecordJson } from '../records/serialize.js';

const MAX_ROWS = 100_000;

/** A cell as a person reads it: picklist labels, reference names, numbers as numbers. */
function cell(f: FieldDef, v: unknown, refs: Refs, ctx: RequestContext): string | number | boolean | null {
  if (v == null) return null;
  if (f.type === 'picklist') return pickText(f.options?.find((o) => o.value === v)?.label, ctx.lang) || String(v);
  if ((f.type === 'reference' || f.type === 'owner') && f.name !== 'id') return refs[v as string]?.label ?? String(v);
  const toCell = plugin(f).toCell;
  return toCell ? toCell(v) : (v as string | number | boolean);
}

/**
 * Exports what the list shows (same filters, sort and visibility), page by page through the list
 * machinery. Headers are the field keys (so a re-import maps itself).
 */
export async function exportRecords(ctx: RequestContext, moduleName: string, format: string, params: ListParams): Promise<{ body: Buffer; type: string; filename: string }> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'view');
  requirePermission(ctx, m.name, 'export');
  if (format !== 'csv' && format !== 'xlsx') throw new AppError('VALIDATION_FAILED', 'Invalid export', { format: 'must be csv or xlsx' });
  const fields = selectedFields(m, params.fields).filter((f) => !f.hidden);
  const rows: (string | number | boolean | null)[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listRecords(ctx, m, { ...params, limit: 500, cursor, count: false });
    for (const rec of page.data as RecordJson[]) rows.push(fields.map((f) => cell(f, rec[f.name], page.refs, ctx)));
    cursor = page.next_cursor ?? undefined;
  } while (cursor && rows.length < MAX_ROWS);
  const header = fields.map((f) => f.name);
  const filename = `${m.name}-${new Date().toISOString().slice(0, 10)}.${format}`;
  if (format === 'csv') {
    // A BOM so spreadsheet programs read UTF-8 (Cyrillic, Chinese) correctly.
    return { body: Buffer.from('\ufeff' + stringify([header, ...rows]), 'utf8'), type: 'text/csv; charset=utf-8', filename };
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(pickText(m.label.many, ctx.lang).slice(0, 31));
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename };
}
