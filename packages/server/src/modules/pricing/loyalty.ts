/**
 * Loyalty programmes and cards: a card read on a quote, order or invoice gives its programme's discount to lines that
 * have none; a paid invoice adds to the card's purchases and, in a bonus programme, earns points (once per invoice);
 * points are redeemed on an unpaid invoice at the point's value. Every movement is a row of the points ledger.
 */
import Decimal from 'decimal.js';
import { sql } from 'kysely';
import { isUuid } from '@karta/shared';
import type { RequestContext } from '../../engine/context.js';
import type { ActionHandler, ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { updateRecord } from '../../engine/records/update.js';
import { lockForWrite, runWrite } from '../../engine/records/write-helpers.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { asEffect } from './effects.js';
import { isPercent, NUMBER, numberText } from './offer-rules.js';
import { todayOf } from '../../platform/time-zone.js';

const MAX_TIERS = 20;

export interface Tier { min_purchases: string; discount_percent?: string | null; bonus_rate?: string | null }
export interface Program { id: string; kind: 'discount' | 'bonus'; discount_percent: string | null; bonus_rate: string | null; point_value: string | null; tiers: Tier[] | null; valid_from: string | null; valid_to: string | null; is_active: boolean | null }
export interface Card { id: string; card_number: string; account_id: string | null; contact_id: string | null; blocked: boolean | null; valid_from: string | null; valid_to: string | null; points_balance: string | null; purchases_total: string | null; program: Program }

function invalid(key: string, problem: Said, what: 'programme' | 'card' = 'programme'): AppError {
  return new AppError('VALIDATION_FAILED', msg(what === 'card' ? 'Invalid loyalty card: {key} {problem}' : 'Invalid loyalty programme: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

/** The discount and the points rate a card earns at its cumulative purchases: the highest tier reached wins (pure). */
export function cardRates(program: Pick<Program, 'kind' | 'discount_percent' | 'bonus_rate' | 'tiers'>, purchases: Decimal.Value): { discount: string | null; bonus: string | null } {
  let discount = program.discount_percent;
  let bonus = program.bonus_rate;
  const reached = (program.tiers ?? []).filter((t) => new Decimal(purchases || '0').gte(t.min_purchases)).sort((a, b) => Number(a.min_purchases) - Number(b.min_purchases)).pop();
  if (reached?.discount_percent != null) discount = reached.discount_percent;
  if (reached?.bonus_rate != null) bonus = reached.bonus_rate;
  return program.kind === 'discount' ? { discount: discount && Number(discount) > 0 ? new Decimal(discount).toFixed() : null, bonus: null } : { discount: null, bonus: bonus && Number(bonus) > 0 ? new Decimal(bonus).toFixed() : null };
}

/** Points for a paid amount at a rate, to the cent (half away from zero) (pure). */
export function pointsFor(amount: Decimal.Value, bonusPercent: string | null): string {
  return bonusPercent ? new Decimal(amount).times(bonusPercent).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) : '0.00';
}

function percent(v: unknown, key: string): string | null {
  if (v === null || v === undefined || v === '') return null;
  const s = numberText(v);
  if (!isPercent(s)) throw invalid(key, 'must be a percent from 0 to 100');
  return s;
}

async function programBeforeWrite(_ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const values = change.values;
  // `{"name","discount_percent"|"bonus_rate"}` says which kind it is without naming it.
  if (change.action === 'create' && !values.kind) values.kind = values.bonus_rate != null && values.discount_percent == null ? 'bonus' : 'discount';
  if (change.action === 'update' && 'kind' in values && !values.kind) throw invalid('kind', 'is required');
  if ('tiers' in values && values.tiers != null) {
    if (!Array.isArray(values.tiers) || values.tiers.length > MAX_TIERS) throw invalid('tiers', msg('must be a list of at most {max} entries', { max: MAX_TIERS }));
    values.tiers = values.tiers.map((raw, i): Tier => {
      const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const min = numberText(o.min_purchases);
      if (!NUMBER.test(min)) throw invalid(`tiers[${i}].min_purchases`, 'must be a number, 0 or more');
      return { min_purchases: min, discount_percent: percent(o.discount_percent, `tiers[${i}].discount_percent`), bonus_rate: percent(o.bonus_rate, `tiers[${i}].bonus_rate`) };
    });
  }
  const v = { ...(change.before ?? {}), ...values };
  const hasTiers = Array.isArray(v.tiers) && v.tiers.length > 0;
  if (v.kind === 'discount' && v.discount_percent == null && !hasTiers) throw invalid('discount_percent', 'is required');
  if (v.kind === 'bonus' && v.bonus_rate == null && !hasTiers) throw invalid('bonus_rate', 'is required');
}

async function cardBeforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  // In the recycle bin its invoices could no longer move its figures (un-paid, cancelled): a used card is blocked instead.
  if (change.action === 'delete') {
    const live = await sql`select 1 from loyalty_points where card_id = ${change.id}::uuid and reversed_at is null limit 1`.execute(ctx.db);
    if (live.rows.length) throw new AppError('CONFLICT', 'A loyalty card with points or purchases cannot be deleted: block it instead');
  }
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = { ...(change.before ?? {}), ...change.values };
  if (!v.account_id && !v.contact_id) throw invalid('account_id', 'a card belongs to an account or a contact', 'card');
  if (change.action === 'update' && 'card_number' in change.values && change.values.card_number !== change.before?.card_number) {
    throw invalid('card_number', 'is the card’s number and cannot change; issue a new card', 'card');
  }
  // Points are worth what their programme says: a card with a ledger cannot move to another (as merging refuses).
  if (change.action === 'update' && 'program_id' in change.values && change.values.program_id !== change.before?.program_id) {
    const used = await sql`select 1 from loyalty_points where card_id = ${change.id}::uuid limit 1`.execute(ctx.db);
    if (used.rows.length) throw invalid('program_id', 'cannot change once the card has points or purchases; issue a new card', 'card');
  }
  if ('card_number' in change.values) {
    const taken = await sql`select 1 from loyalty_cards where (lower(card_number) = lower(${String(v.card_number)}) or lower(number) = lower(${String(v.card_number)})) and id <> ${change.id}`.execute(ctx.db);
    if (taken.rows.length) throw invalid('card_number', 'is the number of another card', 'card');
  }
  if (change.action === 'create') Object.assign(change.values, { points_balance: '0', purchases_total: '0' });
}

function cardRefused(problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Loyalty card: {problem}', { problem: nested(problem) }), { loyalty_card_id: problem });
}

/** The card a document names, if the caller may see it and it may be used for this customer at this date; else 400. */
export async function usableCard(ctx: RequestContext, cardId: unknown, doc: Record<string, unknown>, date: string): Promise<Card> {
  const vis = visibilityPredicate(ctx, 'loyalty_cards', 'read', 'c');
  const r = isUuid(cardId) ? await sql<Card>`select c.id::text, c.card_number, c.account_id::text, c.contact_id::text, c.blocked, c.valid_from::text, c.valid_to::text,
      c.points_balance::text, c.purchases_total::text, jsonb_build_object('id', p.id, 'kind', p.kind, 'discount_percent', p.discount_percent::text, 'bonus_rate', p.bonus_rate::text,
        'point_value', p.point_value::text, 'tiers', p.tiers, 'valid_from', p.valid_from::text, 'valid_to', p.valid_to::text, 'is_active', p.is_active) as program
    from loyalty_cards c join loyalty_programs p on p.id = c.program_id and p.deleted_at is null
    where c.id = ${cardId} and c.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db) : { rows: [] };
  const card = r.rows[0];
  if (!card) throw cardRefused('names no card you may use');
  const p = card.program;
  if (card.blocked) throw cardRefused('is blocked');
  const outside = (from: string | null, to: string | null) => (from && date < from) || (to && date > to);
  if (outside(card.valid_from, card.valid_to) || outside(p.valid_from, p.valid_to) || p.is_active === false) throw cardRefused(msg('is not valid on {date}', { date }));
  if (!isHolder(card, doc)) throw cardRefused("is not the customer's");
  return card;
}

/** The card stays on a document whose customer changed only if the new customer holds it (else 400 at loyalty_card_id). */
export async function requireCardHolder(ctx: RequestContext, cardId: unknown, doc: Record<string, unknown>): Promise<void> {
  if (!isUuid(cardId)) return;
  const card = (await sql<{ account_id: string | null; contact_id: string | null }>`select account_id::text, contact_id::text from loyalty_cards where id = ${cardId}::uuid`.execute(ctx.db)).rows[0];
  if (card && !isHolder(card, doc)) throw cardRefused("is not the customer's");
}

const isHolder = (card: { account_id: string | null; contact_id: string | null }, doc: Record<string, unknown>) =>
  Boolean((card.account_id && card.account_id === doc.account_id) || (card.contact_id && card.contact_id === doc.contact_id));

/** The card's figures, locked for this transaction: two invoices of one card paid or redeemed at once queue up. */
interface LockedCard {
  purchases_total: string; points_balance: string; blocked: boolean | null; kind: Program['kind']; is_active: boolean | null;
  discount_percent: string | null; bonus_rate: string | null; tiers: Tier[] | null; account_id: string | null; contact_id: string | null;
}
async function lockCard(ctx: RequestContext, cardId: string): Promise<LockedCard | undefined> {
  return (await sql<LockedCard>`
    select coalesce(c.purchases_total, 0)::text as purchases_total, coalesce(c.points_balance, 0)::text as points_balance, c.blocked, p.kind, p.is_active,
      c.account_id::text, c.contact_id::text,
      p.discount_percent::text, p.bonus_rate::text, p.tiers
    from loyalty_cards c join loyalty_programs p on p.id = c.program_id where c.id = ${cardId}::uuid and c.deleted_at is null for update of c`.execute(ctx.db)).rows[0];
}

async function moveCard(ctx: RequestContext, cardId: string, figures: { purchases_total?: Decimal; points_balance?: Decimal }): Promise<void> {
  await updateRecord(asEffect(ctx), 'loyalty_cards', cardId, {}, undefined, { systemValues: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, v!.toFixed(2)])) });
}

/**
 * An invoice with a card: becoming paid adds to the card's purchases and earns bonus points (once, on a usable card,
 * for a positive amount); leaving paid (or deleted) reverses that; cancelled or deleted, the points redeemed on it
 * return to the card. Every movement is a ledger row; the card's figures change under its row lock.
 */
async function invoiceAfterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  // Deleting reversed what the invoice moved on the card: restored, it counts as new again.
  const was = change.action === 'restore' ? null : change.before?.status;
  const now = change.action === 'delete' ? null : record.status;
  if (was === 'paid' && now !== 'paid') await reverse(ctx, change.id, 'accrual', 'reversal');
  if ((now === 'cancelled' && was !== 'cancelled') || change.action === 'delete') await reverse(ctx, change.id, 'redemption', 'refund');
  // Its discount stayed on the invoice: back in force, it takes its refunded points again (the card may owe them).
  if (now !== 'cancelled' && (was === 'cancelled' || change.action === 'restore')) await reverse(ctx, change.id, 'refund', 'redemption');
  if (now !== 'paid' || was === 'paid' || !isUuid(record.loyalty_card_id)) return;
  const card = await lockCard(ctx, String(record.loyalty_card_id));
  const amount = new Decimal(String(record.grand_total ?? '0'));
  // Only the holder's purchases count (a card left on an invoice whose customer changed earns nothing).
  if (!card || !isHolder(card, record) || card.blocked || card.is_active === false || amount.lte(0)) return;
  const points = pointsFor(amount, cardRates(card, card.purchases_total).bonus);
  const added = await sql`insert into loyalty_points (card_id, kind, points, amount, document_module, document_id, created_by)
    values (${record.loyalty_card_id}::uuid, 'accrual', ${points}, ${amount.toFixed(2)}, 'invoices', ${change.id}::uuid, ${ctx.user.id}::uuid)
    on conflict (document_module, document_id) where kind = 'accrual' and reversed_at is null do nothing returning 1`.execute(ctx.db);
  if (!added.rows.length) return;
  await moveCard(ctx, String(record.loyalty_card_id), { purchases_total: new Decimal(card.purchases_total).plus(amount), points_balance: new Decimal(card.points_balance).plus(points) });
}

/** Undoes an invoice's live ledger rows of a kind with a row of the opposite sign, and the card's figures with them. */
async function reverse(ctx: RequestContext, invoiceId: string, kind: 'accrual' | 'redemption' | 'refund', as: 'reversal' | 'refund' | 'redemption'): Promise<void> {
  // Only rows of a live card: one in the recycle bin keeps its figures, and its rows stay live to match them.
  const rows = (await sql<{ id: string; card_id: string; points: string; amount: string | null }>`update loyalty_points set reversed_at = now()
    where document_module = 'invoices' and document_id = ${invoiceId}::uuid and kind = ${kind} and reversed_at is null
      and card_id in (select id from loyalty_cards where deleted_at is null)
    returning id::text, card_id::text, points::text, amount::text`.execute(ctx.db)).rows;
  for (const r of rows) {
    const card = await lockCard(ctx, r.card_id);
    if (!card) continue;
    await sql`insert into loyalty_points (card_id, kind, points, amount, document_module, document_id, created_by)
      values (${r.card_id}::uuid, ${as}, ${new Decimal(r.points).neg().toFixed(2)}, ${r.amount}, 'invoices', ${invoiceId}::uuid, ${ctx.user.id}::uuid)`.execute(ctx.db);
    await moveCard(ctx, r.card_id, {
      points_balance: new Decimal(card.points_balance).minus(r.points),
      ...(kind === 'accrual' ? { purchases_total: Decimal.max(0, new Decimal(card.purchases_total).minus(r.amount ?? '0')) } : {}),
    });
  }
}

/** `redeem_points {"points"}` on an unpaid invoice with a bonus card: the invoice's adjustment goes down by their value. */
const redeemPoints: ActionHandler = async (ctx, id, body) => runWrite(ctx, async (tctx) => {
  const raw = (body as { points?: unknown } | null)?.points;
  const points = typeof raw === 'number' ? new Decimal(raw) : typeof raw === 'string' && NUMBER.test(raw.trim()) ? new Decimal(raw.trim()) : null;
  if (!points || points.lte(0) || points.decimalPlaces() > 2) throw invalid('points', 'must be a number greater than 0', 'card');
  // The invoice as the caller may write it (404/403 otherwise), locked for the change.
  const inv = await lockForWrite(tctx, tctx.registry.module('invoices'), id);
  if (inv.status === 'paid' || inv.status === 'cancelled') throw invalid('points', 'cannot be redeemed on a paid or cancelled invoice', 'card');
  const date = inv.invoice_date ? String(inv.invoice_date instanceof Date ? inv.invoice_date.toISOString() : inv.invoice_date).slice(0, 10) : todayOf(tctx.user.timeZone);
  const card = await usableCard(tctx, inv.loyalty_card_id, inv, date);
  if (card.program.kind !== 'bonus') throw invalid('points', 'the card earns no points', 'card');
  const balance = (await lockCard(tctx, card.id))?.points_balance ?? '0';
  if (points.gt(balance)) throw invalid('points', msg('at most {max}', { max: balance }), 'card');
  const value = points.times(card.program.point_value ?? '1').toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (value.gt(String(inv.grand_total ?? '0'))) throw invalid('points', msg('at most {max}', { max: String(inv.grand_total) }), 'card');
  const updated = await updateRecord(tctx, 'invoices', id, { adjustment: new Decimal(String(inv.adjustment ?? '0')).minus(value).toFixed(2) });
  await sql`insert into loyalty_points (card_id, kind, points, amount, document_module, document_id, created_by)
    values (${card.id}::uuid, 'redemption', ${points.neg().toFixed(2)}, ${value.toFixed(2)}, 'invoices', ${id}::uuid, ${tctx.user.id}::uuid)`.execute(tctx.db);
  await moveCard(tctx, card.id, { points_balance: new Decimal(balance).minus(points) });
  return { body: { data: updated } };
});

export const loyaltyProgramBehaviour: ModuleBehaviour = { beforeWrite: programBeforeWrite };
export const loyaltyCardBehaviour: ModuleBehaviour = {
  beforeWrite: cardBeforeWrite,
  // A card's balance is its ledger's sum: merged in, a card's ledger and figures go to the survivor (of the same
  // programme: points of one are no currency of another), and the card in the recycle bin keeps none.
  async onMerge(ctx, survivor, merged) {
    const used = await sql`select 1 from loyalty_points where card_id = any(${merged}::uuid[]) limit 1`.execute(ctx.db);
    if (!used.rows.length) return;
    const programmes = await sql<{ n: number }>`select count(distinct program_id)::int as n from loyalty_cards where id = any(${[survivor, ...merged]}::uuid[])`.execute(ctx.db);
    if (programmes.rows[0].n > 1) throw new AppError('CONFLICT', 'Loyalty cards of different programmes cannot be merged once they have points or purchases');
    const target = await lockCard(ctx, survivor);
    if (!target) return;
    let points = new Decimal(target.points_balance);
    let purchases = new Decimal(target.purchases_total);
    for (const id of merged) {
      const card = await lockCard(ctx, id);
      if (!card) continue;
      points = points.plus(card.points_balance);
      purchases = purchases.plus(card.purchases_total);
      await moveCard(ctx, id, { points_balance: new Decimal(0), purchases_total: new Decimal(0) });
    }
    await sql`update loyalty_points set card_id = ${survivor}::uuid where card_id = any(${merged}::uuid[])`.execute(ctx.db);
    await moveCard(ctx, survivor, { points_balance: points, purchases_total: purchases });
  },
};
export const invoiceLoyaltyBehaviour: ModuleBehaviour = { afterWrite: invoiceAfterWrite, actions: { redeem_points: redeemPoints } };
