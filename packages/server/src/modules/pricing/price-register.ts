/**
 * The price register: (item, price type, effective date) → price. Prices set by hand are written as given; every type
 * built on a changed one (a markup over it, transitively) gets its price recomputed from the same date for the same
 * items — one set-based statement per dependent type, in the transaction of the change, so never half-done. A computed
 * price never overwrites one set by hand for that day.
 */
import Decimal from 'decimal.js';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db.js';
import { roundSql, type Precision, type RoundingMode } from './price-math.js';
import { todayOf, userTimeZone } from '../../platform/time-zone.js';

export interface PriceType {
  id: string; name: string; kind: 'manual' | 'markup' | 'purchase_markup'; base_type_id: string | null; markup_percent: string | null;
  rounding_precision: Precision; rounding_mode: RoundingMode; group_markups: { price_group: string; markup_percent: string }[] | null;
  min_quantity: string | null; currency: string | null; is_active: boolean | null;
}

/** A price type's columns as `PriceType` has them (numbers as text). */
export const TYPE_COLUMNS = sql`id::text, name, kind, base_type_id::text, markup_percent::text, rounding_precision, rounding_mode, group_markups,
  min_quantity::text, currency, is_active`;

export async function readTypes(db: Tx): Promise<Map<string, PriceType>> {
  const r = await sql<PriceType>`select ${TYPE_COLUMNS} from price_types where deleted_at is null`.execute(db);
  return new Map(r.rows.map((t) => [t.id, t]));
}

/**
 * The markup types to recompute when `changed` types got new prices: those built on them, transitively — a changed type
 * too when its own base changed (its prices set by hand stay, the rest follow) — each after its base (pure).
 */
export function dependentsInOrder(types: PriceType[], changed: Set<string>): PriceType[] {
  const markups = types.filter((t) => t.kind === 'markup' && t.base_type_id);
  const wanted = new Set<string>();
  // Each pass adds at least one type or stops: at most as many passes as types.
  for (let grew = true; grew;) {
    grew = false;
    for (const t of markups) if (!wanted.has(t.id) && (changed.has(t.base_type_id!) || wanted.has(t.base_type_id!))) { wanted.add(t.id); grew = true; }
  }
  const out: PriceType[] = [];
  const placed = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const t of markups) {
      if (!wanted.has(t.id) || placed.has(t.id) || (wanted.has(t.base_type_id!) && !placed.has(t.base_type_id!))) continue;
      out.push(t);
      placed.add(t.id);
      grew = true;
    }
  }
  return out;
}

/** Later dated prices a back-dated change reaches (beyond them, the next change of the base recomputes anyway). */
export const MAX_LATER_DATES = 100;

/**
 * Writes one type's computed prices at `date` from its base's prices then (for `items`, or every item with a base
 * price); with `onlyExisting`, only where the type already has a computed price that day (a later row brought up to date).
 */
export async function computeType(db: Tx, t: PriceType, date: string, items: string[] | null, userId: string | null, onlyExisting = false): Promise<number> {
  if (t.kind === 'manual' || (t.kind === 'markup' && !t.base_type_id)) return 0;
  const which = sql`${items ? sql`and x.item_id = any(${items}::uuid[])` : sql``} ${onlyExisting ? sql`and exists (select 1 from prices e
    where e.item_id = x.item_id and e.price_type_id = ${t.id}::uuid and e.effective_date = ${date}::date and e.source = 'computed')` : sql``}`;
  // The base: the base type's price then, or the last purchase price then (from received purchase orders).
  const baseRows = t.kind === 'purchase_markup'
    ? sql`select distinct on (x.item_id) x.item_module, x.item_id, x.price from purchase_prices x
        where x.effective_date <= ${date}::date ${which} order by x.item_id, x.effective_date desc`
    : sql`select distinct on (x.item_id) x.item_module, x.item_id, x.price from prices x
        where x.price_type_id = ${t.base_type_id}::uuid and x.effective_date <= ${date}::date ${which} order by x.item_id, x.effective_date desc`;
  const groups = JSON.stringify(t.group_markups ?? []);
  const markup = sql`coalesce((select (g->>'markup_percent')::numeric from jsonb_array_elements(${groups}::jsonb) g
    where lower(g->>'price_group') = lower(p.price_group) limit 1), ${t.markup_percent ?? '0'}::numeric)`;
  const price = roundSql(sql`b.price * (1 + ${markup} / 100)`, t.rounding_precision, t.rounding_mode);
  const r = await sql<{ n: number }>`with base as (${baseRows}),
    written as (insert into prices (item_module, item_id, price_type_id, effective_date, price, source, basis, created_by)
      select b.item_module, b.item_id, ${t.id}::uuid, ${date}::date, ${price}, 'computed',
        jsonb_build_object('base_type_id', ${t.base_type_id}::text, 'base', ${t.kind === 'purchase_markup' ? 'purchase' : 'price_type'}::text, 'base_price', b.price::text, 'markup_percent', ${markup}::text,
          'rounding_precision', ${t.rounding_precision}::text, 'rounding_mode', ${t.rounding_mode}::text), ${userId}::uuid
      from base b left join products p on p.id = b.item_id
      on conflict (item_id, price_type_id, effective_date) do update set price = excluded.price, basis = excluded.basis, created_at = now()
        where prices.source = 'computed'
      returning 1)
    select count(*)::int as n from written`.execute(db);
  return Number(r.rows[0].n);
}

/** Which items changed, per price type (null: every item). */
export type ChangedPrices = Map<string, Set<string> | null>;

/**
 * Recomputes every type built on the changed ones at `date`, each for the items its base changed for, and brings their
 * later computed prices of those items up to date (a back-dated base price is what those were computed from).
 */
export async function recomputeDependents(db: Tx, changed: ChangedPrices, date: string, userId: string | null): Promise<number> {
  const types = [...(await readTypes(db)).values()];
  const itemsOf: ChangedPrices = new Map(changed);
  let n = 0;
  for (const t of dependentsInOrder(types, new Set(changed.keys()))) {
    const items = itemsOf.get(t.base_type_id!);
    if (items === undefined) continue;
    const list = items ? [...items] : null;
    n += await computeType(db, t, date, list, userId);
    const later = await sql<{ d: string }>`select distinct effective_date::text as d from prices where price_type_id = ${t.id}::uuid and source = 'computed'
      and effective_date > ${date}::date ${list ? sql`and item_id = any(${list}::uuid[])` : sql``} order by 1 limit ${MAX_LATER_DATES}`.execute(db);
    for (const r of later.rows) n += await computeType(db, t, r.d, list, userId, true);
    const own = itemsOf.get(t.id);
    itemsOf.set(t.id, items === null || own === null ? null : new Set([...(own ?? []), ...items]));
  }
  return n;
}

export interface PriceRow { item_module: string; price: string; source: string; effective_date: string; basis: Record<string, unknown> | null }

/**
 * The statement reading the prices at a date of a type and of every type it is built on (its chain, read from the
 * types in the same statement, at most `maxChain` deep) — so a line's price need not wait for the types to be read first.
 */
export function chainPricesSql(itemId: string, typeId: string, date: string, maxChain: number) {
  return sql<PriceRow & { price_type_id: string }>`with recursive chain (id, base_type_id, depth) as (
      select id, base_type_id, 1 from price_types where id = ${typeId}::uuid and deleted_at is null
      union all
      select t.id, t.base_type_id, c.depth + 1 from price_types t join chain c on t.id = c.base_type_id where c.depth < ${maxChain} and t.deleted_at is null)
    select distinct on (p.price_type_id) p.price_type_id::text, p.item_module, p.price::text, p.source, p.effective_date::text, p.basis from prices p
    where p.item_id = ${itemId}::uuid and p.price_type_id in (select id from chain) and p.effective_date <= ${date}::date
    order by p.price_type_id, p.effective_date desc`;
}

/**
 * A received purchase order's lines become the items' purchase prices of the day (net of line discounts; the last
 * order received that day wins), and the types marked up over purchase prices — and those built on them — follow.
 */
export async function takePurchasePrices(db: Tx, orderId: string, lines: { item_module: string | null; item_id: string | null; quantity: string; list_price: string; discount_percent: string | null; discount_amount: string | null }[], userId: string | null): Promise<number> {
  const date = todayOf(await userTimeZone(db, userId));
  const rows = new Map<string, { module: string; price: string }>();
  for (const l of lines) {
    if (!l.item_id || !l.item_module) continue;
    const q = new Decimal(l.quantity || '1');
    let unit = new Decimal(l.list_price || '0');
    if (l.discount_percent) unit = unit.times(new Decimal(100).minus(l.discount_percent)).div(100);
    else if (l.discount_amount && q.gt(0)) unit = unit.minus(new Decimal(l.discount_amount).div(q));
    rows.set(l.item_id, { module: l.item_module, price: Decimal.max(0, unit).toDecimalPlaces(2).toFixed(2) });
  }
  if (!rows.size) return 0;
  const ids = [...rows.keys()];
  await sql`insert into purchase_prices (item_module, item_id, effective_date, price, purchase_order_id)
    select x.m, x.i, ${date}::date, x.p, ${orderId}::uuid from unnest(${ids.map((i) => rows.get(i)!.module)}::text[], ${ids}::uuid[], ${ids.map((i) => rows.get(i)!.price)}::numeric[]) as x(m, i, p)
    on conflict (item_id, effective_date) do update set price = excluded.price, purchase_order_id = excluded.purchase_order_id, created_at = now()`.execute(db);
  const types = [...(await readTypes(db)).values()].filter((t) => t.kind === 'purchase_markup');
  let n = 0;
  for (const t of types) n += await computeType(db, t, date, ids, userId);
  return n + (types.length ? await recomputeDependents(db, new Map(types.map((t) => [t.id, new Set(ids)])), date, userId) : 0);
}
