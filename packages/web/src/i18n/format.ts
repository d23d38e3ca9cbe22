import { localeFor } from './languages';

/**
 * Dates, numbers and money in the user's locale (Intl). API values are strings: decimals as
 * "49987.00", dates as "YYYY-MM-DD", timestamps as ISO 8601 — parsed here, never floats for money math.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(value: unknown, lang: string, fractionDigits?: { min?: number; max?: number }): string {
  if (value === null || value === undefined || value === '') return '';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  const loc = localeFor(lang);
  const key = `n|${loc}|${fractionDigits?.min}|${fractionDigits?.max}`;
  return cached(key, () => new Intl.NumberFormat(loc, { minimumFractionDigits: fractionDigits?.min, maximumFractionDigits: fractionDigits?.max ?? 6 })).format(n);
}

export function formatMoney(value: unknown, lang: string, currency?: string | null): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const loc = localeFor(lang);
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    return cached(`m|${loc}|${currency}`, () => new Intl.NumberFormat(loc, { style: 'currency', currency })).format(n);
  }
  return formatNumber(n, lang, { min: 2, max: 2 });
}

export function formatPercent(value: unknown, lang: string): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return cached(`p|${localeFor(lang)}`, () => new Intl.NumberFormat(localeFor(lang), { style: 'percent', maximumFractionDigits: 3 })).format(n / 100);
}

/** A size in megabytes with the locale's own unit ("1.5 MB", "1,5 МБ", "1.5兆字节"). */
export function formatMegabytes(bytes: number, lang: string): string {
  const loc = localeFor(lang);
  return cached(`mb|${loc}`, () => new Intl.NumberFormat(loc, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 })).format(bytes / 1_048_576);
}

/** "2026-03-31" → a local date string; parsed as UTC so the day never shifts. */
export function formatDate(value: unknown, lang: string): string {
  if (typeof value !== 'string' || !value) return '';
  const d = new Date(value.length === 10 ? value + 'T00:00:00Z' : value);
  if (Number.isNaN(d.getTime())) return value;
  const loc = localeFor(lang);
  const dayOnly = value.length === 10;
  return cached(`d|${loc}|${dayOnly}`, () => new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeZone: dayOnly ? 'UTC' : undefined })).format(d);
}

/** A day (YYYY-MM-DD) on the user's own calendar — today by default; never the UTC date, a day off near midnight. */
export function localDay(at: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** A moment's time of day in the user's locale ("14:30", "2:30 PM"). */
export function formatTime(value: unknown, lang: string): string {
  if (typeof value !== 'string' || !value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const loc = localeFor(lang);
  return cached(`t|${loc}`, () => new Intl.DateTimeFormat(loc, { timeStyle: 'short' })).format(d);
}

export function formatDateTime(value: unknown, lang: string, timeZone?: string | null): string {
  if (typeof value !== 'string' || !value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const loc = localeFor(lang);
  // On a given clock (a report's, grouped by its days) when named; a zone this browser does not know: its own.
  const zone = timeZone && zoneKnown(timeZone) ? timeZone : undefined;
  return cached(`dt|${loc}|${zone ?? ''}`, () => new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone })).format(d);
}

const zones = new Map<string, boolean>();
function zoneKnown(zone: string): boolean {
  if (!zones.has(zone)) {
    try { new Intl.DateTimeFormat('en', { timeZone: zone }); zones.set(zone, true); } catch { zones.set(zone, false); }
  }
  return zones.get(zone)!;
}

/** Local-time "YYYY-MM-DD HH:mm:ss" (Mantine's DateTimePicker) → ISO 8601 with offset for the API. */
export function localDateTimeToIso(v: string | null): string | null {
  if (!v) return null;
  const d = new Date(v.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** ISO timestamp → local "YYYY-MM-DD HH:mm:ss" for the picker. */
export function isoToLocalDateTime(v: unknown): string | null {
  if (typeof v !== 'string' || !v) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The decimal separator and digit grouping of a language ("," and " " in Russian, "." and "," in English). */
function separators(lang: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(localeFor(lang)).formatToParts(12345.6);
  return { decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', group: parts.find((p) => p.type === 'group')?.value ?? ',' };
}

/**
 * A decimal string ("1234.50") as people of a language read it ("1 234,50"), keeping every digit it has (no float,
 * no rounding); `grouped: false` is the form to edit ("1234,50"). Text that is not a plain decimal stays as it is.
 */
export function localizeDecimal(value: string, lang: string, grouped = true): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const { decimal, group } = separators(lang);
  const int = grouped ? m[2].replace(/\B(?=(\d{3})+(?!\d))/g, group) : m[2];
  return `${m[1]}${int}${m[3] ? decimal + m[3] : ''}`;
}

/**
 * A number as a person typed it, in the API's form: "1 234,50" (grouped, with a decimal comma) and "1234,5" become
 * "1234.50" and "1234.5". What is not a number is returned as typed (trimmed), for the server to say so at its field.
 */
export function typedNumber(v: string | null): string | null {
  if (v === null) return null;
  // As the server reads decimals (@karta/shared's normalizeDecimal, whose module would bring zod into the first page).
  const plain = v.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^-?\d{1,15}(\.\d{1,6})?$/.test(plain) ? plain : v.trim();
}
