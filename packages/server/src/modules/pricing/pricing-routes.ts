/**
 * Prices over HTTP: `GET /api/v1/pricing/price` (one item's price of a type at a date and quantity, with how it was
 * computed), `GET /api/v1/pricing/history`, `GET /api/v1/pricing/prices` (an item's prices of every type at a date) and
 * `POST /api/v1/pricing/prices` (prices set by hand at a date; dependent types follow in the same transaction).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isRealDate, isUuid } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { runWrite } from '../../engine/records/write-helpers.js';
import { arr, bareAndData, bareAndDataOf, dataOf, doc, nullable, obj, str } from '../../engine/http/openapi/schema.js';
import { COMPANY_CURRENCY, companyCurrency, DEFAULT_CURRENCY } from '../../admin/company-routes.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { MAX_CHAIN } from './price-type-rules.js';
import { importRefusal, priceListXlsx, readPriceList } from './price-list.js';
import { MAX_LABELS, priceLabelsPdf, priceListPdf } from './price-list-pdf.js';
import multipart from '@fastify/multipart';
import { uploadLimits } from '../../platform/http/upload-limits.js';
import { MAX_UPLOAD_MB, readUpload } from '../../engine/http/import-routes.js';
import { chainPricesSql, readTypes, recomputeDependents, TYPE_COLUMNS, type ChangedPrices, type PriceRow, type PriceType } from './price-register.js';
import { todayOf } from '../../platform/time-zone.js';

export const MAX_PRICES = 10_000;
const PRICE = /^\d{1,12}(\.\d{1,2})?$/;

function invalidPrices(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid prices: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}
/** A date asked for, else today on the caller's clock. */
function dateOf(v: unknown, zone: string | undefined, key = 'date'): string {
  if (v === undefined || v === null || v === '') return todayOf(zone);
  if (typeof v !== 'string' || !isRealDate(v)) throw invalidPrices(key, 'must be a date (YYYY-MM-DD)');
  return v;
}

const ITEM_MODULES = ['products', 'services'] as const;
type ItemModule = (typeof ITEM_MODULES)[number];

/** Live rows of a module (aliased `r`) the caller may see. */
const liveAndVisible = (ctx: RequestContext, module: string) => sql`r.deleted_at is null and ${visibilityPredicate(ctx, module, 'read', 'r') ?? sql`true`}`;

/** Which of `ids` are products or services the caller may see, and their module (one query per module). */
async function visibleItems(ctx: RequestContext, ids: string[]): Promise<Map<string, ItemModule>> {
  const out = new Map<string, ItemModule>();
  for (const m of ITEM_MODULES) {
    if (!can(ctx, m, 'view') || out.size === ids.length) continue;
    const r = await sql<{ id: string }>`select r.id::text from ${sql.table(m)} r where r.id = any(${ids}::uuid[]) and ${liveAndVisible(ctx, m)}`.execute(ctx.db);
    for (const x of r.rows) out.set(x.id, m);
  }
  return out;
}

/** The product or service, if the caller may see it; its module. */
async function itemModule(ctx: RequestContext, id: unknown, key: string): Promise<ItemModule> {
  const m = isUuid(id) ? (await visibleItems(ctx, [id.toLowerCase()])).get(id.toLowerCase()) : undefined;
  if (!m) throw invalidPrices(key, 'names no product or service');
  return m;
}

/** The price types the caller may see (or, for `write`, change — setting a type's prices changes the type), by id. */
async function visibleTypes(ctx: RequestContext, mode: 'read' | 'write' = 'read'): Promise<Map<string, PriceType>> {
  const types = await readTypes(ctx.db);
  const vis = visibilityPredicate(ctx, 'price_types', mode, 'r');
  if (!vis) return types;
  const seen = new Set((await sql<{ id: string }>`select r.id::text from price_types r where r.deleted_at is null and ${vis}`.execute(ctx.db)).rows.map((x) => x.id));
  return new Map([...types].filter(([id]) => seen.has(id)));
}

/**
 * What a line's price needs, in one statement (a line's price is asked for on every keystroke): the item's module if
 * the caller may see it, the price types they may see, the company's currency, and the prices along the type's chain
 * (used only once the item and the type prove visible).
 */
async function lineInputs(ctx: RequestContext, item: unknown, typeId: unknown, date: string): Promise<{ module: ItemModule | null; types: Map<string, PriceType>; currency: string; prices: Map<string, PriceRow> }> {
  if (!isUuid(item)) return { module: null, types: new Map(), currency: DEFAULT_CURRENCY(), prices: new Map() };
  const id = item.toLowerCase();
  const modules = ITEM_MODULES.filter((m) => can(ctx, m, 'view')).map((m) => sql`select ${m}::text as m from ${sql.table(m)} r
    where r.id = ${id}::uuid and ${liveAndVisible(ctx, m)}`);
  const chain = isUuid(typeId) ? sql`(select coalesce(json_agg(c), '[]') from (${chainPricesSql(id, typeId.toLowerCase(), date, MAX_CHAIN)}) c)` : sql`'[]'::json`;
  const r = await sql<{ module: ItemModule | null; types: PriceType[]; currency: string | null; prices: (PriceRow & { price_type_id: string })[] }>`select
      ${modules.length ? sql`(${sql.join(modules, sql` union all `)} limit 1)` : sql`null::text`} as module,
      (select coalesce(json_agg(t), '[]') from (select ${TYPE_COLUMNS} from price_types r where ${liveAndVisible(ctx, 'price_types')}) t) as types,
      ${COMPANY_CURRENCY} as currency,
      ${chain} as prices`.execute(ctx.db);
  const row = r.rows[0];
  return {
    module: row.module, currency: row.currency || DEFAULT_CURRENCY(),
    types: new Map(row.types.map((t) => [t.id, t])), prices: new Map(row.prices.map((p) => [p.price_type_id, p])),
  };
}

function typeOf(types: Map<string, PriceType>, id: unknown, key: string): PriceType {
  const t = isUuid(id) ? types.get(id.toLowerCase()) : undefined;
  if (!t) throw invalidPrices(key, 'names no price type');
  return t;
}

interface Step { price_type_id: string; name: string; source: string; effective_date: string | null; price: string | null; basis?: Record<string, unknown> | null; note?: string }

/**
 * The price of `type` for an item at a date and quantity, with each step of how it was made (bounded by MAX_CHAIN),
 * from the prices along the type's chain at that date (`pricesAlongChain`).
 */
function explain(types: Map<string, PriceType>, rows: Map<string, PriceRow>, type: PriceType, quantity: number | null): { price: string | null; type: PriceType; basis: Step[] } {
  const basis: Step[] = [];
  let t: PriceType | undefined = type;
  // Below a type's minimum quantity, the type it is built on applies.
  while (t && quantity !== null && t.min_quantity !== null && quantity < Number(t.min_quantity) && basis.length < MAX_CHAIN) {
    basis.push({ price_type_id: t.id, name: t.name, source: 'threshold', effective_date: null, price: null, note: `quantity < ${t.min_quantity}` });
    t = t.base_type_id ? types.get(t.base_type_id) : undefined;
  }
  if (!t) return { price: null, type, basis };
  const chain: PriceType[] = [];
  for (let at: PriceType | undefined = t; at && chain.length < MAX_CHAIN - basis.length; at = at.base_type_id ? types.get(at.base_type_id) : undefined) chain.push(at);
  // The chain under a computed price, as it stood at that date.
  for (const step of chain) {
    const r = rows.get(step.id);
    basis.push({ price_type_id: step.id, name: step.name, source: r?.source ?? 'none', effective_date: r?.effective_date ?? null, price: r?.price ?? null, basis: r?.basis ?? null });
    if (r?.source !== 'computed') break;
  }
  const row = rows.get(t.id);
  return { price: row?.price ?? null, type: t, basis };
}

const STEP = obj({ price_type_id: str(), name: str(), source: str(), effective_date: nullable(str()), price: nullable(str()) });

export async function pricingRoutes(api: FastifyInstance, _app: AppContext): Promise<void> {
  api.get<{ Querystring: Record<string, string | undefined> }>('/pricing/price', doc({ tags: ['pricing'], summary: 'The price of a product or service of a price type at a date and quantity, and how it was computed',
    querystring: obj({ product_id: str(), price_type_id: str(), date: str(), quantity: str() }, ['product_id', 'price_type_id']),
    response: { 200: bareAndDataOf(obj({ price: nullable(str()), currency: str(), date: str(), basis: arr(STEP) }, ['price', 'currency', 'basis'])) } }), async (req) => {
    const ctx = req.ctx;
    requirePermission(ctx, 'price_types', 'view');
    const item = req.query.product_id;
    const date = dateOf(req.query.date, req.ctx.user.timeZone);
    const q = req.query.quantity === undefined || req.query.quantity === '' ? null : Number(req.query.quantity);
    if (q !== null && (!Number.isFinite(q) || q < 0)) throw invalidPrices('quantity', 'must be a number');
    const typeId = req.query.price_type_id;
    const input = await lineInputs(ctx, item, typeId, date);
    if (!input.module) throw invalidPrices('product_id', 'names no product or service');
    const type = typeOf(input.types, typeId, 'price_type_id');
    const { types, prices } = input;
    const r = explain(types, prices, type, q);
    return bareAndData({ price: r.price, currency: r.type.currency ?? input.currency, date, basis: r.basis });
  });

  api.get<{ Querystring: Record<string, string | undefined> }>('/pricing/prices', doc({ tags: ['pricing'], summary: "A product's or service's price of every price type at a date",
    querystring: obj({ product_id: str(), date: str() }, ['product_id']),
    response: { 200: obj({ data: arr(obj({})), currency: str() }, ['data']) } }), async (req) => {
    const ctx = req.ctx;
    requirePermission(ctx, 'price_types', 'view');
    await itemModule(ctx, req.query.product_id, 'product_id');
    const date = dateOf(req.query.date, req.ctx.user.timeZone);
    const types = [...(await visibleTypes(ctx)).values()].sort((a, b) => a.name.localeCompare(b.name));
    const r = await sql<{ price_type_id: string; price: string; source: string; effective_date: string }>`select distinct on (price_type_id) price_type_id::text, price::text, source, effective_date::text
      from prices where item_id = ${String(req.query.product_id)}::uuid and effective_date <= ${date}::date order by price_type_id, effective_date desc`.execute(ctx.db);
    const by = new Map(r.rows.map((x) => [x.price_type_id, x]));
    return { data: types.map((t) => ({ price_type_id: t.id, name: t.name, kind: t.kind, currency: t.currency, price: by.get(t.id)?.price ?? null, source: by.get(t.id)?.source ?? null, effective_date: by.get(t.id)?.effective_date ?? null })), currency: await companyCurrency(ctx.db) };
  });

  api.get<{ Querystring: Record<string, string | undefined> }>('/pricing/history', doc({ tags: ['pricing'], summary: "A product's prices of one price type over time, newest first",
    querystring: obj({ product_id: str(), price_type_id: str() }, ['product_id', 'price_type_id']),
    response: { 200: obj({ data: arr(obj({ effective_date: str(), price: str(), source: str() })) }, ['data']) } }), async (req) => {
    const ctx = req.ctx;
    requirePermission(ctx, 'price_types', 'view');
    await itemModule(ctx, req.query.product_id, 'product_id');
    const type = typeOf(await visibleTypes(ctx), req.query.price_type_id, 'price_type_id');
    const r = await sql`select effective_date::text, price::text, source, basis, created_at from prices
      where item_id = ${String(req.query.product_id)}::uuid and price_type_id = ${type.id}::uuid order by effective_date desc limit 1000`.execute(ctx.db);
    return { data: r.rows };
  });

  api.get<{ Querystring: Record<string, string | undefined> }>('/pricing/price_list', doc({ tags: ['pricing'], summary: 'A price list at a date as XLSX or PDF: products and services × price types (all, or the ones named, comma-separated); `segment_id`: the members of a product segment',
    querystring: obj({ price_type_id: str(), date: str(), format: str({ enum: ['xlsx', 'pdf'] }), segment_id: str() }), response: { 200: 'application/octet-stream' } }), async (req, reply) => {
    const ctx = req.ctx;
    requirePermission(ctx, 'price_types', 'view');
    const date = dateOf(req.query.date, req.ctx.user.timeZone);
    const format = req.query.format ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'pdf') throw invalidPrices('format', msg('must be one of {values}', { values: 'xlsx, pdf' }));
    const segment = req.query.segment_id ? String(req.query.segment_id) : null;
    if (segment !== null && !(await isProductSegment(ctx, segment))) throw invalidPrices('segment_id', 'must be a segment of products');
    const types = await namedTypes(ctx, req.query.price_type_id);
    const body = format === 'pdf' ? await priceListPdf(ctx, types, date, segment) : await priceListXlsx(ctx, types, date, segment);
    return reply.header('Content-Type', format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`price-list-${date}.${format}`)}`).send(body);
  });

  api.get<{ Querystring: Record<string, string | undefined> }>('/pricing/labels', doc({ tags: ['pricing'], summary: 'Price labels (PDF): a card per product or service named, with its price of one type at a date',
    querystring: obj({ price_type_id: str(), product_ids: str(), date: str() }, ['price_type_id', 'product_ids']), response: { 200: 'application/octet-stream' } }), async (req, reply) => {
    const ctx = req.ctx;
    requirePermission(ctx, 'price_types', 'view');
    const date = dateOf(req.query.date, req.ctx.user.timeZone);
    const type = typeOf(await visibleTypes(ctx), req.query.price_type_id, 'price_type_id');
    const ids = [...new Set(String(req.query.product_ids ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean))];
    if (!ids.length || ids.length > MAX_LABELS || !ids.every(isUuid)) throw invalidPrices('product_ids', msg('must list 1 to {max} products or services', { max: MAX_LABELS }));
    const body = await priceLabelsPdf(ctx, type, date, ids);
    return reply.header('Content-Type', 'application/pdf').header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`labels-${date}.pdf`)}`).send(body);
  });

  api.post('/pricing/prices', doc({ tags: ['pricing'], summary: 'Prices set by hand from a date; the price types built on them are recomputed from that date',
    body: obj({ date: str(), prices: arr(obj({ product_id: str(), price_type_id: str(), price: str() })) }, ['prices']),
    response: { 200: dataOf(obj({ saved: { type: 'integer' }, recomputed: { type: 'integer' } }, ['saved', 'recomputed'])) } }), async (req) => {
    const ctx = req.ctx;
    requirePermission(ctx, 'price_types', 'edit');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const date = dateOf(body.date, req.ctx.user.timeZone);
    const rows = body.prices;
    if (!Array.isArray(rows) || !rows.length || rows.length > MAX_PRICES) throw invalidPrices('prices', msg('must list 1 to {max} prices', { max: MAX_PRICES }));
    const types = await visibleTypes(ctx, 'write');
    const byKey = new Map<string, { module: string; id: string; type: string; price: string }>();
    const asked = rows.map((raw) => ((raw ?? {}) as Record<string, unknown>).product_id).map((id) => (typeof id === 'string' ? id.toLowerCase() : id));
    const known = await visibleItems(ctx, [...new Set(asked.filter(isUuid))]);
    for (const [i, raw] of rows.entries()) {
      const o = (raw ?? {}) as Record<string, unknown>;
      const id = asked[i];
      const module = known.get(String(id));
      if (!module) throw invalidPrices(`prices[${i}].product_id`, 'names no product or service');
      const t = typeOf(types, o.price_type_id, `prices[${i}].price_type_id`);
      const price = typeof o.price === 'number' ? String(o.price) : o.price;
      if (typeof price !== 'string' || !PRICE.test(price)) throw invalidPrices(`prices[${i}].price`, 'must be a price of at least 0 with up to 2 decimals');
      // The same item and type twice: the later line wins (one row per day).
      byKey.set(`${String(id)}:${t.id}`, { module, id: String(id), type: t.id, price });
    }
    const items = [...byKey.values()];
    return { data: await writePrices(ctx, date, items) };
  });

  api.register(async (scope) => {
    await scope.register(multipart, uploadLimits(MAX_UPLOAD_MB * 1024 * 1024));
    scope.post('/pricing/import', doc({ tags: ['pricing'], summary: 'New prices from an XLSX price list (the export\'s layout) at a date: `dry_run=1` previews; with any error nothing is applied',
      consumes: ['multipart/form-data'], body: obj({ file: str({ format: 'binary' }), date: str(), dry_run: str({ enum: ['0', '1'] }) }, ['file']),
      response: { 200: dataOf(obj({ rows: { type: 'integer' }, prices: { type: 'integer' }, errors: arr(obj({})), applied: { type: 'boolean' }, recomputed: { type: 'integer' } }, ['rows', 'prices', 'errors', 'applied'])), 400: obj({ error: obj({ code: str(), message: str(), fields: obj({}) }) }) } }), async (req, reply) => {
      const ctx = req.ctx;
      requirePermission(ctx, 'price_types', 'edit');
      const { file, fields } = await readUpload(req);
      const date = dateOf(fields.date, req.ctx.user.timeZone);
      // The export's columns are the types the user may read; only those they may change are read back.
      const read = await readPriceList(ctx, file, await visibleTypes(ctx), new Set((await visibleTypes(ctx, 'write')).keys()), (ids) => visibleItems(ctx, ids));
      const dry = fields.dry_run === '1' || fields.dry_run === 'true';
      if (read.errors.length && !dry) return reply.code(400).send({ error: importRefusal(ctx.lang, read.errors) });
      if (dry) return { data: { rows: read.rows, prices: read.prices.length, errors: read.errors.slice(0, 500), applied: false, recomputed: 0 } };
      const done = await writePrices(ctx, date, read.prices);
      return { data: { rows: read.rows, prices: done.saved, errors: [], applied: true, recomputed: done.recomputed } };
    });
  });
}

/** Whether `id` is a live segment of products the caller may see. */
async function isProductSegment(ctx: RequestContext, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const vis = visibilityPredicate(ctx, 'segments', 'read', 's');
  const r = await sql<{ module: string }>`select s.module from segments s where s.id = ${id}::uuid and s.deleted_at is null ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db);
  return r.rows[0]?.module === 'products';
}

/** The price types a list names (comma-separated or repeated; each once, at most 50), or all the caller may see by name. */
async function namedTypes(ctx: RequestContext, raw: unknown): Promise<PriceType[]> {
  const all = await visibleTypes(ctx);
  const asked = raw ? [...new Set((Array.isArray(raw) ? raw : [raw]).flatMap((x) => String(x).split(',')).map((id) => id.trim().toLowerCase()).filter(Boolean))] : null;
  if (asked && asked.length > 50) throw invalidPrices('price_type_id', msg('must name at most {max} price types', { max: 50 }));
  return asked ? asked.map((id) => typeOf(all, id, 'price_type_id')) : [...all.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Prices set by hand from `date`, and every type built on them recomputed — one transaction. */
export async function writePrices(ctx: RequestContext, date: string, items: { module: string; id: string; type: string; price: string }[]): Promise<{ saved: number; recomputed: number }> {
  return runWrite(ctx, async (tctx) => {
    await sql`insert into prices (item_module, item_id, price_type_id, effective_date, price, source, created_by)
      select x.m, x.i, x.t, ${date}::date, x.p, 'manual', ${ctx.user.id}::uuid
      from unnest(${items.map((x) => x.module)}::text[], ${items.map((x) => x.id)}::uuid[], ${items.map((x) => x.type)}::uuid[], ${items.map((x) => x.price)}::numeric[]) as x(m, i, t, p)
      on conflict (item_id, price_type_id, effective_date) do update set price = excluded.price, source = 'manual', basis = null, created_by = excluded.created_by, created_at = now()`.execute(tctx.db);
    const changed: ChangedPrices = new Map();
    for (const x of items) (changed.get(x.type) ?? changed.set(x.type, new Set()).get(x.type)!)!.add(x.id);
    const recomputed = await recomputeDependents(tctx.db, changed, date, ctx.user.id);
    return { saved: items.length, recomputed };
  });
}
