/**
 * An offer's terms, checked on save: a typical offer names no account, an individual one names its account; one made
 * from a typical offer takes the terms it does not give; price overrides and discounts are short, exact lists.
 * `status`: not approved when made or when its terms change, approved only by its approval process, closed by hand
 * or by the `close` action.
 */
import { sql } from 'kysely';
import { isUuid } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import type { ActionHandler, ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { updateRecord } from '../../engine/records/update.js';
import { duplicateAction } from '../../engine/records/duplicate.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { asEffect, isEffect } from './effects.js';
import { latest, voidApproval } from '../automation/approvals.js';

export const MAX_OVERRIDES = 1000;
const MAX_DISCOUNTS = 100;
const PRICE = /^\d{1,12}(\.\d{1,2})?$/;
/** A non-negative decimal as the terms of offers and programmes take it. */
export const NUMBER = /^\d{1,12}(\.\d{1,6})?$/;

/** The terms an individual offer takes from the typical one it is made from, and whose change needs a new approval. */
export const OFFER_TERMS = ['price_type_id', 'currency', 'tax_mode', 'segment_id', 'overrides', 'group_price_types', 'group_discounts', 'quantity_discounts', 'discount_percent',
  'deviation_limit_percent', 'prepayment_percent', 'payment_days', 'payment_terms', 'delivery_terms'] as const;
const APPROVED_TERMS = [...OFFER_TERMS, 'kind', 'account_id', 'valid_from', 'valid_to'];

export interface Override { product_id: string; price: string }
export interface GroupDiscount { price_group: string; discount_percent: string }
export interface GroupPriceType { price_group: string; price_type_id: string }
export interface QuantityDiscount { min_quantity: string; discount_percent: string }

export function invalidOffer(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid offer: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

/** A number or numeric text as text, a decimal comma read as a point ('' for anything else). */
export const numberText = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().replace(',', '.') : '');
const text = numberText;
/** Whether a number's text is a percent from 0 to 100. */
export const isPercent = (s: string) => NUMBER.test(s) && Number(s) <= 100;
function percentOf(v: unknown, key: string): string {
  const s = text(v);
  if (!isPercent(s)) throw invalidOffer(key, 'must be a percent from 0 to 100');
  return s;
}
function listOf(raw: unknown, key: string, max: number): Record<string, unknown>[] | null {
  if (raw === null || raw === undefined) return null;
  if (!Array.isArray(raw) || raw.length > max) throw invalidOffer(key, msg('must be a list of at most {max} entries', { max }));
  return raw.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? x as Record<string, unknown> : {}));
}

/** `overrides`, `group_discounts`, `quantity_discounts` normalised, or a 400 at the entry (pure). */
export function checkTerms(values: Record<string, unknown>): void {
  if ('overrides' in values) {
    const seen = new Set<string>();
    values.overrides = listOf(values.overrides, 'overrides', MAX_OVERRIDES)?.map((o, i): Override => {
      const id = typeof o.product_id === 'string' ? o.product_id.toLowerCase() : '';
      if (!isUuid(id)) throw invalidOffer(`overrides[${i}].product_id`, 'names no product or service');
      if (seen.has(id)) throw invalidOffer(`overrides[${i}].product_id`, 'is listed twice');
      seen.add(id);
      const price = text(o.price);
      if (!PRICE.test(price)) throw invalidOffer(`overrides[${i}].price`, 'must be a price of at least 0 with up to 2 decimals');
      return { product_id: id, price };
    }) ?? null;
  }
  if ('group_discounts' in values) {
    const seen = new Set<string>();
    values.group_discounts = listOf(values.group_discounts, 'group_discounts', MAX_DISCOUNTS)?.map((o, i): GroupDiscount => {
      const group = typeof o.price_group === 'string' ? o.price_group.trim() : '';
      if (!group || group.length > 255) throw invalidOffer(`group_discounts[${i}].price_group`, 'is required');
      if (seen.has(group.toLowerCase())) throw invalidOffer(`group_discounts[${i}].price_group`, 'is listed twice');
      seen.add(group.toLowerCase());
      return { price_group: group, discount_percent: percentOf(o.discount_percent, `group_discounts[${i}].discount_percent`) };
    }) ?? null;
  }
  if ('group_price_types' in values) {
    const seen = new Set<string>();
    values.group_price_types = listOf(values.group_price_types, 'group_price_types', MAX_DISCOUNTS)?.map((o, i): GroupPriceType => {
      const group = typeof o.price_group === 'string' ? o.price_group.trim() : '';
      if (!group || group.length > 255) throw invalidOffer(`group_price_types[${i}].price_group`, 'is required');
      if (seen.has(group.toLowerCase())) throw invalidOffer(`group_price_types[${i}].price_group`, 'is listed twice');
      seen.add(group.toLowerCase());
      const type = typeof o.price_type_id === 'string' ? o.price_type_id.toLowerCase() : '';
      if (!isUuid(type)) throw invalidOffer(`group_price_types[${i}].price_type_id`, 'names no price type');
      return { price_group: group, price_type_id: type };
    }) ?? null;
  }
  if ('quantity_discounts' in values) {
    values.quantity_discounts = listOf(values.quantity_discounts, 'quantity_discounts', MAX_DISCOUNTS)?.map((o, i): QuantityDiscount => {
      const q = text(o.min_quantity);
      if (!NUMBER.test(q) || Number(q) <= 0) throw invalidOffer(`quantity_discounts[${i}].min_quantity`, 'must be a number greater than 0');
      return { min_quantity: q, discount_percent: percentOf(o.discount_percent, `quantity_discounts[${i}].discount_percent`) };
    }).sort((a, b) => Number(a.min_quantity) - Number(b.min_quantity)) ?? null;
  }
}

/** The typical offer a new one is made from, if the caller may read it. */
async function typicalOffer(ctx: RequestContext, id: unknown): Promise<Record<string, unknown>> {
  const vis = visibilityPredicate(ctx, 'offers', 'read', 'o');
  const r = isUuid(id) ? await sql<Record<string, unknown>>`select * from offers o where o.id = ${id} and o.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db) : { rows: [] };
  const t = r.rows[0];
  if (!t || t.kind !== 'typical') throw invalidOffer('typical_offer_id', 'must name a typical offer');
  return t;
}

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const values = change.values;
  if (change.action === 'create' && values.typical_offer_id) {
    const typical = await typicalOffer(ctx, values.typical_offer_id);
    for (const k of OFFER_TERMS) if (values[k] === undefined || values[k] === null) values[k] = typical[k] ?? null;
  }
  checkTerms(values);
  const v = { ...(change.before ?? {}), ...values };
  if (v.kind === 'typical' && v.account_id) throw invalidOffer('account_id', 'a typical offer is for no account in particular');
  if (v.kind !== 'typical' && !v.account_id) throw invalidOffer('account_id', 'is required for an individual offer');
  if (v.valid_from && v.valid_to && String(v.valid_to) < String(v.valid_from)) throw invalidOffer('valid_to', 'must not be before valid_from');
  const groupTypes = (values.group_price_types ?? []) as GroupPriceType[];
  if (groupTypes.length) {
    const known = new Set((await sql<{ id: string }>`select id::text from price_types where id = any(${groupTypes.map((g) => g.price_type_id)}::uuid[]) and deleted_at is null`.execute(ctx.db)).rows.map((r) => r.id));
    groupTypes.forEach((g, i) => { if (!known.has(g.price_type_id)) throw invalidOffer(`group_price_types[${i}].price_type_id`, 'names no price type'); });
  }
  if (values.segment_id) {
    const seg = await sql<{ module: string }>`select module from segments where id = ${String(values.segment_id)}::uuid and deleted_at is null`.execute(ctx.db);
    if (seg.rows[0]?.module !== 'products') throw invalidOffer('segment_id', 'must be a segment of products');
  }
  // An offer is never made approved, nor approved by hand: only its approval process approves it (an effect).
  const approving = values.status === 'approved' && change.before?.status !== 'approved';
  if ((change.action === 'create' && values.status && values.status !== 'not_approved') || (approving && !isEffect(ctx))) {
    throw invalidOffer('status', 'is approved only through the offer’s approval process');
  }
  if (change.action === 'create') values.status = 'not_approved';
  // New terms need a new approval.
  else if (change.before?.status === 'approved') {
    const moved = APPROVED_TERMS.filter((k) => k in values && !sameTerm(values[k], change.before?.[k]));
    if (!moved.length) return;
    // Closed with new terms, it stays closed — but its approval covered the old ones all the same.
    if (values.status !== 'closed') values.status = 'not_approved';
    // Its approval covered the old terms: voided too, so nothing it unlocked (a banner, a guarded action) stays open.
    const approval = ctx.registry.has('approval_processes') ? await latest(ctx, change.id) : null;
    if (approval?.state === 'approved') await voidApproval(ctx, approval, moved);
  }
}

/**
 * Whether a term is unchanged: "30" and "30.000" are the same percent, lists compare by content — their objects' keys
 * in any order (the database gives jsonb keys back in its own order) and their numbers however written (pure).
 */
export function sameTerm(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '')) return true;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(x: unknown): unknown {
  if (typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x)) return Number(x);
  if (Array.isArray(x)) return x.map(canonical);
  if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, canonical((x as Record<string, unknown>)[k])]));
  return x;
}

/** The approval is the authority: its effect is written as the last approver, whatever their own rights on the offer. */
async function onApproved(ctx: RequestContext, id: string): Promise<void> {
  // A closed offer stays closed, whatever was approved of it.
  const r = await sql<{ status: string }>`select status from offers where id = ${id}`.execute(ctx.db);
  if (r.rows[0]?.status !== 'not_approved') return;
  await updateRecord(asEffect(ctx), 'offers', id, {}, undefined, { systemValues: { status: 'approved' } });
}

/** `close`: the offer no longer prices documents (those it priced keep their prices). */
const close: ActionHandler = async (ctx, id) => ({ body: { data: await updateRecord(ctx, 'offers', id, {}, undefined, { systemValues: { status: 'closed' } }) } });

/** A copy of an offer (an approved one is the one people copy) starts not approved: its terms are approved anew. */
export const offerBehaviour: ModuleBehaviour = { beforeWrite, onApproved, actions: { close, duplicate: duplicateAction(['status']) } };
