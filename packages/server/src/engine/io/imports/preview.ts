import { pickText } from '@karta/shared';
import type { RequestContext } from '../../context.js';
import { checkReferencesMany } from '../../records/check-refs.js';
import { validateInput } from '../../records/validate-input.js';
import { AppError } from '../../../platform/errors.js';
import { say } from '../../../platform/messages/say.js';
import { CellConverter } from '../import-values.js';
import { readTable, type TableInfo } from '../read-table.js';
import { checkRequest, type ImportRequest } from './imports.js';
import { importableFields, mapColumns } from './mapping.js';
import type { FileRow } from './rows.js';

export const PREVIEW_ROWS = 20;

/**
 * The wizard's second step: how the file was read (format, encoding, delimiter), which column goes to which
 * field, and the first rows as they would be saved — with every cell's problem named, nothing written.
 */
export async function previewImport(ctx: RequestContext, file: { buffer: Buffer; filename: string }, req: ImportRequest): Promise<Record<string, unknown>> {
  const { encoding, delimiter, dateOrder } = checkRequest(ctx, { ...req, duplicates: undefined });
  const m = ctx.registry.module(req.module);
  let info: TableInfo | undefined;
  const rows: FileRow[] = [];
  await readTable(file.buffer, file.filename, { encoding, delimiter }, (i) => { info = i; }, (batch) => { rows.push(...batch); }, PREVIEW_ROWS);
  const header = info!.header;
  const columns = mapColumns(m, header, req.mapping);
  const converter = new CellConverter(ctx, dateOrder);
  const converted: { row: number; cells: unknown[]; values: Record<string, unknown>; errors: Record<string, string> }[] = [];
  for (const [row, cells] of rows) {
    const values: Record<string, unknown> = {};
    for (const [c, field] of columns.entries()) if (field) values[field] = await converter.value(m.fieldMap.get(field)!, cells[c]);
    const present = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
    let errors: Record<string, string> = {};
    try {
      const clean = validateInput(m, present, ctx.lang, 'create', undefined, ctx.user.timeZone ?? 'UTC');
      // Moments as they would be stored (an instant in UTC), so the wizard shows each on the reader's clock.
      for (const [k, v] of Object.entries(clean)) if (m.fieldMap.get(k)?.type === 'datetime') values[k] = v;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      errors = err.render(ctx.lang).fields ?? {};
    }
    converted.push({ row, cells: cells.map((c) => c ?? null), values, errors });
  }
  // References are checked together, only where the value itself was fine.
  const refErrors = await checkReferencesMany(ctx, m, converted.map((c) => Object.fromEntries(Object.entries(c.values).filter(([k, v]) => v !== null && !c.errors[k]))));
  for (const [i, e] of refErrors.entries()) if (e) for (const [k, v] of Object.entries(e)) converted[i].errors[k] = say(v, ctx.lang);
  // Assigned to nobody means the importer: not an error of the file.
  for (const c of converted) delete c.errors.assigned_to;
  return {
    format: info!.format, encoding: info!.encoding ?? null, delimiter: info!.delimiter ?? null, date_order: dateOrder, header,
    columns: header.map((column, i) => ({ column, field: columns[i] })),
    fields: importableFields(m).map((f) => ({ name: f.name, label: pickText(f.label, ctx.lang), type: f.type, required: !!f.required && f.default == null })),
    rows: converted,
  };
}
