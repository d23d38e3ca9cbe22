import { pickText, type FieldDef } from '@karta/shared';
import { stringify } from 'csv-stringify/sync';
import { csvSafe } from './csv-cells.js';
import { loadExcel } from '../../platform/excel.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/messages/say.js';
import type { RequestContext } from '../context.js';
import { requirePermission } from '../access/permissions.js';
import { plugin } from '../fields/field-types.js';
import { listRecords, type ListParams } from '../query/list.js';
import type { ResolvedModule } from '../registry/registry.js';
import type { Refs } from '../records/refs.js';
import { selectedFields, type RecordJson } from '../records/serialize.js';
import { formatVCard, VCARD_COLUMNS } from './vcard.js';
import { wallClock } from '../../platform/time-zone.js';

const MAX_ROWS = 100_000;
export type Cell = string | number | boolean | null;

/** A cell as a person reads it: picklist labels, reference names, numbers as numbers. */
export function cell(f: FieldDef, v: unknown, refs: Refs, ctx: RequestContext): Cell {
  if (v == null) return null;
  if (f.type === 'picklist') return pickText(f.options?.find((o) => o.value === v)?.label, ctx.lang) || String(v);
  if ((f.type === 'reference' || f.type === 'owner') && f.name !== 'id') return refs[v as string]?.label ?? String(v);
  // A moment as the reader's clock shows it, which an import by them reads back as the same moment.
  if (f.type === 'datetime') return wallClock(v as string, ctx.user.timeZone ?? 'UTC', true);
  const toCell = plugin(f).toCell;
  return toCell ? toCell(v) : (v as string | number | boolean);
}

/**
 * What the list shows (same filters, sort and visibility), page by page through the list machinery, up to
 * `max` records; `onPage` gets each page with the refs it mentions.
 */
export async function forEachPage(ctx: RequestContext, m: ResolvedModule, params: ListParams, max: number, onPage: (records: RecordJson[], refs: Refs) => void | Promise<void>): Promise<void> {
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = await listRecords(ctx, m, { ...params, limit: 500, cursor, count: false });
    const records = (page.data as RecordJson[]).slice(0, max - seen);
    seen += records.length;
    await onPage(records, page.refs);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && seen < max);
}

/** Person fields as vCard columns (a lead's company stands for the account). */
function person(m: ResolvedModule, rec: RecordJson, refs: Refs, ctx: RequestContext): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const c of VCARD_COLUMNS) {
    const f = m.fieldMap.get(c);
    if (f) out[c] = cell(f, rec[c], refs, ctx);
  }
  if (!out.account_id && m.fieldMap.has('company')) out.account_id = (rec.company as string | null) ?? null;
  return out;
}

/** A list past the cap is refused, never exported cut short as if whole (the company export has no cap). */
const tooLong = (max: number) => new AppError('VALIDATION_FAILED', msg('The list has more than {n} records: narrow it with a filter to export it', { n: max }));

/**
 * Exports what the list shows as CSV, XLSX or — for modules of persons (contacts, leads) — vCard. Headers are
 * the field keys (so a re-import maps itself).
 */
export async function exportRecords(ctx: RequestContext, moduleName: string, format: string, params: ListParams, max = MAX_ROWS): Promise<{ body: Buffer; type: string; filename: string }> {
  const m = ctx.registry.module(moduleName);
  requirePermission(ctx, m.name, 'view');
  requirePermission(ctx, m.name, 'export');
  const persons = m.fieldMap.has('last_name') && m.fieldMap.has('first_name');
  if (format !== 'csv' && format !== 'xlsx' && !(format === 'vcf' && persons)) {
    throw new AppError('VALIDATION_FAILED', 'Invalid export', { format: persons ? 'must be csv, xlsx or vcf' : 'must be csv or xlsx' });
  }
  const filename = `${m.name}-${new Date().toISOString().slice(0, 10)}.${format}`;
  if (format === 'vcf') {
    const cards: string[] = [];
    await forEachPage(ctx, m, params, max + 1, (records, refs) => { for (const r of records) cards.push(formatVCard(person(m, r, refs, ctx))); });
    if (cards.length > max) throw tooLong(max);
    return { body: Buffer.from(cards.join(''), 'utf8'), type: 'text/vcard; charset=utf-8', filename };
  }
  const fields = selectedFields(m, params.fields).filter((f) => !f.hidden);
  const rows: Cell[][] = [];
  await forEachPage(ctx, m, params, max + 1, (records, refs) => { for (const r of records) rows.push(fields.map((f) => cell(f, r[f.name], refs, ctx))); });
  if (rows.length > max) throw tooLong(max);
  const header = fields.map((f) => f.name);
  if (format === 'csv') {
    // A BOM so spreadsheet programs read UTF-8 (Cyrillic, Chinese) correctly.
    return { body: Buffer.from('\ufeff' + stringify([header, ...rows.map((r) => r.map(csvSafe))]), 'utf8'), type: 'text/csv; charset=utf-8', filename };
  }
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet(pickText(m.label.many, ctx.lang).slice(0, 31));
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename };
}
