import { onFirstUse } from './on-first-use.js';

/** exceljs, loaded with the first spreadsheet read or written (imports, exports, price lists, reports). */
export const loadExcel = onFirstUse(async () => (await import('exceljs')).default);
