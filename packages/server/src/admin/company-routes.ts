import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { requireAdmin } from '../engine/access/permissions.js';
import { inTransaction, type DB, type Tx } from '../platform/db.js';
import { AppError, type FieldErrors } from '../platform/errors.js';
import type { Changes } from '../engine/audit/audit.js';
import { auditAdmin } from './admin-audit.js';
import { isPictureDataUrl } from '../platform/picture.js';
import { dataOf, doc, nullable, obj, str } from '../engine/http/openapi/schema.js';
import { canonicalTimeZone, isTimeZone, TIME_ZONE_CHANGED } from '../platform/time-zone.js';

/** Pictures printed on documents: the logo, and optionally the stamp and the director's signature. */
const IMAGES = ['logo', 'stamp', 'signature'] as const;

const COMPANY = obj(Object.fromEntries([...['name', 'street', 'city', 'region', 'postal_code', 'country', 'phone', 'fax', 'email', 'website', 'inn', 'kpp', 'ogrn', 'bank_account', 'correspondent_account', 'bank_name', 'bik', 'director', 'accountant', 'edrpou', 'iban', 'uscc', 'vat_id', 'currency', 'time_zone'].map((k) => [k, nullable(str())]), ...IMAGES.map((k) => [k, nullable(str({ description: 'data:image/png;base64,…' }))])]));

const SETTINGS_ID = '00000000-0000-0000-0000-000000000000';

/** The company's requisites printed on quotes, orders and invoices (settings key `company`). */
export const COMPANY_FIELDS = [
  'name', 'street', 'city', 'region', 'postal_code', 'country', 'phone', 'fax', 'email', 'website',
  'inn', 'kpp', 'ogrn', 'bank_account', 'correspondent_account', 'bank_name', 'bik', 'director', 'accountant',
  /** Ukrainian ЄДРПОУ and IBAN, the Chinese unified social credit code (统一社会信用代码), a VAT number. */
  'edrpou', 'iban', 'uscc', 'vat_id',
  /** The company's own currency (ISO 4217): new deals and documents without one take it. */
  'currency',
  /** The company's time zone (IANA): workflow schedules and date triggers run on its clock. */
  'time_zone',
] as const;

/** The company currency when none is set: `KARTA_CURRENCY`, else the rouble of the core market. */
export const DEFAULT_CURRENCY = () => (/^[A-Z]{3}$/.test(process.env.KARTA_CURRENCY ?? '') ? process.env.KARTA_CURRENCY! : 'RUB');

/** The company's currency as set (null or '' when not), for a statement that reads it with other things. */
export const COMPANY_CURRENCY = sql<string | null>`(select value->>'currency' from settings where key = 'company')`;

/** The company's currency (read alone: not the whole company record, whose logo may be 256 KB). */
export async function companyCurrency(db: DB | Tx): Promise<string> {
  const r = await sql<{ currency: string | null }>`select ${COMPANY_CURRENCY} as currency`.execute(db);
  return r.rows[0]?.currency || DEFAULT_CURRENCY();
}
export type Company = Partial<Record<(typeof COMPANY_FIELDS)[number], string>> & Partial<Record<(typeof IMAGES)[number], string | null>>;

/** The logo is kept inline as a data URL: small, no file store needed, and the PDF renderer reads it directly. */
const MAX_LOGO_BYTES = 256 * 1024;

export async function readCompany(db: DB | Tx): Promise<Company> {
  const r = await sql<{ value: Company }>`select value from settings where key = 'company'`.execute(db);
  return r.rows[0]?.value ?? {};
}

export function validateCompany(body: unknown): Company {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', 'The body must be an object of company details');
  const errors: FieldErrors = {};
  const out: Company = {};
  for (const [key, value] of Object.entries(body)) {
    if ((IMAGES as readonly string[]).includes(key)) {
      const k = key as (typeof IMAGES)[number];
      if (value === null || value === '') out[k] = null;
      else if (typeof value !== 'string' || !isPictureDataUrl(value)) errors[k] = 'must be a PNG or JPEG image';
      else if (Math.floor((value.length - value.indexOf(',') - 1) * 3 / 4) > MAX_LOGO_BYTES) errors[k] = 'must be at most 256 KB';
      else out[k] = value;
    } else if (!(COMPANY_FIELDS as readonly string[]).includes(key)) errors[key] = 'is not a company detail';
    else if (value !== null && typeof value !== 'string') errors[key] = 'must be text';
    else if (typeof value === 'string' && value.length > 500) errors[key] = 'must be at most 500 characters';
    else if (key === 'currency' && !/^[A-Z]{3}$/.test(String(value ?? '').trim())) errors[key] = 'must be a currency code such as RUB, UAH, CNY, USD';
    else if (key === 'time_zone' && value && !isTimeZone(String(value))) errors[key] = 'must be a time zone such as Europe/Moscow';
    else (out as Record<string, string>)[key] = key === 'time_zone' && value ? canonicalTimeZone(String(value))! : (value ?? '').trim();
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid company details', errors);
  return out;
}

export async function companyRoutes(app: FastifyInstance): Promise<void> {
  // Everyone may read them: every user prints documents with them.
  app.get('/settings/company', doc({ tags: ['admin'], summary: 'The company requisites printed on documents', response: { 200: dataOf(COMPANY) } }), async (req) => {
    const { stamp, signature, ...company } = await readCompany(req.ctx.db);
    // The stamp and the director's signature are for printed documents and administrators, not for every reader.
    return { data: { ...company, ...(req.ctx.user.isAdmin ? { stamp, signature } : {}), currency: company.currency || DEFAULT_CURRENCY() } };
  });
  app.put('/settings/company', doc({ tags: ['admin'], summary: 'Set the company requisites and logo (administrators)', body: COMPANY, response: { 200: dataOf(COMPANY) } }), async (req) => {
    requireAdmin(req.ctx);
    const next = validateCompany(req.body);
    const saved = await inTransaction(req.ctx.db, async (trx) => {
      const before = await readCompany(trx);
      const merged: Company = { ...before, ...next };
      await sql`insert into settings (key, value) values ('company', ${JSON.stringify(merged)}::jsonb)
        on conflict (key) do update set value = excluded.value`.execute(trx);
      const was = before as Record<string, unknown>;
      const now = merged as Record<string, unknown>;
      const changes: Changes = {};
      for (const k of Object.keys(next)) {
        if (was[k] === now[k]) continue;
        // The audit keeps that an image changed, not the image itself.
        changes[k] = (IMAGES as readonly string[]).includes(k) ? [was[k] ? '(image)' : null, now[k] ? '(new image)' : null] : [was[k] ?? null, now[k]];
      }
      await auditAdmin(trx, 'company', SETTINGS_ID, req.ctx, 'update', changes);
      // Users without a zone of their own read days on the company's clock, which their cached access holds.
      if ('time_zone' in changes) {
        await sql`insert into settings (key, value) values ('access_version', '1'::jsonb)
          on conflict (key) do update set value = to_jsonb((settings.value #>> '{}')::bigint + 1)`.execute(trx);
      }
      return { merged, zoneChanged: 'time_zone' in changes };
    });
    // Scheduled sends of owners without a zone of their own run on the company's clock.
    if (saved.zoneChanged) await req.ctx.events.emit(TIME_ZONE_CHANGED, { userId: null });
    return { data: saved.merged };
  });
}
