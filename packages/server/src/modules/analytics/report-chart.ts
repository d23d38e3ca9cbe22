import { type Lang, LOCALES } from '@karta/shared';
import { chartOption, type ReportResult } from '@karta/shared/reports';
import { onFirstUse } from '../../platform/on-first-use.js';

const loadECharts = onFirstUse(() => import('echarts'));

/** The report's chart as SVG (ECharts' server-side renderer), for the PDF; null when it has none. */
export async function chartSvg(r: ReportResult, lang: Lang, width: number, height: number): Promise<string | null> {
  const fmt = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 });
  const option = chartOption(r, (v) => fmt.format(v), { animation: false });
  if (!option) return null;
  const echarts = await loadECharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
