import type { Lang } from '@karta/shared';
import type { DateBucket } from './report-definition.js';

const STEP: Record<DateBucket, { months?: number; days?: number }> = {
  day: { days: 1 }, week: { days: 7 }, month: { months: 1 }, quarter: { months: 3 }, year: { months: 12 },
};

/** A period by its first day (what date_trunc gives): [first day, first day of the next period). */
export function bucketRange(start: string, bucket: DateBucket): [string, string] {
  const d = new Date(`${start}T00:00:00Z`);
  const step = STEP[bucket];
  if (step.days) d.setUTCDate(d.getUTCDate() + step.days);
  else d.setUTCMonth(d.getUTCMonth() + step.months!);
  return [start, d.toISOString().slice(0, 10)];
}

const LOCALE: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU', uk: 'uk-UA', zh: 'zh-CN' };
const QUARTER: Record<Lang, (q: number, y: number) => string> = {
  en: (q, y) => `Q${q} ${y}`, ru: (q, y) => `${q} кв. ${y}`, uk: (q, y) => `${q} кв. ${y}`, zh: (q, y) => `${y}年第${q}季度`,
};
const WEEK: Record<Lang, string> = { en: 'Week of', ru: 'Неделя с', uk: 'Тиждень з', zh: '周起始' };

/** A period as people name it in their language ("март 2026 г.", "2026年3月", "Q1 2026"). */
export function bucketLabel(start: string, bucket: DateBucket, lang: Lang): string {
  const d = new Date(`${start}T00:00:00Z`);
  const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(LOCALE[lang], { timeZone: 'UTC', ...o }).format(d);
  switch (bucket) {
    case 'year': return String(d.getUTCFullYear());
    case 'quarter': return QUARTER[lang](Math.floor(d.getUTCMonth() / 3) + 1, d.getUTCFullYear());
    case 'month': return fmt({ month: 'long', year: 'numeric' });
    case 'week': return `${WEEK[lang]} ${fmt({ day: 'numeric', month: 'short', year: 'numeric' })}`;
    default: return fmt({ day: 'numeric', month: 'short', year: 'numeric' });
  }
}
