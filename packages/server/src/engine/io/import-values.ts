import { LANGUAGES, isRealDate, isUuid, type FieldDef } from '@karta/shared';
import { sql } from 'kysely';
import type { RequestContext } from '../context.js';
import { visibilityPredicate } from '../access/permissions.js';
import { fullYear, wallTimeMoment, type DateOrder } from '../../platform/time-zone.js';

const TRUE = new Set(['1', 'true', 'yes', 'y', 'да', 'так', '是', 'x', '+', 'v', '✓']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'нет', 'ні', '否', '-', '']);

/**
 * Spreadsheet cells → the JSON values the record pipeline expects. Picklists accept the stored value or the
 * label in any language; references an id, a number (ACC12), an exact name or an e-mail; owners a user name,
 * full name or group. Lookups are remembered for the whole import. A cell that cannot be converted is passed
 * through unchanged so the pipeline reports it for its field, in the user's language.
 */
export class CellConverter {
  private lookups = new Map<string, string | null>();

  /** Dates and times written without a zone are the importer's (their zone, else the company's). */
  private readonly zone: string;

  /** Dates in numbers only are read day first (31.12.2026) unless the file writes them month first (12/31/2026). */
  constructor(private readonly ctx: RequestContext, private readonly order: DateOrder = 'day_first') {
    this.zone = ctx.user.timeZone ?? 'UTC';
  }

  async value(f: FieldDef, raw: unknown): Promise<unknown> {
    if (raw === null || raw === undefined) return null;
    if (typeof raw === 'number' && (f.type === 'text' || f.type === 'phone')) return String(raw);
    const s = String(raw).trim();
    if (s === '') return null;
    switch (f.type) {
      case 'integer': return /^-?\d+$/.test(s.replace(/[\s\u00a0]/g, '')) ? Number(s.replace(/[\s\u00a0]/g, '')) : s;
      case 'decimal': case 'money': case 'percent': return decimal(s);
      case 'boolean': return TRUE.has(s.toLowerCase()) ? true : FALSE.has(s.toLowerCase()) ? false : s;
      case 'date': return date(s, this.order);
      // Without a zone: the importer's clock; with one (`2026-05-01 10:30:00+03:00`, as exports write it): that moment.
      case 'datetime': return wallTimeMoment(s, this.zone, this.order) ?? s.replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))$/, '$1T$2');
      case 'picklist': return optionValue(f, s);
      case 'multipicklist': return s.split(/[;|]/).map((p) => optionValue(f, p.trim())).filter(Boolean);
      case 'json': try { return JSON.parse(s); } catch { return s; }
      case 'reference': return isUuid(s) ? s : (await this.remember(`${f.name}:${s}`, () => this.findReference(f, s))) ?? s;
      case 'owner': return isUuid(s) ? s : (await this.remember(`owner:${s}`, () => this.findOwner(s))) ?? s;
      default: return s;
    }
  }

  private async remember(key: string, find: () => Promise<string | null>): Promise<string | null> {
    if (this.lookups.has(key)) return this.lookups.get(key)!;
    const id = await find();
    if (this.lookups.size < 50_000) this.lookups.set(key, id);
    return id;
  }

  /** By number, by e-mail where the module has one, then by exact name — among the records the user may see. */
  private async findReference(f: FieldDef, s: string): Promise<string | null> {
    for (const target of f.reference ?? []) {
      if (!this.ctx.registry.has(target)) continue;
      const m = this.ctx.registry.module(target);
      const vis = visibilityPredicate(this.ctx, target, 'read');
      const title = m.titleFields.map((n) => sql`coalesce(${sql.ref(`t.${n}`)}::text, '')`);
      const byEmail = s.includes('@') && m.fieldMap.get('email')?.type === 'email' ? sql`or lower(t.email) = ${s.toLowerCase()}` : sql``;
      const r = await sql<{ id: string }>`select t.id from ${sql.table(target)} t where t.deleted_at is null
        and (t.number = ${s} ${byEmail} or lower(trim(concat_ws(' ', ${sql.join(title)}))) = ${s.toLowerCase()})
        ${vis ? sql`and ${vis}` : sql``} order by (t.number = ${s}) desc, t.id limit 1`.execute(this.ctx.db);
      if (r.rows[0]) return r.rows[0].id;
    }
    return null;
  }

  private async findOwner(s: string): Promise<string | null> {
    const lower = s.toLowerCase();
    const r = await sql<{ id: string }>`select id from users where active and (lower(username) = ${lower} or lower(email) = ${lower}
        or lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) = ${lower}
        or lower(trim(coalesce(last_name, '') || ' ' || coalesce(first_name, ''))) = ${lower})
      union all select id from groups where lower(name) = ${lower} limit 1`.execute(this.ctx.db);
    return r.rows[0]?.id ?? null;
  }
}

/** "1 234,50", "1,234.50", "1234.5" → "1234.50"-style strings; anything else left for the validator. */
function decimal(s: string): string {
  const t = s.replace(/[\s\u00a0\u202f']/g, '').replace(/[^\d.,-]+$/, '').replace(/^[^\d.,-]+/, '');
  if (/^-?\d+(,\d+)?$/.test(t)) return t.replace(',', '.');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return t.replace(/,/g, '');
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) return t.replace(/\./g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? t : s;
}

/**
 * ISO dates; dates in numbers in the file's order: day first as Russian, Ukrainian and 1C files have them (31.12.2026,
 * 31/12/2026, 31.12.26), or month first as American ones (12/31/2026, 12/31/26); Chinese dates (2026年12月31日,
 * 2026/12/31). Whatever follows the date (a time, "г.") is left out.
 */
function date(s: string, order: DateOrder): string {
  const iso = s.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  // A two-digit year only after dots or slashes (26-05-01 is more likely a year first), and not followed by more date.
  const numeric = s.match(/^(\d{1,2})([./-])(\d{1,2})[./-](\d{4})(?!\d)/) ?? s.match(/^(\d{1,2})([./])(\d{1,2})\2(\d{2})(?![\d./-]*\d)/);
  if (numeric) {
    // Dots are never month first (31.12.2026 is European and 1C's whatever the file's other dates are).
    const [day, month] = order === 'month_first' && numeric[2] !== '.' ? [numeric[3], numeric[1]] : [numeric[1], numeric[3]];
    return isoDay(fullYear(numeric[4]), Number(month), Number(day)) ?? s;
  }
  const cn = s.match(/^(\d{4})[年/.](\d{1,2})[月/.](\d{1,2})日?/);
  if (cn) return isoDay(Number(cn[1]), Number(cn[2]), Number(cn[3])) ?? s;
  return s;
}

/** `YYYY-MM-DD` of a day that exists; none (31 April, month 13): the caller passes the file's own text on. */
function isoDay(y: number, month: number, day: number): string | null {
  const iso = `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}

function optionValue(f: FieldDef, s: string): string {
  const lower = s.toLowerCase();
  const hit = f.options?.find((o) => o.value === s || o.value.toLowerCase() === lower || LANGUAGES.some((l) => o.label[l]?.toLowerCase() === lower));
  return hit?.value ?? s;
}
