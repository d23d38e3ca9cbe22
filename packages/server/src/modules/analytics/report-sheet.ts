import type { Lang } from '@karta/shared';
import type { ReportGroup, ReportResult } from './report-run.js';
import { wallClock } from '../../platform/time-zone.js';

/** A report result laid out as rows of cells: what CSV, XLSX and PDF all print. */
export type SheetCell = string | number | null;
export interface SheetRow { kind: 'row' | 'group' | 'total'; depth: number; cells: SheetCell[] }
export interface Sheet { header: string[]; types: string[]; rows: SheetRow[] }

const TOTAL: Record<Lang, string> = { en: 'Total', ru: 'Итого', uk: 'Разом', zh: '总计' };
/** Said under groups cut at their limit: the subtotals shown leave the rest out, the total does not. */
const CUT: Record<Lang, string> = {
  en: 'Only the first groups are shown; the total counts every record. Narrow the report with a filter.',
  ru: 'Показаны только первые группы; итог учитывает все записи. Сузьте отчёт фильтром.',
  uk: 'Показано лише перші групи; підсумок враховує всі записи. Звузьте звіт фільтром.',
  zh: '仅显示前面的分组；总计包含全部记录。请用筛选条件缩小报表范围。',
};
const cutNote = (r: ReportResult, lang: Lang, width: number): SheetRow[] => (r.truncated ? [{ kind: 'row', depth: 0, cells: [CUT[lang], ...Array.from({ length: width - 1 }, () => null)] }] : []);

/** Numbers as numbers (a spreadsheet sums them), money and decimals parsed from their exact strings; moments on `zone`'s clock. */
function numeric(v: unknown, type: string, zone = 'UTC'): SheetCell {
  if (v == null || v === '') return null;
  if (['integer', 'decimal', 'money', 'percent'].includes(type)) return Number(v);
  if (type === 'datetime') return wallClock(String(v), zone);
  return String(v);
}

/** A tabular cell as read: picklist labels, reference names. */
function display(r: ReportResult, key: string, v: unknown): SheetCell {
  const c = r.columns.find((x) => x.key === key)!;
  if (v == null) return null;
  if (c.options && typeof v === 'string') return c.options[v] ?? v;
  if ((c.type === 'reference' || c.type === 'owner') && typeof v === 'string') return r.refs[v]?.label ?? null;
  if (c.type === 'boolean') return v ? '✓' : '';
  if (c.type === 'multipicklist' && Array.isArray(v)) return v.map((x) => c.options?.[x] ?? x).join('; ');
  return numeric(v, c.type, r.time_zone); // moments on the reader's clock, as the PDF is stamped
}

export function reportSheet(r: ReportResult, lang: Lang): Sheet {
  const aggHeader = r.aggregates.map((a) => a.label);
  const aggTypes = r.aggregates.map((a) => a.type);
  const aggCells = (values: Record<string, unknown>) => r.aggregates.map((a) => numeric(values[a.key], a.type, r.time_zone));
  if (r.type === 'tabular') {
    const rows: SheetRow[] = r.rows.map((row) => ({ kind: 'row', depth: 0, cells: r.columns.map((c) => display(r, c.key, row[c.key])) }));
    if (r.aggregates.length) {
      const label = r.aggregates.map((a) => `${a.label}: ${r.totals[a.key] ?? '—'}`).join('; ');
      rows.push({ kind: 'total', depth: 0, cells: [`${TOTAL[lang]} — ${label}`, ...r.columns.slice(1).map(() => null)] });
    }
    return { header: r.columns.map((c) => c.label), types: r.columns.map((c) => c.type), rows };
  }
  if (r.type === 'matrix') {
    const cols = r.column_groups ?? [];
    const first = r.aggregates[0];
    const header = [r.grouping.map((g) => g.label).join(' \\ '), ...cols.map((c) => c.label), TOTAL[lang]];
    const cellOf = (values?: Record<string, unknown>) => (first && values ? numeric(values[first.key], first.type, r.time_zone) : null);
    const rows: SheetRow[] = r.groups.map((g) => ({
      kind: 'row', depth: 0,
      cells: [g.label, ...cols.map((c) => cellOf(g.groups?.find((x) => x.key === c.key)?.aggregates)), cellOf(g.aggregates)],
    }));
    rows.push({ kind: 'total', depth: 0, cells: [TOTAL[lang], ...cols.map((c) => cellOf(c.aggregates)), cellOf(r.totals)] });
    rows.push(...cutNote(r, lang, cols.length + 2));
    return { header, types: ['text', ...cols.map(() => first?.type ?? 'integer'), first?.type ?? 'integer'], rows };
  }
  const rows: SheetRow[] = [];
  const walk = (groups: ReportGroup[], depth: number) => {
    for (const g of groups) {
      rows.push({ kind: g.groups ? 'group' : 'row', depth, cells: [`${'  '.repeat(depth)}${g.label}`, ...aggCells(g.aggregates)] });
      if (g.groups) walk(g.groups, depth + 1);
    }
  };
  walk(r.groups, 0);
  rows.push({ kind: 'total', depth: 0, cells: [TOTAL[lang], ...aggCells(r.totals)] });
  rows.push(...cutNote(r, lang, aggHeader.length + 1));
  return { header: [r.grouping.map((g) => g.label).join(' / '), ...aggHeader], types: ['text', ...aggTypes], rows };
}
