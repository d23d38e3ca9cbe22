import type { Migration } from '../../engine/schema/core-migrations.js';

/** Pricing tables (versions 800–899): the dated price register. Append only. */
export const PRICING_MIGRATIONS: Migration[] = [
  {
    version: 800,
    name: 'pricing: the price register (item, price type, effective date → price, by hand or computed, and how)',
    statements: [
      `create table prices (
        id bigint generated always as identity primary key, item_module text not null, item_id uuid not null, price_type_id uuid not null,
        effective_date date not null, price numeric(18,2) not null, source text not null, basis jsonb, created_by uuid,
        created_at timestamptz not null default now())`,
      `create unique index prices_once on prices(item_id, price_type_id, effective_date)`,
      `create index prices_by_type on prices(price_type_id, effective_date)`,
      // Everyone who reads the catalogue reads its price types; who writes products sets prices.
      `update roles set permissions = permissions || jsonb_build_object('price_types', permissions->'products') where permissions ? 'products' and not permissions ? 'price_types'`,
    ],
  },
  {
    version: 801,
    name: 'pricing: purchase prices from received purchase orders (the base of markups over the last purchase price)',
    statements: [
      `create table purchase_prices (
        id bigint generated always as identity primary key, item_module text not null, item_id uuid not null, effective_date date not null,
        price numeric(18,2) not null, purchase_order_id uuid, created_at timestamptz not null default now())`,
      `create unique index purchase_prices_once on purchase_prices(item_id, effective_date)`,
    ],
  },
  {
    version: 802,
    name: 'pricing: offers (terms of sale) for every role that works with quotes, with the same rights',
    statements: [
      `update roles set permissions = permissions || jsonb_build_object('offers', permissions->'quotes') where permissions ? 'quotes' and not permissions ? 'offers'`,
    ],
  },
  {
    version: 803,
    name: 'pricing: loyalty cards for roles that sell, programmes as they have web forms; the points ledger',
    statements: [
      `update roles set permissions = permissions || jsonb_build_object('loyalty_cards', permissions->'quotes') where permissions ? 'quotes' and not permissions ? 'loyalty_cards'`,
      `update roles set permissions = permissions || jsonb_build_object('loyalty_programs', coalesce(permissions->'web_forms', '["view"]'::jsonb))
        where (permissions ? 'quotes' or permissions ? 'web_forms') and not permissions ? 'loyalty_programs'`,
      `create table loyalty_points (
        id bigint generated always as identity primary key, card_id uuid not null, kind text not null, points numeric(18,2) not null,
        amount numeric(18,2), document_module text, document_id uuid, reversed_at timestamptz, created_by uuid,
        created_at timestamptz not null default now())`,
      `create index loyalty_points_by_card on loyalty_points(card_id, id)`,
      `create index loyalty_points_by_document on loyalty_points(document_id)`,
      // A paid invoice earns its points once (on one card), however often its status is written, until it is un-paid.
      `create unique index loyalty_points_accrual_once on loyalty_points(document_module, document_id) where kind = 'accrual' and reversed_at is null`,
    ],
  },
];
