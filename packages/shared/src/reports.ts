/** What running a report answers (`POST /reports/{id}/run`, `/reports/preview`), shared by the server and the client. */
import type { Where } from './filter.js';
import type { FieldDef } from './modules.js';
import { t } from './i18n.js';

/** The field a quote, order or invoice keeps its lines in; a report path `lines.<field>` makes every counted line a row. */
export const LINES_PATH = 'lines';

/**
 * What a report may read of a document's line (`lines.quantity`, `lines.product_id.category`). `cost` is the line's
 * quantity at the item's purchase cost in the catalogue; `gross_profit` is the line's net less that cost.
 */
export const LINE_REPORT_FIELDS: FieldDef[] = [
  { name: 'product_id', type: 'reference', reference: ['products'], label: t('Product', 'Товар', 'Товар', '产品') },
  { name: 'service_id', type: 'reference', reference: ['services'], label: t('Service', 'Услуга', 'Послуга', '服务') },
  { name: 'description', type: 'text', label: t('Line description', 'Описание позиции', 'Опис позиції', '明细说明') },
  { name: 'quantity', type: 'decimal', label: t('Quantity', 'Количество', 'Кількість', '数量') },
  { name: 'list_price', type: 'money', label: t('Price', 'Цена', 'Ціна', '单价') },
  { name: 'net', type: 'money', label: t('Line net', 'Сумма позиции', 'Сума позиції', '明细净额') },
  { name: 'cost', type: 'money', label: t('Cost', 'Себестоимость', 'Собівартість', '成本') },
  { name: 'gross_profit', type: 'money', label: t('Gross profit', 'Валовая прибыль', 'Валовий прибуток', '毛利') },
];

export interface ReportColumn { key: string; label: string; type: string; module: string; field: string; options?: Record<string, string> }
export interface ReportGroup {
  key: string | null;
  label: string;
  /** The list filter of the records behind this group (absent when a related module's field groups it). */
  where?: Where;
  aggregates: Record<string, string | number | null>;
  groups?: ReportGroup[];
}
export interface ReportResult {
  type: string;
  module: string;
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
  groups: ReportGroup[];
  /** A matrix's column totals (the second grouping). */
  column_groups?: ReportGroup[];
  totals: Record<string, string | number | null>;
  aggregates: { key: string; label: string; fn: string; type: string }[];
  /** What the groups are by, outermost first. */
  grouping: { key: string; label: string; bucket: string | null }[];
  refs: Record<string, { module: string; number: string | null; label: string }>;
  currency: string;
  /** The zone a date-time grouping puts moments on days in: the reader's (their setting, else the company's). */
  time_zone?: string;
  /** Records whose money could not be converted: no rate on or before their date (left out of the sums). */
  missing_rates: { currency: string; count: number; from: string; to: string }[];
  truncated: boolean;
  chart?: ReportChart | null;
}

export const CHART_TYPES = ['bar', 'hbar', 'stacked_bar', 'line', 'pie', 'funnel'] as const;
export type ChartType = (typeof CHART_TYPES)[number];
/** `y`: the aggregate drawn (its key; default the first). */
export interface ReportChart { type: ChartType; y?: string }

export interface ChartPoint { label: string; value: number; group: ReportGroup }
export interface ChartSeries { name: string; points: ChartPoint[] }

/** The numbers a chart draws: one series per second-level group (stacked bars, matrices) or one series. */
export function chartSeries(r: ReportResult): { categories: string[]; series: ChartSeries[]; valueKey: string | null; valueType: string } {
  const agg = r.aggregates.find((a) => a.key === r.chart?.y) ?? r.aggregates[0];
  if (!agg || !r.groups.length) return { categories: [], series: [], valueKey: null, valueType: 'integer' };
  const value = (g?: ReportGroup) => Number(g?.aggregates[agg.key] ?? 0) || 0;
  const categories = r.groups.map((g) => g.label);
  const second = r.type === 'matrix' ? r.column_groups ?? [] : r.chart?.type === 'stacked_bar' || r.chart?.type === 'line'
    ? uniqueSecond(r.groups) : [];
  if (second.length && (r.chart?.type === 'stacked_bar' || r.chart?.type === 'line' || r.chart?.type === 'bar' || r.chart?.type === 'hbar')) {
    return {
      categories, valueKey: agg.key, valueType: agg.type,
      series: second.map((s) => ({
        name: s.label,
        points: r.groups.map((g) => {
          const cell = g.groups?.find((x) => x.key === s.key);
          return { label: g.label, value: value(cell), group: cell ?? g };
        }),
      })),
    };
  }
  return { categories, valueKey: agg.key, valueType: agg.type, series: [{ name: agg.label, points: r.groups.map((g) => ({ label: g.label, value: value(g), group: g })) }] };
}

function uniqueSecond(groups: ReportGroup[]): ReportGroup[] {
  const seen = new Map<string, ReportGroup>();
  for (const g of groups) for (const s of g.groups ?? []) if (!seen.has(String(s.key))) seen.set(String(s.key), s);
  return [...seen.values()].slice(0, 20);
}

/**
 * An ECharts option for a report's chart (plain data: the client renders it in the browser, the server to SVG for
 * the PDF). `format` writes a value as the reader's locale does.
 */
export function chartOption(r: ReportResult, format: (v: number) => string, opts: { animation?: boolean; axisFormat?: (v: number) => string } = {}): Record<string, unknown> | null {
  const type = r.chart?.type;
  if (!type) return null;
  const { categories, series } = chartSeries(r);
  if (!series.length) return null;
  const base = { animation: opts.animation ?? true, tooltip: { trigger: type === 'pie' || type === 'funnel' ? 'item' : 'axis', valueFormatter: format }, legend: { type: 'scroll', bottom: 0 } };
  if (type === 'pie' || type === 'funnel') {
    const data = series[0].points.map((p) => ({ name: p.label, value: p.value }));
    return {
      ...base,
      series: [type === 'pie'
        ? { type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}: {d}%' } }
        : { type: 'funnel', data, sort: 'descending', label: { formatter: '{b}' } }],
    };
  }
  const horizontal = type === 'hbar';
  const category = { type: 'category', data: categories, axisLabel: { hideOverlap: true } };
  // Axis labels are short (1,2 млн ₽); the tooltip shows the exact value.
  const value = { type: 'value', axisLabel: { formatter: opts.axisFormat ?? format } };
  return {
    ...base,
    grid: { left: horizontal ? 140 : 60, right: 24, top: 24, bottom: 56, containLabel: false },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: series.map((s) => ({
      type: type === 'line' ? 'line' : 'bar', name: s.name, data: s.points.map((p) => p.value),
      ...(type === 'stacked_bar' ? { stack: 'total' } : {}),
    })),
  };
}
