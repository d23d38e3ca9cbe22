/**
 * Recurrence rules: the part of RFC 5545 RRULE a CRM calendar needs (daily, weekly on chosen days, monthly by
 * date or by weekday, yearly; every n; until a date or n times), parsed, formatted and expanded here — pure,
 * shared by the server (calendar, reminders, iCalendar) and the web client (the recurrence editor).
 *
 * Expansion is bounded by construction: it starts at the period of the requested window rather than at the
 * event's start (unless COUNT needs counting from the start, and COUNT is at most 1000), and it never looks at
 * more than MAX_PERIODS periods, so no stored rule can keep a request busy.
 */
import type { Lang } from './i18n.js';

export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export const FREQS: Freq[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
/** RRULE weekday codes, Monday first (index = ISO weekday − 1). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export interface WeekdaySpec { day: number; n?: number }

export interface RecurrenceRule {
  freq: Freq;
  interval: number;
  count?: number;
  /** Last day (YYYY-MM-DD, inclusive) or last instant (ISO, UTC). */
  until?: string;
  byDay?: WeekdaySpec[];
  byMonthDay?: number[];
  byMonth?: number[];
  bySetPos?: number[];
  /** Week start (0 = Monday), for weekly rules with an interval. */
  wkst?: number;
  /** Cancelled occurrences, wall-clock `YYYYMMDDTHHMMSS` as written in EXDATE lines. */
  exdates?: string[];
}

export const MAX_COUNT = 1000;
export const MAX_INTERVAL = 1000;
/** Periods (days, weeks, months, years) one expansion may look at. */
export const MAX_PERIODS = 50_000;

export type RecurrenceProblem = 'not_rule' | 'freq' | 'too_often' | 'unsupported' | 'value' | 'count_until' | 'never';

const PROBLEMS: Record<RecurrenceProblem, Record<Lang, string>> = {
  not_rule: {
    en: 'is not a recurrence rule (for example FREQ=WEEKLY;BYDAY=MO)', ru: 'не является правилом повторения (например, FREQ=WEEKLY;BYDAY=MO)',
    uk: 'не є правилом повторення (наприклад, FREQ=WEEKLY;BYDAY=MO)', zh: '不是有效的重复规则（例如 FREQ=WEEKLY;BYDAY=MO）',
  },
  freq: {
    en: 'needs a frequency: daily, weekly, monthly or yearly', ru: 'нужна периодичность: ежедневно, еженедельно, ежемесячно или ежегодно',
    uk: 'потрібна періодичність: щодня, щотижня, щомісяця або щороку', zh: '需要重复频率：每天、每周、每月或每年',
  },
  too_often: {
    en: 'repeats too often: the most frequent is daily', ru: 'слишком частое повторение: не чаще одного раза в день',
    uk: 'занадто часте повторення: не частіше одного разу на день', zh: '重复过于频繁：最多每天一次',
  },
  unsupported: {
    en: 'uses a part of the rule Karta does not support', ru: 'содержит часть правила, которую Karta не поддерживает',
    uk: 'містить частину правила, яку Karta не підтримує', zh: '包含 Karta 不支持的规则部分',
  },
  value: {
    en: `has a value out of range (every 1–${MAX_INTERVAL}, at most ${MAX_COUNT} times)`, ru: `содержит недопустимое значение (интервал 1–${MAX_INTERVAL}, не более ${MAX_COUNT} повторений)`,
    uk: `містить неприпустиме значення (інтервал 1–${MAX_INTERVAL}, не більше ${MAX_COUNT} повторень)`, zh: `包含超出范围的值（间隔 1–${MAX_INTERVAL}，最多 ${MAX_COUNT} 次）`,
  },
  count_until: {
    en: 'cannot end both after a number of times and on a date', ru: 'не может заканчиваться одновременно после числа повторений и в дату',
    uk: 'не може закінчуватися одночасно після кількості повторень і в дату', zh: '不能同时按次数和按日期结束',
  },
  never: {
    en: 'never occurs from the start of the event', ru: 'ни разу не наступает после начала события',
    uk: 'жодного разу не настає після початку події', zh: '从事件开始起从未发生',
  },
};

export function recurrenceMessage(problem: RecurrenceProblem, lang: Lang): string {
  return PROBLEMS[problem][lang] ?? PROBLEMS[problem].en;
}

export class RecurrenceError extends Error {
  constructor(public readonly problem: RecurrenceProblem) { super(PROBLEMS[problem].en); }
}

const ints = (v: string, lo: number, hi: number, zero = false): number[] => v.split(',').map((s) => {
  if (!/^[+-]?\d{1,4}$/.test(s)) throw new RecurrenceError('value');
  const n = Number(s);
  if ((!zero && n === 0) || Math.abs(n) < lo || Math.abs(n) > hi) throw new RecurrenceError('value');
  return n;
});

function parseUntil(v: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(v);
  if (!m) throw new RecurrenceError('value');
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return m[4] ? `${date}T${m[4]}:${m[5]}:${m[6]}Z` : date;
}

/** Parses `FREQ=…;…` (an optional `RRULE:` prefix) and following `EXDATE:` lines; throws RecurrenceError. */
export function parseRecurrence(text: string): RecurrenceRule {
  const [ruleLine = '', ...rest] = text.trim().split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const parts = ruleLine.replace(/^RRULE:/i, '').split(';').filter(Boolean);
  const kv = new Map<string, string>();
  for (const p of parts) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(p);
    if (!m) throw new RecurrenceError('not_rule');
    kv.set(m[1].toUpperCase(), m[2].toUpperCase());
  }
  const freq = kv.get('FREQ');
  if (!freq) throw new RecurrenceError(kv.size ? 'freq' : 'not_rule');
  if (['SECONDLY', 'MINUTELY', 'HOURLY'].includes(freq)) throw new RecurrenceError('too_often');
  if (!(FREQS as string[]).includes(freq)) throw new RecurrenceError('freq');
  const rule: RecurrenceRule = { freq: freq as Freq, interval: 1 };
  for (const [k, v] of kv) {
    switch (k) {
      case 'FREQ': break;
      case 'INTERVAL': rule.interval = ints(v, 1, MAX_INTERVAL)[0]; if (rule.interval < 1) throw new RecurrenceError('value'); break;
      case 'COUNT': rule.count = ints(v, 1, MAX_COUNT)[0]; if (rule.count < 1) throw new RecurrenceError('value'); break;
      case 'UNTIL': rule.until = parseUntil(v); break;
      case 'BYMONTHDAY': rule.byMonthDay = ints(v, 1, 31); break;
      case 'BYMONTH': rule.byMonth = ints(v, 1, 12); if (rule.byMonth.some((x) => x < 0)) throw new RecurrenceError('value'); break;
      case 'BYSETPOS': rule.bySetPos = ints(v, 1, 366); break;
      case 'WKST': rule.wkst = weekday(v); break;
      case 'BYDAY': rule.byDay = v.split(',').map((s) => {
        const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(s);
        if (!m) throw new RecurrenceError('value');
        const n = m[1] ? Number(m[1]) : undefined;
        if (n !== undefined && (n === 0 || Math.abs(n) > 5)) throw new RecurrenceError('value');
        return n === undefined ? { day: weekday(m[2]) } : { day: weekday(m[2]), n };
      }); break;
      default: throw new RecurrenceError('unsupported');
    }
  }
  if (rule.count !== undefined && rule.until !== undefined) throw new RecurrenceError('count_until');
  // A value named twice adds nothing but work: each list is kept once (at most 77 weekdays, 62 month days).
  if (rule.byDay) rule.byDay = [...new Map(rule.byDay.map((d) => [`${d.n ?? ''}${d.day}`, d])).values()];
  for (const k of ['byMonthDay', 'byMonth', 'bySetPos'] as const) if (rule[k]) rule[k] = [...new Set(rule[k])];
  const ordinals = rule.byDay?.some((d) => d.n !== undefined);
  if (ordinals && rule.freq !== 'MONTHLY' && rule.freq !== 'YEARLY') throw new RecurrenceError('unsupported');
  if (rule.byMonthDay && rule.freq === 'WEEKLY') throw new RecurrenceError('unsupported');
  if (rule.byDay && rule.freq === 'YEARLY' && !rule.byMonth) throw new RecurrenceError('unsupported');
  const exdates = rest.flatMap((line) => {
    if (!/^EXDATE/i.test(line)) throw new RecurrenceError('unsupported');
    return line.replace(/^EXDATE[^:]*:/i, '').split(',').map((s) => s.trim()).filter(Boolean);
  });
  if (exdates.some((d) => !/^\d{8}(T\d{6}Z?)?$/.test(d))) throw new RecurrenceError('value');
  if (exdates.length) rule.exdates = exdates;
  return rule;
}

function weekday(code: string): number {
  const i = (WEEKDAYS as readonly string[]).indexOf(code);
  if (i < 0) throw new RecurrenceError('value');
  return i;
}

/** The rule as RRULE text (plus EXDATE lines), the inverse of parseRecurrence. */
export function formatRecurrence(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay?.length) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.n ?? ''}${WEEKDAYS[d.day]}`).join(',')}`);
  if (rule.byMonthDay?.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byMonth?.length) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.bySetPos?.length) parts.push(`BYSETPOS=${rule.bySetPos.join(',')}`);
  if (rule.wkst !== undefined && rule.wkst !== 0) parts.push(`WKST=${WEEKDAYS[rule.wkst]}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${rule.until.length === 10 ? rule.until.replace(/-/g, '') : rule.until.replace(/[-:]/g, '').replace(/\.\d+/, '')}`);
  const lines = [parts.join(';')];
  if (rule.exdates?.length) lines.push(`EXDATE:${rule.exdates.join(',')}`);
  return lines.join('\n');
}

// ── Expansion in wall-clock time: a Date whose UTC fields are the wall clock ──────────────────────────────

const DAY = 86_400_000;
const dayNumber = (d: Date) => Math.floor(d.getTime() / DAY);
/** 0 = Monday. */
const weekdayOf = (day: number) => (((day + 3) % 7) + 7) % 7;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
const dayOf = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m, d) / DAY);

function monthDays(rule: RecurrenceRule, y: number, m: number, startDate: number): number[] {
  const len = daysInMonth(y, m);
  const first = dayOf(y, m, 1);
  let days: number[] | null = null;
  if (rule.byMonthDay) days = rule.byMonthDay.map((d) => (d > 0 ? d : len + d + 1)).filter((d) => d >= 1 && d <= len);
  if (rule.byDay) {
    const fromDays: number[] = [];
    for (const spec of rule.byDay) {
      const all: number[] = [];
      for (let d = 1 + ((spec.day - weekdayOf(first) + 7) % 7); d <= len; d += 7) all.push(d);
      if (spec.n === undefined) fromDays.push(...all);
      else { const pick = spec.n > 0 ? all[spec.n - 1] : all[all.length + spec.n]; if (pick) fromDays.push(pick); }
    }
    days = days ? days.filter((d) => fromDays.includes(d)) : fromDays;
  }
  if (!days) days = startDate <= len ? [startDate] : [];
  return days.map((d) => first + d - 1);
}

/** BYMONTHDAY and BYDAY narrow a daily rule to the days they name. */
function dailyFilters(rule: RecurrenceRule, day: number): boolean {
  const date = new Date(day * DAY);
  const dom = date.getUTCDate();
  const len = daysInMonth(date.getUTCFullYear(), date.getUTCMonth());
  if (rule.byMonthDay && !rule.byMonthDay.some((d) => (d > 0 ? d : len + d + 1) === dom)) return false;
  if (rule.byDay && !rule.byDay.some((s) => s.day === weekdayOf(day))) return false;
  return true;
}

/** The candidate days (day numbers, ascending) of period k of the rule. */
function periodDays(rule: RecurrenceRule, start: Date, k: number): number[] {
  const startDay = dayNumber(start);
  const step = k * rule.interval;
  let days: number[];
  switch (rule.freq) {
    case 'DAILY': days = [startDay + step]; break;
    case 'WEEKLY': {
      const wkst = rule.wkst ?? 0;
      const weekStart = startDay - ((weekdayOf(startDay) - wkst + 7) % 7) + 7 * step;
      const wanted = rule.byDay?.map((d) => d.day) ?? [weekdayOf(startDay)];
      days = wanted.map((d) => weekStart + ((d - wkst + 7) % 7));
      break;
    }
    case 'MONTHLY': {
      const mi = start.getUTCFullYear() * 12 + start.getUTCMonth() + step;
      days = rule.byMonth && !rule.byMonth.includes((mi % 12) + 1) ? [] : monthDays(rule, Math.floor(mi / 12), mi % 12, start.getUTCDate());
      break;
    }
    case 'YEARLY': {
      const y = start.getUTCFullYear() + step;
      days = (rule.byMonth ?? [start.getUTCMonth() + 1]).flatMap((m) => monthDays({ ...rule, byMonth: undefined }, y, m - 1, start.getUTCDate()));
      break;
    }
  }
  days = [...new Set(days)].sort((a, b) => a - b);
  if (rule.byMonth && rule.freq !== 'YEARLY') days = days.filter((d) => rule.byMonth!.includes(new Date(d * DAY).getUTCMonth() + 1));
  if (rule.freq === 'DAILY') days = days.filter((d) => dailyFilters(rule, d));
  if (rule.bySetPos) days = [...new Set(rule.bySetPos.map((p) => (p > 0 ? days[p - 1] : days[days.length + p])).filter((d): d is number => d !== undefined))].sort((a, b) => a - b);
  return days;
}

/** Index of the period that contains wall instant `at` (may be negative). */
function periodIndex(rule: RecurrenceRule, start: Date, at: Date): number {
  const startDay = dayNumber(start);
  switch (rule.freq) {
    case 'DAILY': return Math.floor((dayNumber(at) - startDay) / rule.interval);
    case 'WEEKLY': {
      const weekStart = startDay - ((weekdayOf(startDay) - (rule.wkst ?? 0) + 7) % 7);
      return Math.floor((dayNumber(at) - weekStart) / (7 * rule.interval));
    }
    case 'MONTHLY': return Math.floor(((at.getUTCFullYear() - start.getUTCFullYear()) * 12 + at.getUTCMonth() - start.getUTCMonth()) / rule.interval);
    case 'YEARLY': return Math.floor((at.getUTCFullYear() - start.getUTCFullYear()) / rule.interval);
  }
}

const exdateKey = (wall: Date) => wall.toISOString().replace(/[-:]/g, '').slice(0, 15);

/**
 * Occurrence starts (wall clock) in [from, to) in order, at most `max`. `untilInstant` converts a wall time to
 * the instant compared with a UTC `UNTIL` (the caller knows the time zone); by default wall = UTC. A `budget` shared
 * by several expansions (one calendar answer) counts the periods looked at; when it runs out, expanding stops.
 */
export function expandWall(rule: RecurrenceRule, start: Date, from: Date, to: Date, max = 1000,
  toInstant: (wall: Date) => Date = (w) => w, budget?: { periods: number }): Date[] {
  const timeOfDay = start.getTime() - dayNumber(start) * DAY;
  // An EXDATE with a time cancels that occurrence; a date alone cancels the day's.
  const exdates = new Set(rule.exdates?.map((d) => d.replace(/Z$/, '')));
  const untilDay = rule.until && rule.until.length === 10 ? Math.floor(Date.parse(`${rule.until}T00:00:00Z`) / DAY) : null;
  const untilInstant = rule.until && rule.until.length > 10 ? Date.parse(rule.until) : null;
  // Without COUNT nothing before the window needs counting: start one period before it.
  let k = rule.count === undefined ? Math.max(0, periodIndex(rule, start, from) - 1) : 0;
  const last = periodIndex(rule, start, to);
  const out: Date[] = [];
  let seen = 0;
  for (let periods = 0; periods < MAX_PERIODS && k <= last; periods++, k++) {
    if (budget && --budget.periods < 0) return out;
    const days = periodDays(rule, start, k);
    for (const day of days) {
      const wall = new Date(day * DAY + timeOfDay);
      if (wall < start) continue;
      if (untilDay !== null && day > untilDay) return out;
      if (untilInstant !== null && toInstant(wall).getTime() > untilInstant) return out;
      if (rule.count !== undefined && ++seen > rule.count) return out;
      if (wall >= to) return out;
      if (wall >= from && !exdates.has(exdateKey(wall)) && !exdates.has(exdateKey(wall).slice(0, 8))) {
        out.push(wall);
        if (out.length >= max) return out;
      }
    }
  }
  return out;
}

/** Whether the rule yields at least one occurrence from `start` (checked when an event is saved). */
export function occursAtAll(rule: RecurrenceRule, start: Date): boolean {
  return expandWall({ ...rule, exdates: undefined }, start, start, new Date(Date.UTC(9999, 0, 1)), 1).length > 0;
}

// ── In words, in the user's language ──────────────────────────────────────────────────────────────────────

const DAY_NAMES: Record<Lang, string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  ru: ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'],
  uk: ['понеділок', 'вівторок', 'середа', 'четвер', "п'ятниця", 'субота', 'неділя'],
  zh: ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'],
};
/** "every Monday" needs the accusative in Russian and Ukrainian (в понедельник / у понеділок). */
const DAY_ACC: Record<'ru' | 'uk', string[]> = {
  ru: ['понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу', 'воскресенье'],
  uk: ['понеділок', 'вівторок', 'середу', 'четвер', "п'ятницю", 'суботу', 'неділю'],
};
const MONTH_NAMES: Record<Lang, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  uk: ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'],
  zh: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
};

/** Russian/Ukrainian plural form: 1 день, 2 дня, 5 дней. */
function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10, m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

const ORDINAL: Record<Lang, (n: number) => string> = {
  en: (n) => (n === -1 ? 'last' : ['first', 'second', 'third', 'fourth', 'fifth'][n - 1] ?? `${n}th`),
  ru: (n) => (n === -1 ? 'последний' : ['первый', 'второй', 'третий', 'четвёртый', 'пятый'][n - 1] ?? `${n}-й`),
  uk: (n) => (n === -1 ? 'останній' : ['перший', 'другий', 'третій', 'четвертий', "п'ятий"][n - 1] ?? `${n}-й`),
  zh: (n) => (n === -1 ? '最后一个' : `第${n}个`),
};

/** Russian/Ukrainian ordinal agreeing with a feminine weekday (среда, пятница, суббота / середа, п'ятниця, субота). */
function ordinalFor(lang: Lang, n: number, day: number): string {
  const fem = day === 2 || day === 4 || day === 5;
  if (lang === 'ru' && fem) return n === -1 ? 'последнюю' : ['первую', 'вторую', 'третью', 'четвёртую', 'пятую'][n - 1] ?? `${n}-ю`;
  if (lang === 'uk' && fem) return n === -1 ? 'останню' : ['першу', 'другу', 'третю', 'четверту', "п'яту"][n - 1] ?? `${n}-у`;
  if ((lang === 'ru' || lang === 'uk') && day === 6) return lang === 'ru' ? (n === -1 ? 'последнее' : ['первое', 'второе', 'третье', 'четвёртое', 'пятое'][n - 1] ?? `${n}-е`) : ORDINAL.uk(n).replace(/ій$/, 'ю').replace(/ий$/, 'у');
  return ORDINAL[lang](n);
}

function every(lang: Lang, freq: Freq, n: number): string {
  const unit = {
    en: { DAILY: ['day', 'days'], WEEKLY: ['week', 'weeks'], MONTHLY: ['month', 'months'], YEARLY: ['year', 'years'] },
    ru: { DAILY: ['день', 'дня', 'дней'], WEEKLY: ['неделю', 'недели', 'недель'], MONTHLY: ['месяц', 'месяца', 'месяцев'], YEARLY: ['год', 'года', 'лет'] },
    uk: { DAILY: ['день', 'дні', 'днів'], WEEKLY: ['тиждень', 'тижні', 'тижнів'], MONTHLY: ['місяць', 'місяці', 'місяців'], YEARLY: ['рік', 'роки', 'років'] },
    zh: { DAILY: ['天'], WEEKLY: ['周'], MONTHLY: ['个月'], YEARLY: ['年'] },
  }[lang][freq];
  switch (lang) {
    case 'en': return n === 1 ? `every ${unit[0]}` : `every ${n} ${unit[1]}`;
    case 'ru': return n === 1 ? { DAILY: 'каждый день', WEEKLY: 'каждую неделю', MONTHLY: 'каждый месяц', YEARLY: 'каждый год' }[freq] : `каждые ${n} ${plural(n, unit[0], unit[1], unit[2])}`;
    case 'uk': return n === 1 ? { DAILY: 'щодня', WEEKLY: 'щотижня', MONTHLY: 'щомісяця', YEARLY: 'щороку' }[freq] : `кожні ${n} ${plural(n, unit[0], unit[1], unit[2])}`;
    case 'zh': return n === 1 ? { DAILY: '每天', WEEKLY: '每周', MONTHLY: '每月', YEARLY: '每年' }[freq] : `每${n}${unit[0]}`;
  }
}

function listOf(lang: Lang, items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (lang === 'zh') return items.join('、');
  const and = { en: 'and', ru: 'и', uk: 'і' }[lang];
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

/** A rule in words: "every 2 weeks on Monday and Wednesday, 10 times" / "каждую неделю в понедельник и среду, 10 раз". */
export function describeRecurrence(rule: RecurrenceRule, lang: Lang): string {
  const parts: string[] = [every(lang, rule.freq, rule.interval)];
  const days = (rule.byDay ?? []).filter((d) => d.n === undefined).map((d) => d.day);
  const nth = (rule.byDay ?? []).find((d) => d.n !== undefined);
  const on = { en: 'on', ru: 'в', uk: 'у', zh: '' }[lang];
  if (days.length && (rule.freq === 'WEEKLY' || rule.freq === 'DAILY')) {
    const names = days.map((d) => (lang === 'ru' || lang === 'uk' ? DAY_ACC[lang][d] : DAY_NAMES[lang][d]));
    parts.push(lang === 'zh' ? `的${listOf(lang, names)}` : `${lang === 'ru' && /^вт/.test(names[0]) ? 'во' : on} ${listOf(lang, names)}`);
  }
  if (rule.byMonthDay?.length) {
    const d = rule.byMonthDay.map((x) => (x === -1 ? { en: 'the last day', ru: 'последнего числа', uk: 'останнього числа', zh: '最后一天' }[lang] : lang === 'zh' ? `${x}日` : lang === 'en' ? `day ${x}` : `${x}-го числа`));
    const months = rule.freq === 'YEARLY' && rule.byMonth?.length ? rule.byMonth.map((m) => MONTH_NAMES[lang][m - 1]) : null;
    if (months && rule.byMonthDay.length === 1 && rule.byMonthDay[0] > 0) {
      const day = rule.byMonthDay[0];
      parts.push(lang === 'zh' ? `的${listOf(lang, months)}${day}日` : lang === 'en' ? `on ${listOf(lang, months)} ${day}` : `${day} ${listOf(lang, months)}`);
    } else parts.push(lang === 'zh' ? `的${listOf(lang, d)}` : `${lang === 'en' ? 'on' : ''} ${listOf(lang, d)}`.trim());
  } else if (nth && (rule.freq === 'MONTHLY' || rule.freq === 'YEARLY')) {
    const dayName = lang === 'ru' || lang === 'uk' ? DAY_ACC[lang][nth.day] : DAY_NAMES[lang][nth.day];
    const month = rule.freq === 'YEARLY' && rule.byMonth?.length ? MONTH_NAMES[lang][rule.byMonth[0] - 1] : null;
    if (lang === 'zh') parts.push(`${month ? `${month}的` : '的'}${ORDINAL.zh(nth.n!)}${DAY_NAMES.zh[nth.day]}`);
    else if (lang === 'en') parts.push(`on the ${ORDINAL.en(nth.n!)} ${dayName}${month ? ` of ${month}` : ''}`);
    else {
      const ordinal = ordinalFor(lang, nth.n!, nth.day);
      parts.push(`${lang === 'ru' && /^вт/.test(ordinal) ? 'во' : on} ${ordinal} ${dayName}${month ? ` ${month}` : ''}`);
    }
  }
  const end: string[] = [];
  if (rule.count) {
    end.push({ en: rule.count === 1 ? 'once' : `${rule.count} times`, ru: `${rule.count} ${plural(rule.count, 'раз', 'раза', 'раз')}`, uk: `${rule.count} ${plural(rule.count, 'раз', 'рази', 'разів')}`, zh: `共${rule.count}次` }[lang]);
  } else if (rule.until) {
    const d = rule.until.slice(0, 10).split('-').map(Number);
    const date = lang === 'zh' ? `${d[0]}年${d[1]}月${d[2]}日` : lang === 'en' ? `${MONTH_NAMES.en[d[1] - 1]} ${d[2]}, ${d[0]}` : `${d[2]} ${MONTH_NAMES[lang][d[1] - 1]} ${d[0]}`;
    end.push({ en: `until ${date}`, ru: `до ${date}`, uk: `до ${date}`, zh: `直到${date}` }[lang]);
  }
  const head = parts.join(lang === 'zh' ? '' : ' ');
  return end.length ? `${head}${lang === 'zh' ? '，' : ', '}${end[0]}` : head;
}
