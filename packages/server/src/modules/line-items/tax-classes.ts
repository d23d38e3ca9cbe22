/**
 * Tax classes: the values of the products' `tax_class` picklist (names and translations edited like any
 * picklist), each with a percent and an active flag kept in settings. A product's active class preselects
 * its tax on a document line.
 */
import type { FastifyInstance } from 'fastify';
import { pickText } from '@karta/shared';
import { sql } from 'kysely';
import { auditAdmin } from '../../admin/admin-audit.js';
import { requireAdmin } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { inTransaction } from '../../platform/db.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { arr, bool, decimal, doc, listOf, nullable, obj, str } from '../../engine/http/openapi/schema.js';

const TAX_CLASS = obj({ value: str(), label: str(), percent: nullable(decimal()), active: bool() }, ['value', 'percent', 'active']);

export interface TaxClass { value: string; label: string; percent: string | null; active: boolean }
type Stored = Record<string, { percent: string | null; active: boolean }>;

const PERCENT = /^\d{1,3}(\.\d{1,4})?$/;

/** A class named with a number at its end (`vat_20`) has that percent until an administrator says otherwise. */
function percentInName(value: string): string | null {
  return /(\d+(?:\.\d+)?)$/.exec(value)?.[1] ?? null;
}

async function stored(ctx: RequestContext): Promise<Stored> {
  const r = await sql<{ value: Stored }>`select value from settings where key = 'tax_classes'`.execute(ctx.db);
  return r.rows[0]?.value ?? {};
}

export async function readTaxClasses(ctx: RequestContext): Promise<TaxClass[]> {
  const options = ctx.registry.module('products').allFields.find((f) => f.name === 'tax_class')?.options ?? [];
  const s = await stored(ctx);
  return options.map((o) => ({
    value: o.value, label: pickText(o.label, ctx.lang),
    percent: s[o.value] ? s[o.value].percent : percentInName(o.value),
    active: s[o.value]?.active ?? true,
  }));
}

/** The percent a line takes from its item's class: none for an inactive or unknown class. */
export function classPercent(classes: TaxClass[], value: string | null): string | null {
  const c = classes.find((x) => x.value === value);
  return c?.active ? c.percent : null;
}

export async function taxClassRoutes(api: FastifyInstance): Promise<void> {
  api.get('/settings/tax_classes', doc({ tags: ['inventory'], summary: 'Tax classes with their percent and on/off', response: { 200: listOf(TAX_CLASS) } }), async (req) => ({ data: await readTaxClasses(req.ctx) }));
  api.put('/settings/tax_classes', doc({ tags: ['inventory'], summary: 'Set percents and on/off of tax classes (administrators)', body: obj({ data: arr(obj({ value: str(), percent: nullable(str()), active: bool() }, ['value'])) }, ['data']), response: { 200: listOf(TAX_CLASS) } }), async (req) => {
    requireAdmin(req.ctx);
    const known = new Set((await readTaxClasses(req.ctx)).map((c) => c.value));
    const body = (req.body as { data?: unknown } | null)?.data;
    const errors: FieldErrors = {};
    const next: Stored = {};
    if (!Array.isArray(body)) errors.data = 'must be a list of {"value","percent","active"}';
    else body.forEach((c: any, i) => {
      if (!known.has(c?.value)) errors[`data[${i}].value`] = 'is not a tax class (add it to the tax class picklist first)';
      const percent = c?.percent === null || c?.percent === '' ? null : String(c?.percent ?? '');
      if (percent !== null && (!PERCENT.test(percent) || Number(percent) > 100)) errors[`data[${i}].percent`] = 'must be a percent from 0 to 100';
      if (typeof c?.active !== 'boolean') errors[`data[${i}].active`] = 'must be true or false';
      if (!Object.keys(errors).some((k) => k.startsWith(`data[${i}]`))) next[c.value] = { percent, active: c.active };
    });
    if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid tax classes', errors);
    const before = await stored(req.ctx);
    await inTransaction(req.ctx.db, async (trx) => {
      await sql`insert into settings (key, value) values ('tax_classes', ${JSON.stringify(next)}::jsonb)
        on conflict (key) do update set value = excluded.value`.execute(trx);
      await auditAdmin(trx, 'settings', '00000000-0000-0000-0000-000000000000', req.ctx, 'update', { tax_classes: [before, next] });
    });
    return { data: await readTaxClasses(req.ctx) };
  });
}
