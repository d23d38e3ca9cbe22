import { sql } from 'kysely';
import type { RequestContext } from '../../engine/context.js';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { recordRefs } from '../../engine/records/refs.js';
import { companyCurrency } from '../../admin/company-routes.js';
import { AppError, type FieldErrors } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import { classify, DEFAULT_THRESHOLDS, matrix, monthsBetween, type Thresholds } from './abc-xyz-classify.js';
import { RATE_CTES, rateJoins } from './currency-rates.js';
import { UNSOLD_INVOICE_STATUSES } from '../invoices/invoices.module.js';
import { todayOf } from '../../platform/time-zone.js';

export interface AbcXyzQuery { subject?: string; from?: string; to?: string; measure?: string; a?: string; b?: string; x?: string; y?: string; limit?: string }

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_ITEMS = 2000;

function bad(errors: FieldErrors): AppError {
  const [key, problem] = Object.entries(errors)[0];
  return new AppError('VALIDATION_FAILED', msg('Invalid report: {key} {problem}', { key, problem: nested(problem as Said) }), errors);
}

function parse(q: AbcXyzQuery, zone?: string) {
  const errors: FieldErrors = {};
  const subject = q.subject ?? 'accounts';
  if (subject !== 'accounts' && subject !== 'products') errors.subject = 'must be accounts or products';
  const measure = q.measure ?? 'revenue';
  if (measure !== 'revenue' && measure !== 'quantity') errors.measure = 'must be revenue or quantity';
  // By default the twelve months up to today, on the reader's clock.
  const today = new Date(`${todayOf(zone)}T00:00:00Z`);
  const yearAgo = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth() + 1, 1));
  const from = q.from ?? yearAgo.toISOString().slice(0, 10);
  const to = q.to ?? today.toISOString().slice(0, 10);
  for (const [k, v] of [['from', from], ['to', to]] as const) if (!DAY.test(v) || Number.isNaN(Date.parse(v))) errors[k] = 'must be a date YYYY-MM-DD';
  if (!errors.from && !errors.to && (from > to || monthsBetween(from, to) > 120)) errors.to = msg('must be between 1 and {max}', { max: 120 });
  const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
  const t: Thresholds = { a: num(q.a, DEFAULT_THRESHOLDS.a), b: num(q.b, DEFAULT_THRESHOLDS.b), x: num(q.x, DEFAULT_THRESHOLDS.x), y: num(q.y, DEFAULT_THRESHOLDS.y) };
  if (!(t.a > 0 && t.a < t.b && t.b < 100)) errors.a = 'must be percentages with A < B < 100';
  if (!(t.x > 0 && t.x < t.y && t.y <= 1000)) errors.x = 'must be percentages with X < Y';
  const limit = q.limit === undefined ? 500 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ITEMS) errors.limit = msg('must be between 1 and {max}', { max: MAX_ITEMS });
  if (Object.keys(errors).length) throw bad(errors);
  return { subject: subject as 'accounts' | 'products', measure: measure as 'revenue' | 'quantity', from, to, t, limit };
}

/**
 * ABC/XYZ of accounts or products over invoice lines in a period, in SQL (per subject: total and Σ of squared monthly
 * sums), over the invoices the caller may see; revenue (lines' net) in the company currency at the invoice date.
 */
export async function abcXyz(ctx: RequestContext, q: AbcXyzQuery) {
  const p = parse(q, ctx.user.timeZone);
  requirePermission(ctx, 'invoices', 'view');
  requirePermission(ctx, p.subject, 'view'); // it names and ranks the accounts or products
  // It reads the invoices' lines (and, by account, their account): not for whom field rules hide them.
  const invoices = ctx.registry.module('invoices').fieldMap;
  for (const f of ['lines', ...(p.subject === 'accounts' ? ['account_id'] : [])]) {
    if (!invoices.has(f)) throw new AppError('FORBIDDEN', msg('You may not view {module}', { module: `invoices.${f}` }));
  }
  const company = await companyCurrency(ctx.db);
  const vis = visibilityPredicate(ctx, 'invoices', 'read');
  const day = sql`coalesce(t.invoice_date, (t.created_at at time zone 'UTC')::date)`;
  const currency = sql`coalesce(t.currency, ${company})`;
  const fx = rateJoins('fx', currency, day, company, company);
  const counted = sql`not (coalesce((l->>'is_alternative')::boolean, false) and not coalesce((l->>'is_selected')::boolean, false))`;
  const amount = p.measure === 'revenue' ? sql`(l->>'net')::numeric` : sql`(l->>'quantity')::numeric`;
  const lineValue = p.measure === 'revenue' ? sql`* inv.f` : sql``;
  // Invoices first, each with its rate (joined by hash on currency and day); an account's month adds up whole
  // invoices (their counted lines summed inside each), a product's comes from the lines themselves.
  const lines = p.subject === 'accounts'
    ? sql`select inv.account_id as id, inv.month, inv.total ${lineValue} as v from inv where inv.account_id is not null`
    : sql`select (l->>'item_id')::uuid as id, inv.month, ${amount} ${lineValue} as v
        from inv cross join lateral jsonb_array_elements(coalesce(inv.lines, '[]'::jsonb)) l
        where ${counted} and l->>'item_module' = 'products' and l->>'item_id' is not null`;
  const r = await sql<{ id: string; total: string; sum_squares: string; unrated: number }>`
    with ${RATE_CTES}, inv as (
      select t.account_id, ${p.subject === 'products' ? sql`t.lines` : sql`null::jsonb as lines`}, date_trunc('month', ${day}) as month, ${fx.factor} as f,
        ${p.subject === 'accounts' ? sql`(select sum(${amount}) from jsonb_array_elements(coalesce(t.lines, '[]'::jsonb)) l where ${counted})` : sql`null::numeric`} as total
      from invoices t ${fx.joins}
      where t.deleted_at is null ${vis ? sql`and ${vis}` : sql``} and not (coalesce(t.status, '') = any(${[...UNSOLD_INVOICE_STATUSES]}::text[]))
        and ${day} between ${p.from}::date and ${p.to}::date
      offset 0
    ), lines as (${lines}),
    monthly as (select id, month, sum(v) as v from lines where v is not null group by id, month)
    select id::text, sum(v)::text as total, sum(v * v)::text as sum_squares, (select count(*)::int from inv where f is null) as unrated
    from monthly group by id`.execute(ctx.db);
  const missing = p.measure === 'revenue' ? r.rows[0]?.unrated ?? 0 : 0;
  const months = monthsBetween(p.from, p.to);
  const items = classify(r.rows.map((x) => ({ id: x.id, total: Number(x.total), sumSquares: Number(x.sum_squares) })), months, p.t);
  const shown = items.slice(0, p.limit);
  // Money and quantities leave as decimal strings (API.md: never a float); the sums themselves are kept to the cent.
  const digits = p.measure === 'revenue' ? 2 : 3;
  const labels = await recordRefs(ctx, p.subject, shown.map((i) => i.id));
  return {
    subject: p.subject, measure: p.measure, from: p.from, to: p.to, months, thresholds: p.t, currency: p.measure === 'revenue' ? company : null,
    // A subject the reader may not see (an account of another team on an invoice they see) keeps its place and class,
    // as the shares are the whole's, but not its id: which record it is stays theirs who see it.
    items: shown.map((i) => ({ ...i, id: labels[i.id] ? i.id : null, label: labels[i.id]?.label ?? null, amount: i.amount.toFixed(digits) })),
    total_items: items.length,
    matrix: Object.fromEntries(Object.entries(matrix(items)).map(([cell, c]) => [cell, { count: c.count, amount: c.amount.toFixed(digits) }])),
    invoices_without_rate: missing,
  };
}
