import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { keySql, normalizeKey } from '../../engine/dedupe/normalize.js';
import { getRecord } from '../../engine/records/get.js';
import { funnel, type FunnelQuery } from './funnel.js';
import { kanban, type KanbanQuery } from './kanban.js';
import { interestReport } from './interest-report.js';
import { loadKind } from './deal-behaviour.js';
import { estimateFor } from './probability-data.js';
import { proposeNext, type DealState } from './stage-rules.js';
import { arr, bool, date, dateTime, decimal, doc, int, listOf, nullable, num, obj, str, uuid } from '../../engine/http/openapi/schema.js';

const MONEY = nullable(decimal());
const FUNNEL = obj({
  stages: arr(obj({ stage: str(), entered: int(), moved_on: int(), conversion: num(), dropped: int(), avg_days: num(), amount: MONEY, weighted_amount: MONEY, forecast_amount: MONEY }, ['stage', 'entered'])),
  won: obj({ count: int(), amount: MONEY }), lost: obj({ count: int(), amount: MONEY, by_reason: arr(obj({ reason: nullable(str()), count: int(), amount: MONEY })) }),
  forecast_amount: MONEY, currency: nullable(str()), currencies: arr(str()), unrated: int(),
}, ['stages', 'won', 'lost']);
const INTEREST_ROW = obj({ won_amount: MONEY }, [], false);
// Amounts are null for a caller whose profiles hide them.
const TOTAL = obj({ currency: nullable(str()), amount: nullable(decimal()), forecast_amount: nullable(decimal()) }, ['currency', 'amount', 'forecast_amount']);
const CARD = obj({
  id: uuid(), number: str(), name: str(), amount: MONEY, currency: nullable(str()), forecast_amount: MONEY, close_date: nullable(date()),
  assigned_to: nullable(uuid()), account_id: nullable(uuid()), stage: nullable(str()), status: str(), version: int(),
  next_activity: nullable(obj({ module: str({ enum: ['events', 'tasks'] }), id: uuid(), subject: str(), at: dateTime() }, ['module', 'id', 'at'])),
}, ['id', 'version', 'next_activity']);
const KANBAN = obj({
  kind: nullable(obj({ id: uuid(), name: str(), mode: str() })), default_kind: nullable(uuid()), closed_days: int(),
  columns: arr(obj({ stage: str(), count: int(), totals: arr(TOTAL), converted: obj({ currency: str(), amount: nullable(decimal()), forecast_amount: nullable(decimal()), unrated: int() }), cards: arr(CARD), more: bool() }, ['stage', 'count', 'totals', 'cards', 'more'])),
  refs: obj({}),
}, ['kind', 'columns', 'refs']);
const PERIOD = { from: date(), to: date(), currency: str({ pattern: '^[A-Z]{3}$' }) };


export async function salesRoutes(api: FastifyInstance): Promise<void> {
  api.get<{ Querystring: FunnelQuery }>('/analytics/funnel', doc({ tags: ['sales'], summary: 'The sales funnel of a deal kind over a period (visible deals)', querystring: obj({ deal_kind: uuid(), assigned_to: uuid(), ...PERIOD, convert_to: str({ pattern: '^([A-Z]{3}|company)$', description: 'money converted into this currency (or the company one) at each day\'s rate' }) }), response: { 200: FUNNEL } }), async (req) => funnel(req.ctx, req.query));
  api.get<{ Querystring: { from?: string; to?: string; currency?: string } }>('/analytics/interest', doc({ tags: ['sales'], summary: 'Primary interest: leads, deals and won money by channel and by source', querystring: obj(PERIOD), response: { 200: obj({ by_channel: arr(INTEREST_ROW), by_source: arr(INTEREST_ROW), currency: nullable(str()), currencies: arr(str()) }, ['by_channel', 'by_source']) } }), async (req) => interestReport(req.ctx, req.query));
  api.get<{ Querystring: KanbanQuery }>('/analytics/kanban', doc({
    tags: ['sales'], summary: 'The deals board of a kind: exact counts, money per currency, the first cards of each stage',
    querystring: obj({ deal_kind: str({ description: 'a deal kind id, or "none" for deals without a kind; default: the default kind' }), assigned_to: uuid(), per_column: int({ minimum: 1, maximum: 200 }), stage: str(), offset: int({ minimum: 0 }) }),
    response: { 200: KANBAN },
  }), async (req) => kanban(req.ctx, req.query));
  api.get<{ Params: { id: string } }>('/records/deals/:id/probability', doc({ tags: ['deals'], summary: 'The estimated win probability and what it rests on', response: { 200: obj({ probability: num(), basis: obj({ similar: int(), won: int(), lost: int(), factors: arr(obj({ factor: str(), similar: int(), won: int(), rate: num() })) }) }, ['probability', 'basis']) } }), async (req) => {
    const { data: deal } = await getRecord(req.ctx, 'deals', req.params.id);
    return estimateFor(req.ctx, deal);
  });

  // In a process, the stage proposed next and what the current stage still needs before the deal may move on.
  api.get<{ Params: { id: string } }>('/records/deals/:id/next_stage', doc({ tags: ['deals'], summary: 'In a process: the next stage and what the current one still needs (fields, checklist items)', response: { 200: obj({ mode: str({ enum: ['none', 'manual', 'process'] }), next: nullable(str()), missing: arr(str()), checklist: arr(obj({ item: str(), done: bool() }, ['item', 'done'])), finished: bool() }, ['mode', 'next', 'missing', 'checklist', 'finished']) } }), async (req) => {
    const { data: deal } = await getRecord(req.ctx, 'deals', req.params.id);
    return proposeNext(await loadKind(req.ctx, deal.deal_kind_id), deal as DealState);
  });

  // Every stage the deal entered, oldest first, with how long it stayed (days, to now for the current one).
  api.get<{ Params: { id: string } }>('/records/deals/:id/stage_history', doc({ tags: ['deals'], summary: 'Every stage the deal entered, oldest first, with how long it stayed', response: { 200: listOf(obj({ id: str(), stage: nullable(str()), status: str(), amount: MONEY, entered_at: dateTime(), left_at: nullable(dateTime()), user_id: nullable(uuid()), comment: nullable(str()), days: num() }, ['id', 'status'])) } }), async (req) => {
    await getRecord(req.ctx, 'deals', req.params.id);
    const r = await sql<Record<string, unknown>>`select h.id::text, h.stage, h.status, h.amount::text, h.entered_at, h.left_at, h.user_id, h.comment,
        round((extract(epoch from coalesce(h.left_at, now()) - h.entered_at) / 86400)::numeric, 2)::float8 as days
      from deal_stage_history h where h.deal_id = ${req.params.id} order by h.id`.execute(req.ctx.db);
    // What the reader's field rules hide on the deal stays hidden here: the amount, and the comment — a lost deal's
    // is its loss_comment, any other's its stage_comment.
    const seen = req.ctx.registry.module('deals').fieldMap;
    return { data: r.rows.map((row) => ({
      ...row,
      amount: seen.has('amount') ? row.amount : null,
      comment: seen.has(row.status === 'lost' ? 'loss_comment' : 'stage_comment') && seen.has('stage_comment') ? row.comment : null,
    })) };
  });

  // Accounts a lead probably is already: the same name, website domain or e-mail domain; and contacts: the same e-mail
  // or phone (only visible ones).
  const CONTACT = obj({ id: uuid(), number: str(), first_name: nullable(str()), last_name: nullable(str()), account_id: nullable(uuid()), account_name: nullable(str()) }, ['id', 'number']);
  api.get<{ Params: { id: string } }>('/records/leads/:id/duplicates', doc({ tags: ['leads'], summary: 'Accounts (data) and contacts (contacts) this lead probably already is',
    response: { 200: obj({ data: arr(obj({ id: uuid(), number: str(), name: str(), website: nullable(str()), email: nullable(str()) }, ['id', 'name'])), contacts: arr(CONTACT) }, ['data', 'contacts']) } }), async (req) => {
    const { data: lead } = await getRecord(req.ctx, 'leads', req.params.id);
    const domain = (v: unknown) => (typeof v === 'string' ? v.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').split(/[/@]/).filter(Boolean).pop() ?? '' : '');
    const site = domain(lead.website);
    const mail = domain(lead.email);
    const name = String(lead.company ?? '').trim().toLowerCase();
    // Only accounts the caller may see, matched and shown by the fields their rules let them see.
    const accounts = req.ctx.registry.module('accounts').fieldMap;
    const seen = (f: string) => accounts.has(f);
    const vis = visibilityPredicate(req.ctx, 'accounts', 'read');
    // A hidden name neither matches nor shows: the account is named by its number, as everywhere else.
    const r = !can(req.ctx, 'accounts', 'view') ? { rows: [] } : await sql`select t.id, t.number, ${seen('name') ? sql`t.name` : sql`t.number`} as name,
        ${seen('website') ? sql`t.website` : sql`null::text`} as website, ${seen('email') ? sql`t.email` : sql`null::text`} as email from accounts t
      where t.deleted_at is null ${vis ? sql`and ${vis}` : sql``} and (
        ${seen('name') ? sql`(${name} <> '' and lower(t.name) = ${name})` : sql`false`}
        ${seen('website') ? sql`or (${site} <> '' and lower(t.website) like ${'%' + site + '%'})` : sql``}
        ${seen('email') ? sql`or (${mail} <> '' and lower(t.email) like ${'%@' + mail})` : sql``}
        ${seen('website') ? sql`or (${mail} <> '' and lower(t.website) like ${'%' + mail + '%'})` : sql``})
      order by t.updated_at desc limit 10`.execute(req.ctx.db);
    return { data: r.rows, contacts: await likelyContacts(req.ctx, lead) };
  });
}

/**
 * Contacts the user may change (a lead converts into one) with the lead's e-mail or one of its phone numbers, with
 * their account when the user may see it. Both are found through indexes: the e-mail by
 * `lower(email)`, a phone by its last ten digits in the search text (which holds them), then compared exactly by key.
 */
async function likelyContacts(ctx: RequestContext, lead: Record<string, unknown>) {
  if (!can(ctx, 'contacts', 'view')) return [];
  // Matched only by the fields the caller may see on a contact (a match would tell a hidden value).
  const contacts = ctx.registry.module('contacts').fieldMap;
  const email = contacts.has('email') ? normalizeKey('email', lead.email) : '';
  const phoneFields = ['phone', 'mobile'].filter((f) => contacts.has(f));
  const phones = phoneFields.length ? [...new Set([lead.phone, lead.mobile].map((p) => normalizeKey('phone', p)).filter((p) => p.length >= 7))] : [];
  if (!email && !phones.length) return [];
  const vis = visibilityPredicate(ctx, 'contacts', 'write');
  const accountVis = visibilityPredicate(ctx, 'accounts', 'read', 'a');
  const byEmail = email ? [sql`lower(t.email) = ${email}`] : [];
  const byPhone = phones.length ? [sql`(${sql.join(phones.map((p) => sql`t.search_text like ${`%${p.slice(-10)}%`}`), sql` or `)})
    and (${sql.join(phoneFields.map((f) => sql`${keySql('phone', sql.ref(`t.${f}`))} = any(${phones}::text[])`), sql` or `)})`] : [];
  // Shown by the fields the caller sees: a hidden one is null; the account only when its module and the contact's
  // account_id are in sight, named by its number when its name is hidden.
  const shown = (f: string) => (contacts.has(f) ? sql.ref(`t.${f}`) : sql`null`);
  const accounts = ctx.registry.module('accounts').fieldMap;
  const accountName = contacts.has('account_id') && can(ctx, 'accounts', 'view')
    ? sql`(select ${accounts.has('name') ? sql`a.name` : sql`a.number`} from accounts a where a.id = t.account_id and a.deleted_at is null ${accountVis ? sql`and ${accountVis}` : sql``})`
    : sql`null`;
  const r = await sql`select t.id, t.number, ${shown('first_name')} as first_name, ${shown('last_name')} as last_name, ${shown('account_id')} as account_id,
      ${accountName} as account_name
    from contacts t
    where t.deleted_at is null ${vis ? sql`and ${vis}` : sql``} and (${sql.join([...byEmail, ...byPhone], sql` or `)})
    order by t.updated_at desc limit 10`.execute(ctx.db);
  return r.rows;
}
