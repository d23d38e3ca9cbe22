import { stringify } from 'csv-stringify/sync';
import { csvSafe } from '../csv-cells.js';
import type { RequestContext } from '../../context.js';
import { tr } from '../../../platform/messages/say.js';
import type { ImportRow } from './imports.js';

/**
 * The rows that failed, as a CSV the user can fix and import again: the file's own columns after the row
 * number and the reason (those two map to no field, so a re-import ignores them).
 */
export function failedRowsCsv(ctx: RequestContext, imp: ImportRow): { body: Buffer; filename: string } {
  const head = [tr('Row', ctx.lang), tr('Reason', ctx.lang), ...imp.header];
  const lines = imp.errors.map((e) => {
    const reason = [e.message, ...Object.entries(e.fields ?? {}).map(([k, v]) => `${k}: ${v}`)].join('; ');
    return [e.row, reason, ...(e.cells ?? []).map((c) => (c === null || c === undefined ? '' : String(c)))];
  });
  const body = Buffer.from('\ufeff' + stringify([head, ...lines.map((l) => l.map(csvSafe))]), 'utf8');
  return { body, filename: `import-${imp.module}-${imp.id.slice(-8)}-failed.csv` };
}
