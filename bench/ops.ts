/**
 * The benchmarked operations: the HTTP request, its SQL floor, and the in-process engine call used to
 * count the statements the engine issues for it. Request k of an operation always asks the same thing.
 */
import type { RequestContext } from '../packages/server/src/engine/context.js';
import { listParamsFromQuery } from '../packages/server/src/engine/http/list-params.js';
import { globalSearch } from '../packages/server/src/engine/query/global-search.js';
import { listRecords } from '../packages/server/src/engine/query/list.js';
import { createRecord } from '../packages/server/src/engine/records/create.js';
import { getRecord } from '../packages/server/src/engine/records/get.js';
import { massUpdate } from '../packages/server/src/engine/records/mass.js';
import { funnel, funnelStatements } from '../packages/server/src/modules/sales/funnel.js';
import { compileOnly } from '../packages/server/src/platform/db.js';
import type { Driver } from './driver.js';
import type { Fixtures } from './fixtures.js';
import {
  createFloor, getFloor, listFloor, listStatement, massUpdateFloor, searchFloor, searchStatement, type FloorContext, type ListSpec,
} from './sql-floor.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export type Kind = 'get' | 'list' | 'search' | 'report' | 'create' | 'mass' | 'page';

export interface Op {
  name: string;
  kind: Kind;
  what: string;
  http(k: number): HttpRequest;
  /** Requests the client makes first, one after the other, before `http` (a web page's earlier requests). */
  before?(k: number): HttpRequest[];
  /** Prepares floor request k (untimed) and returns the timed part. */
  floor(k: number, ctx: FloorContext, driver: Driver): () => Promise<void>;
  /** The same request through the engine, in process (statement counting). */
  engine(ctx: RequestContext, k: number): Promise<unknown>;
  /** The main statements of request k, for EXPLAIN ANALYZE (--explain). */
  explain?(ctx: FloorContext, k: number): { text: string; params: unknown[] }[];
  /** Overrides of the run options (mass update: one client, few requests). */
  concurrency?: number;
  requests?: number;
  warmup?: number;
}

const at = <T>(xs: T[], k: number) => xs[k % xs.length];
const enc = encodeURIComponent;

/** A list request as the web client sends it: projection of the list columns, keyset first page. */
function listOp(name: string, what: string, listColumns: Record<string, string[]>, spec: (k: number) => Omit<ListSpec, 'fields' | 'limit'>, sortParam: (k: number) => string | undefined): Op {
  const query = (k: number) => {
    const s = spec(k);
    const params: string[] = [];
    if (s.startsWith) params.push(`filter[${s.startsWith.field}][starts_with]=${enc(s.startsWith.value)}`);
    if (s.q) params.push(`q=${enc(s.q)}`);
    const sort = sortParam(k);
    if (sort) params.push(`sort=${enc(sort)}`);
    params.push('limit=50', `fields=${listColumns[s.module].join(',')}`);
    return params.join('&');
  };
  return {
    name, kind: 'list', what,
    http: (k) => ({ method: 'GET', path: `/api/v1/records/${spec(k).module}?${query(k)}` }),
    floor: (k, ctx, d) => () => listFloor(d.query, ctx, { ...spec(k), fields: listColumns[spec(k).module], limit: 50 }),
    explain: (ctx, k) => [listStatement(ctx, { ...spec(k), fields: listColumns[spec(k).module], limit: 50 })],
    engine: (ctx, k) => {
      const qs = Object.fromEntries(new URLSearchParams(query(k)));
      return listRecords(ctx, ctx.registry.module(spec(k).module), listParamsFromQuery(qs));
    },
  };
}

export function buildOps(f: Fixtures, listColumns: Record<string, string[]>, opts: { massRequests: number; runTag: string }): Op[] {
  const massTitle = (k: number) => `Bench ${opts.runTag} #${k}`;
  const ops: Op[] = [
    {
      name: 'get_contact', kind: 'get', what: 'GET a contact with its account, owner and creator refs',
      http: (k) => ({ method: 'GET', path: `/api/v1/records/contacts/${at(f.getIds, k)}` }),
      floor: (k, ctx, d) => () => getFloor(d.query, ctx, 'contacts', at(f.getIds, k)),
      engine: (ctx, k) => getRecord(ctx, 'contacts', at(f.getIds, k)),
    },
    listOp('list_contacts_prefix', 'contacts: last_name starts with …, sort last_name, 50 rows', listColumns,
      (k) => ({ module: 'contacts', startsWith: { field: 'last_name', value: at(f.prefixes, k) }, sort: [{ field: 'last_name', desc: false }] }),
      () => 'last_name'),
    listOp('list_accounts_recent', 'accounts: sort -updated_at, 50 rows', listColumns,
      () => ({ module: 'accounts', sort: [{ field: 'updated_at', desc: true }] }), () => '-updated_at'),
    listOp('list_contacts_recent', 'contacts: sort -updated_at, 50 rows', listColumns,
      () => ({ module: 'contacts', sort: [{ field: 'updated_at', desc: true }] }), () => '-updated_at'),
    webListPage(listColumns),
    listOp('list_contacts_q', 'contacts: q=<name|e-mail|phone|number>, default sort, 50 rows', listColumns,
      (k) => ({ module: 'contacts', q: at(f.listTerms, k), sort: [{ field: 'updated_at', desc: true }] }), () => undefined),
    {
      name: 'global_search', kind: 'search', what: 'GET /search?q= over every module the user may view',
      http: (k) => ({ method: 'GET', path: `/api/v1/search?q=${enc(at(f.searchTerms, k))}` }),
      floor: (k, ctx, d) => () => searchFloor(d.query, ctx, at(f.searchTerms, k)),
      explain: (ctx, k) => [searchStatement(ctx, at(f.searchTerms, k))],
      engine: (ctx, k) => globalSearch(ctx, at(f.searchTerms, k)),
    },
    {
      name: 'funnel', kind: 'report', what: 'GET /analytics/funnel: every deal the user may see (of 300,000), from the running totals of its stage history',
      http: () => ({ method: 'GET', path: '/api/v1/analytics/funnel' }),
      floor: (_k, ctx, d) => {
        const st = funnelSql(ctx, d);
        return async () => { await Promise.all(st.map((x) => d.query(x.text, x.params))); };
      },
      explain: (ctx) => funnelSql(ctx),
      engine: (ctx) => funnel(ctx, {}),
      requests: 60, warmup: 4,
    },
    {
      name: 'create_contact', kind: 'create', what: 'POST a contact with an account (reference checked)',
      http: (k) => ({ method: 'POST', path: '/api/v1/records/contacts', body: at(f.createBodies, k) }),
      floor: (k, ctx, d) => {
        const run = createFloor(ctx, 'contacts', at(f.createBodies, k));
        return () => run((fn) => d.tx(fn));
      },
      engine: (ctx, k) => createRecord(ctx, 'contacts', at(f.createBodies, k)),
    },
    {
      name: 'mass_update', kind: 'mass', what: `POST mass-update of ${f.massChunks[0].length} contacts (title)`,
      http: (k) => ({ method: 'POST', path: '/api/v1/records/contacts/mass-update', body: { ids: at(f.massChunks, k), changes: { title: massTitle(k) } } }),
      floor: (k, ctx, d) => {
        const run = massUpdateFloor(ctx, 'contacts', at(f.massChunks, k), 'title', `${massTitle(k)} floor`);
        return () => run((fn) => d.tx(fn));
      },
      engine: (ctx, k) => massUpdate(ctx, 'contacts', { ids: at(f.massChunks, k), changes: { title: `${massTitle(k)} engine` } }),
      concurrency: 1, requests: opts.massRequests, warmup: 1,
    },
  ];
  return opts.massRequests > 0 ? ops : ops.filter((o) => o.kind !== 'mass');
}

/**
 * The contacts list page as the web client loads it (list-page.tsx): its saved views, then the first 50 rows
 * sorted by last change with the total (`POST …/query`, `count: true`). The record page is `get_contact`.
 */
function webListPage(listColumns: Record<string, string[]>): Op {
  const spec: ListSpec = { module: 'contacts', fields: listColumns.contacts, sort: [{ field: 'updated_at', desc: true }], limit: 50, count: true };
  const body = { sort: ['-updated_at'], limit: 50, count: true, fields: listColumns.contacts };
  return {
    name: 'web_list_page', kind: 'page', what: 'the contacts list page: GET /views, then POST /records/contacts/query (50 rows, count)',
    before: () => [{ method: 'GET', path: '/api/v1/views?module=contacts' }],
    http: () => ({ method: 'POST', path: '/api/v1/records/contacts/query', body }),
    floor: (_k, ctx, d) => async () => {
      await d.query('select * from saved_views where module = $1 and (owner_id = $2 or is_shared) order by name', ['contacts', ctx.user.id]);
      await listFloor(d.query, ctx, spec);
    },
    explain: (ctx) => [listStatement(ctx, spec)],
    engine: (ctx) => listRecords(ctx, ctx.registry.module('contacts'), { ...listParamsFromQuery({ sort: '-updated_at', limit: '50', fields: listColumns.contacts.join(',') }), count: true }),
  };
}

/** The funnel's statement as the engine builds it, compiled for the floor's driver. */
function funnelSql(ctx: FloorContext, d?: Driver): { text: string; params: unknown[] }[] {
  const st = funnelStatements(ctx as unknown as RequestContext, {});
  return [st.totals, st.forecast].map((s) => {
    const c = s.compile((d?.database.db ?? compileOnly) as typeof compileOnly);
    return { text: c.sql, params: [...c.parameters] };
  });
}
