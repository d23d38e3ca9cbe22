import { useMantineColorScheme } from '@mantine/core';
import { chartOption, chartSeries, type ReportResult } from '@karta/shared/reports';
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatMoney, formatNumber } from '../../i18n/format';
import { localeFor } from '../../i18n/languages';

// Only the chart kinds reports draw: this chunk stays small and loads only with a chart.
echarts.use([BarChart, LineChart, PieChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

/** A report's chart; a bar or slice opens the list of the records behind it. */
export function ReportChart({ result, height = 320 }: { result: ReportResult; height?: number }) {
  const { t, i18n } = useTranslation();
  const { colorScheme } = useMantineColorScheme();
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const { valueType, series } = chartSeries(result);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, colorScheme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
    const format = (v: number) => (valueType === 'money' ? formatMoney(v, i18n.language, result.currency) : formatNumber(v, i18n.language));
    const compact = new Intl.NumberFormat(localeFor(i18n.language), { notation: 'compact', maximumFractionDigits: 1 });
    const option = chartOption(result, format, { axisFormat: (v) => compact.format(v) });
    if (option) chart.setOption({ ...option, backgroundColor: 'transparent' });
    chart.on('click', (p) => {
      const s = series[p.seriesIndex ?? 0] ?? series[0];
      const point = s?.points[p.dataIndex];
      if (point?.group.where) navigate(`/${result.module}?${new URLSearchParams({ where: JSON.stringify(point.group.where) })}`);
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(ref.current);
    return () => { resize.disconnect(); chart.dispose(); };
  }, [result, colorScheme, i18n.language, navigate, series, valueType]);

  return <div ref={ref} style={{ width: '100%', height }} role="img" aria-label={t('reports.chart')} data-testid="report-chart" />;
}

export default ReportChart;
