/**
 * A price type's definition, checked on save: a markup type names its base (never itself through a chain — cycles are
 * a 400 at `base_type_id`), markups are given where used, price-group exceptions are a short list.
 */
import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { computeType, readTypes, recomputeDependents, takePurchasePrices } from './price-register.js';
import { todayOf } from '../../platform/time-zone.js';
import { companyCurrency } from '../../admin/company-routes.js';
import { updateRecord } from '../../engine/records/update.js';

export const MAX_CHAIN = 20;
const MAX_GROUPS = 100;
const PERCENT = /^-?\d{1,5}(\.\d{1,4})?$/;
/** Planned base price changes a redefinition follows (beyond them, the next change of the base recomputes anyway). */
const MAX_FUTURE_DATES = 100;

export function invalidPriceType(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid price type: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

/** Whether following `base` from `start` comes back to `self` (pure, over a map of type → base). */
export function makesCycle(self: string, start: string | null, baseOf: Map<string, string | null>): boolean {
  let at = start;
  for (let i = 0; at && i <= MAX_CHAIN + 1; i++) {
    if (at === self) return true;
    at = baseOf.get(at) ?? null;
  }
  return false;
}

function checkGroups(raw: unknown): { price_group: string; markup_percent: string }[] | null {
  if (raw === null || raw === undefined) return null;
  if (!Array.isArray(raw)) throw invalidPriceType('group_markups', 'must be a list');
  if (raw.length > MAX_GROUPS) throw invalidPriceType('group_markups', msg('must list at most {max} price groups', { max: MAX_GROUPS }));
  const seen = new Set<string>();
  return raw.map((g, i) => {
    const o = (g ?? {}) as Record<string, unknown>;
    const group = typeof o.price_group === 'string' ? o.price_group.trim() : '';
    if (!group || group.length > 255) throw invalidPriceType(`group_markups[${i}].price_group`, 'is required');
    if (seen.has(group.toLowerCase())) throw invalidPriceType(`group_markups[${i}].price_group`, 'is listed twice');
    seen.add(group.toLowerCase());
    const m = typeof o.markup_percent === 'number' ? o.markup_percent : typeof o.markup_percent === 'string' && PERCENT.test(o.markup_percent.trim()) ? Number(o.markup_percent) : NaN;
    if (!Number.isFinite(m) || m <= -100 || m > 10000) throw invalidPriceType(`group_markups[${i}].markup_percent`, 'must be a percentage above -100 and at most 10000');
    return { price_group: group, markup_percent: String(m) };
  });
}

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = { ...(change.before ?? {}), ...change.values };
  if ('group_markups' in change.values) change.values.group_markups = checkGroups(change.values.group_markups);
  const kind = String(v.kind ?? 'manual');
  if (kind === 'markup' && !v.base_type_id) throw invalidPriceType('base_type_id', 'is needed for a markup over another price type');
  if (kind !== 'manual' && (v.markup_percent === null || v.markup_percent === undefined) && !Array.isArray(v.group_markups)) throw invalidPriceType('markup_percent', 'is required');
  if (kind !== 'markup' && v.base_type_id && 'kind' in change.values) change.values.base_type_id = null;
  // Checked whenever the chain may change: a new base, or a type turned into a markup over the base it kept.
  const base = 'base_type_id' in change.values ? change.values.base_type_id : v.base_type_id;
  if (base && ('base_type_id' in change.values || 'kind' in change.values || change.action === 'create')) {
    // Types in the recycle bin count too: restored, one would close a loop no check saw (restoring runs none).
    const rows = (await sql<{ id: string; base: string | null }>`select id::text, base_type_id::text as base from price_types`.execute(ctx.db)).rows;
    const baseOf = new Map(rows.map((r) => [r.id, r.base]));
    if (makesCycle(change.id, String(base), baseOf)) throw invalidPriceType('base_type_id', 'would make a chain that comes back to this price type');
    let depth = 0;
    for (let at: string | null = String(base); at && depth <= MAX_CHAIN; at = baseOf.get(at) ?? null) depth++;
    if (depth > MAX_CHAIN) throw invalidPriceType('base_type_id', msg('a chain holds at most {max} price types', { max: MAX_CHAIN }));
  }
  await checkCurrencies(ctx, change, kind, base ? String(base) : null, v.currency);
}

/**
 * A markup's prices are its base's numbers marked up, never converted: a markup type is in its base's currency (no
 * currency: the company's) — a chain changes currency from its base, whose markups follow (afterWrite). A purchase
 * markup is over purchase prices, which are in the company's currency.
 */
async function checkCurrencies(ctx: RequestContext, change: WriteChange, kind: string, base: string | null, currency: unknown): Promise<void> {
  const own = (c: unknown, company: string) => (typeof c === 'string' && c ? c : company);
  if (kind === 'markup' && base && ['base_type_id', 'kind', 'currency'].some((k) => k in change.values)) {
    const company = await companyCurrency(ctx.db);
    const of = (await sql<{ currency: string | null }>`select currency from price_types where id = ${base}::uuid`.execute(ctx.db)).rows[0];
    if (of && own(of.currency, company) !== own(currency, company)) throw invalidPriceType('base_type_id', 'must be in the currency of this price type: a markup does not convert');
  }
  if (kind === 'purchase_markup' && ['kind', 'currency'].some((k) => k in change.values)) {
    const company = await companyCurrency(ctx.db);
    if (own(currency, company) !== company) throw invalidPriceType('currency', msg('must be the company currency ({currency}): purchase prices are kept in it', { currency: company }));
  }
}

/** A base whose currency changed takes the markups built on it along (each through the pipeline, and theirs in turn). */
async function currencyFollows(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  if (change.action !== 'update' || !('currency' in change.values)) return;
  const company = await companyCurrency(ctx.db);
  const now = (typeof record.currency === 'string' && record.currency) || company;
  const built = await sql<{ id: string; currency: string | null }>`select id::text, currency from price_types where base_type_id = ${change.id}::uuid and kind = 'markup' and deleted_at is null`.execute(ctx.db);
  for (const t of built.rows) if ((t.currency || company) !== now) await updateRecord(ctx, 'price_types', t.id, { currency: record.currency ?? null });
}

/**
 * A changed definition reprices the type (and the types built on it) from today, for every item with a base price —
 * today and at each later date its base changes (prices already planned for the future follow the new definition).
 */
async function afterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  if (change.action !== 'update' && change.action !== 'create') return;
  await currencyFollows(ctx, change, record);
  if (!['kind', 'base_type_id', 'markup_percent', 'rounding_precision', 'rounding_mode', 'group_markups'].some((k) => k in change.values)) return;
  const types = await readTypes(ctx.db);
  const t = types.get(change.id);
  if (!t || t.kind === 'manual') return;
  const today = todayOf(ctx.user.timeZone);
  const later = t.kind !== 'markup' ? { rows: [] } : await sql<{ d: string }>`select distinct effective_date::text as d from prices
    where price_type_id = ${t.base_type_id}::uuid and effective_date > ${today}::date order by 1 limit ${MAX_FUTURE_DATES}`.execute(ctx.db);
  for (const date of [today, ...later.rows.map((r) => r.d)]) await computeType(ctx.db, t, date, null, ctx.user.id);
  // The types built on it follow from today, their later prices included.
  await recomputeDependents(ctx.db, new Map([[t.id, null]]), today, ctx.user.id);
}

export const priceTypeBehaviour: ModuleBehaviour = { beforeWrite, afterWrite };

/** A purchase order whose shipment is received (on creation or by a change of status) gives its purchase prices. */
async function purchaseOrderAfterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  if (record.status !== 'received_shipment' || (change.action === 'update' && change.before?.status === 'received_shipment')) return;
  // Purchase prices are kept in the company's currency (markups over them are): an order in another gives none.
  if (typeof record.currency === 'string' && record.currency && record.currency !== (await companyCurrency(ctx.db))) return;
  await takePurchasePrices(ctx.db, change.id, Array.isArray(record.lines) ? record.lines : [], ctx.user.id);
}

export const purchasePriceBehaviour: ModuleBehaviour = { afterWrite: purchaseOrderAfterWrite };
