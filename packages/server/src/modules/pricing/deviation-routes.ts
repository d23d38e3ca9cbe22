/**
 * `GET /api/v1/pricing/deviations` — the "deviation from offer terms" report: quotes, sales orders and invoices the
 * caller may see whose lines leave their offer's terms (a price or discount other than the offer's), the furthest
 * below it first, with how many lines and whether past the offer's limit.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isRealDate } from '@karta/shared';
import { can, requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import { arr, doc, obj, str } from '../../engine/http/openapi/schema.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested } from '../../platform/messages/say.js';
import { DOCUMENT_DATE } from '../line-items/behaviour.js';

const MODULES = ['quotes', 'sales_orders', 'invoices'] as const;
const MAX_ROWS = 500;

export async function deviationRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Querystring: Record<string, string | undefined> }>('/pricing/deviations', doc({ tags: ['pricing'], summary: "Documents whose lines leave their offer's terms (the furthest below it first)",
    querystring: obj({ from: str(), to: str(), offer_id: str() }),
    response: { 200: obj({ data: arr(obj({})) }, ['data']) } }), async (req) => {
    const ctx = req.ctx;
    requirePermission(ctx, 'offers', 'view');
    const { from, to } = req.query;
    for (const [key, v] of Object.entries({ from, to })) {
      if (v !== undefined && v !== '' && !isRealDate(v)) throw new AppError('VALIDATION_FAILED', msg('Invalid prices: {key} {problem}', { key, problem: nested('must be a date (YYYY-MM-DD)') }), { [key]: 'must be a date (YYYY-MM-DD)' });
    }
    const offerVis = visibilityPredicate(ctx, 'offers', 'read', 'o');
    // Field rules: a document whose offer, deviation or lines the caller may not see is not in it; other fields
    // they may not see are empty.
    const offerName = ctx.registry.module('offers').fieldMap.has('name') ? sql`o.name` : sql`null::text`;
    const branches = MODULES.filter((m) => can(ctx, m, 'view') && ['offer_id', 'offer_deviation_percent', 'lines'].every((f) => ctx.registry.module(m).fieldMap.has(f))).map((m) => {
      const vis = visibilityPredicate(ctx, m, 'read', 'd');
      const seen = ctx.registry.module(m).fieldMap;
      const col = (field: string) => (seen.has(field) ? sql`${sql.ref(`d.${field}`)}::text` : sql`null::text`);
      const when = DOCUMENT_DATE[m] && seen.has(DOCUMENT_DATE[m]) ? sql`coalesce(${sql.ref(`d.${DOCUMENT_DATE[m]}`)}, d.created_at::date)` : sql`d.created_at::date`;
      return sql`select ${m}::text as module, d.id::text, d.number, ${col('subject')} as subject, ${col('account_id')} as account_id, d.offer_id::text, o.number as offer_number, ${offerName} as offer_name,
          d.offer_deviation_percent::text, ${seen.has('deviation_over_limit') ? sql`d.deviation_over_limit` : sql`null::boolean`} as deviation_over_limit,
          ${col('grand_total')} as grand_total, ${col('currency')} as currency, ${when}::text as date,
          (select count(*)::int from jsonb_array_elements(coalesce(d.lines, '[]'::jsonb)) l where l->>'deviation' = 'true') as deviating_lines
        from ${sql.table(m)} d join offers o on o.id = d.offer_id and o.deleted_at is null ${offerVis ? sql`and ${offerVis}` : sql``}
        where d.deleted_at is null and d.offer_id is not null ${vis ? sql`and ${vis}` : sql``}
          ${from ? sql`and ${when} >= ${from}::date` : sql``} ${to ? sql`and ${when} <= ${to}::date` : sql``}
          ${req.query.offer_id ? sql`and d.offer_id::text = ${req.query.offer_id}` : sql``}
          and (d.offer_deviation_percent > 0 or exists (select 1 from jsonb_array_elements(coalesce(d.lines, '[]'::jsonb)) l where l->>'deviation' = 'true'))`;
    });
    if (!branches.length) return { data: [] };
    const r = await sql`select * from (${sql.join(branches, sql` union all `)}) x
      order by x.offer_deviation_percent::numeric desc nulls last, x.date desc, x.id limit ${MAX_ROWS}`.execute(ctx.db);
    return { data: r.rows };
  });
}
