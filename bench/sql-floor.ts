/**
 * The SQL floor: the statements each benchmarked request needs — data, visibility, refs — written out
 * by hand and run straight through the driver. They copy the shape of what the engine executes; when
 * these engine files change, change this file too:
 *   get      engine/records/get.ts (findVisibleRow) + engine/records/refs.ts (collectRefs, ownerRefs)
 *   list     engine/query/list.ts (listRecords, readConditions, orderKeys) + filter-sql.ts + refs.ts
 *   search   engine/query/global-search.ts
 *   create   engine/records/create.ts + check-refs.ts + numbering/numbering.ts + audit/audit.ts
 *   mass     engine/records/mass.ts — here set-based (one UPDATE + one audit INSERT): what the change needs,
 *            not what the per-record pipeline does, so the ratio shows the cost of the pipeline.
 *   auth     platform/auth/sessions.ts (findApiToken) + engine/access/load-user.ts — every request pays it.
 */
import type { FieldDef, ModuleAction, Sharing } from '@karta/shared';
import { uuidv7 } from 'uuidv7';
import type { CurrentUser } from '../packages/server/src/engine/context.js';
import { plugin, valueToDb } from '../packages/server/src/engine/fields/field-types.js';
import { prefixRange } from '../packages/server/src/engine/query/filter-sql.js';
import { SEARCH_SORT_IN_MEMORY } from '../packages/server/src/engine/query/list.js';
import { BROAD_SHARE, intersectsNeedlessly, MANY_ENTRIES, type PlanNode } from '../packages/server/src/engine/query/search-plan.js';
import { buildSearchText, rankPatterns, recordNumberDigits, searchPattern } from '../packages/server/src/engine/query/search-text.js';
import type { Registry, ResolvedModule } from '../packages/server/src/engine/registry/registry.js';
import { validateInput } from '../packages/server/src/engine/records/validate-input.js';
import { selectedFields } from '../packages/server/src/engine/records/serialize.js';
import type { Query } from './driver.js';

export interface FloorContext {
  registry: Registry;
  user: CurrentUser;
  sharing: Record<string, Sharing>;
}

type Row = Record<string, unknown>;
const id = (name: string) => `"${name.replace(/"/g, '""')}"`;
const col = (name: string, alias = 't') => `${id(alias)}.${id(name)}`;

/** A statement under construction: text with $n placeholders and its parameters. */
class Stmt {
  constructor(public params: unknown[] = []) {}
  p(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
}

function can(ctx: FloorContext, module: string, action: ModuleAction): boolean {
  return ctx.user.isAdmin || (ctx.user.permissions[module]?.includes(action) ?? false);
}

/** permissions.ts visibilityPredicate. */
function vis(ctx: FloorContext, s: Stmt, module: string, mode: 'read' | 'write' = 'read', alias = 't'): string | null {
  if (ctx.user.isAdmin) return null;
  const level = ctx.sharing[module] ?? 'private';
  if (level === 'public_read_write' || (level === 'public_read' && mode === 'read')) return null;
  return `${col('assigned_to', alias)} = any(${s.p(ctx.user.ownerIds)}::uuid[])`;
}

/** serialize.ts selectColumns. */
function columns(fields: FieldDef[]): string {
  const out: string[] = [];
  for (const f of fields) {
    out.push(col(f.name));
    const companion = plugin(f).companion?.(f);
    if (companion) out.push(col(companion));
  }
  return out.join(', ');
}

/**
 * refs.ts inlineRefColumns: each single-target reference's number and title as a column of the row statement.
 * Owners' names come from the instance's cache (access-cache.ts `ownerLabels`, kept per access version), so in the
 * steady state they cost no statement.
 */
function inlineRefs(ctx: FloorContext, s: Stmt, fields: FieldDef[], alias: string): string {
  return fields.filter((f) => f.type === 'reference' && f.reference?.length === 1).map((f) => {
    const target = ctx.registry.module(f.reference![0]);
    const cells = ['__r.number', ...target.titleFields.map((n) => `${col(n, '__r')}::text`)].join(', ');
    const v = vis(ctx, s, target.name, 'read', '__r');
    return `, (select json_build_array(${cells}) from ${id(target.name)} __r where __r.id = ${col(f.name, alias)}${v ? ` and ${v}` : ''}) as ${id(`__ref_${f.name}`)}`;
  }).join('');
}

/** GET /records/:module/:id */
export async function getFloor(q: Query, ctx: FloorContext, module: string, recordId: string): Promise<void> {
  const m = ctx.registry.module(module);
  const fields = selectedFields(m);
  const s = new Stmt();
  const where = `${col('id')} = ${s.p(recordId)} and ${col('deleted_at')} is null`;
  const v = vis(ctx, s, module);
  const rows = await q(`select ${columns(fields)}${inlineRefs(ctx, s, fields, 't')} from ${id(module)} t where ${where}${v ? ` and ${v}` : ''}`, s.params);
  if (!rows.length) throw new Error(`floor: ${module} ${recordId} not found`);
}

export interface ListSpec {
  module: string;
  fields?: string[];
  sort: { field: string; desc: boolean }[];
  startsWith?: { field: string; value: string };
  q?: string;
  limit: number;
  /** With the total, as the web client's first page asks (`count: true`). */
  count?: boolean;
}

const TEXT_SORT = new Set(['text', 'email', 'url', 'phone', 'picklist']);

/** The rows statement of list.ts listRecords (first page, no count). */
export function listStatement(ctx: FloorContext, spec: ListSpec, visibilityOnEachRow = false): { text: string; inMemory: string; estimate: string; count: string; params: unknown[]; fields: FieldDef[] } {
  const m = ctx.registry.module(spec.module);
  const fields = selectedFields(m, spec.fields);
  const s = new Stmt();
  const keys = spec.sort.map((k) => {
    const f = m.fieldMap.get(k.field)!;
    return { expr: TEXT_SORT.has(f.type) ? `lower(${col(f.name)})` : col(f.name), desc: k.desc };
  });
  if (!spec.sort.some((k) => k.field === 'id')) keys.push({ expr: col('id'), desc: spec.sort[spec.sort.length - 1]?.desc ?? false });
  const conds = [`${col('deleted_at')} is null`];
  const v = vis(ctx, s, spec.module);
  if (v) conds.push(visibilityOnEachRow ? `(${v}) is true` : v);
  if (spec.startsWith) {
    const pattern = spec.startsWith.value.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    const range = prefixRange(spec.startsWith.value.toLowerCase());
    const lowered = `lower(${col(spec.startsWith.field)})`;
    conds.push(range ? `(${lowered} >= ${s.p(range[0])} and ${lowered} < ${s.p(range[1])})` : `(${lowered} like ${s.p(pattern)})`);
  }
  if (spec.q && searchPattern(spec.q) !== null) conds.push(searchLike(s, spec.q));
  const keyCols = keys.map((k, i) => `(${k.expr})::text as ${id(`__k${i}`)}`).join(', ');
  const where = conds.join(' and ');
  const order = keys.map((k) => `${k.expr} ${k.desc ? 'desc' : 'asc'}`).join(', ');
  const limit = s.p(spec.limit + 1); // the last parameter: the estimate below goes without it
  const text = `select ${columns(fields)}, ${keyCols} from ${id(spec.module)} t where ${where} order by ${order} limit ${limit}`;
  // A search matching few rows: its matches first, then sorted (the subquery keeps the planner off the sort index).
  const orderCols = keys.map((k, i) => `${k.expr} as ${id(`__o${i}`)}`).join(', ');
  const sortOuter = keys.map((k, i) => `s.${id(`__o${i}`)} ${k.desc ? 'desc' : 'asc'}`).join(', ');
  const inMemory = `select * from (select ${columns(fields)}, ${keyCols}, ${orderCols} from ${id(spec.module)} t where ${where} offset 0) s
    order by ${sortOuter} limit ${limit}`;
  const estimate = `explain (format json) select 1 from ${id(spec.module)} t where ${where}`;
  const count = `select count(*)::int8 as n from ${id(spec.module)} t where ${where}`;
  return { text, inMemory, estimate, count, params: s.params, fields };
}

/** GET /records/:module?… */
export async function listFloor(q: Query, ctx: FloorContext, spec: ListSpec): Promise<void> {
  let { text, inMemory, estimate, count, params, fields } = listStatement(ctx, spec);
  // As list.ts: a search the planner expects to match few rows is sorted in memory, and visibility is checked on
  // each match when the plan would intersect the search with a far larger owner index.
  const plan = spec.q ? (await q(estimate, params.slice(0, -1)))[0]?.['QUERY PLAN'] : undefined;
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan?: PlanNode }[] | undefined;
  const few = (parsed?.[0]?.Plan?.['Plan Rows'] ?? Infinity) <= SEARCH_SORT_IN_MEMORY;
  if (intersectsNeedlessly(parsed?.[0]?.Plan ?? null, spec.module)) ({ text, inMemory, count, params, fields } = listStatement(ctx, spec, true));
  // The rows with their references' labels and, when asked, the total side by side (list.ts runs them on two connections).
  const s = new Stmt([...params]);
  const refCols = inlineRefs(ctx, s, fields, 'p');
  const rowsText = refCols ? `select p.*${refCols} from (${few ? inMemory : text}) p` : few ? inMemory : text;
  await Promise.all([q(rowsText, s.params), spec.count ? q(count, params.slice(0, -1)) : undefined]);
}

/** As search-text.ts (searchCondition): a record number goes to the index by its digits and is checked whole. */
function searchLike(s: Stmt, term: string): string {
  const digits = recordNumberDigits(term);
  const like = `${col('search_text')} like ${s.p(searchPattern(term))}`;
  return digits ? `${col('search_text')} like ${s.p(`%${digits}%`)} and (${like}) is true` : like;
}

/** The statement of global-search.ts: one ranked, limited branch per module the user may view, in one UNION ALL. */
export function searchStatement(ctx: FloorContext, term: string, names = searchable(ctx), broad = new Set<string>(), limit = 20): { text: string; params: unknown[] } {
  const s = new Stmt();
  const rank = rankPatterns(term)!;
  const like = searchLike(s, term);
  const lim = s.p(limit);
  const branches = names.map((module) => {
    const m = ctx.registry.module(module);
    const found = vis(ctx, s, module);
    const v = found && broad.has(module) ? `(${found}) is true` : found;
    const titles = m.titleFields.map((f) => `${s.p(f)}::text, ${col(f)}`).join(', ');
    return `(select ${s.p(module)}::text as module, t.id, t.number, jsonb_build_object(${titles}) as titles, t.search_text,
      case when ' ' || t.search_text || ' ' like ${s.p(rank.word)} then 1 when ' ' || t.search_text like ${s.p(rank.wordStart)} then 0.75 else 0.5 end as score
      from ${id(module)} t
      where t.deleted_at is null and ${like}${v ? ` and ${v}` : ''} order by score desc, t.updated_at desc limit ${lim})`;
  });
  return { text: branches.join(' union all '), params: s.params };
}

const searchable = (ctx: FloorContext) => ctx.registry.list().map((m) => m.name).filter((n) => can(ctx, n, 'view'));

/** The modules where the user sees a large share of many rows (search-plan.ts broadVisibility, which the engine keeps). */
const broadModules = new Map<string, Promise<Set<string>>>();
function broadFor(q: Query, ctx: FloorContext): Promise<Set<string>> {
  const key = ctx.user.ownerIds.join();
  if (!broadModules.has(key)) {
    broadModules.set(key, (async () => {
      const rows = async (module: string, cond: string, params: unknown[]) => {
        const r = await q(`explain (format json) select 1 from ${id(module)} t where t.deleted_at is null and ${cond}`, params);
        const raw = Object.values(r[0])[0];
        return ((typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[])[0].Plan['Plan Rows'];
      };
      const out = new Set<string>();
      for (const module of searchable(ctx)) {
        if (ctx.registry.module(module).livesOn) continue;
        const s = new Stmt();
        const v = vis(ctx, s, module);
        if (!v) continue;
        const visible = await rows(module, v, s.params);
        if (visible >= MANY_ENTRIES && visible >= BROAD_SHARE * (await rows(module, 'true', []))) out.add(module);
      }
      return out;
    })());
  }
  return broadModules.get(key)!;
}

/** GET /search?q= — which of the modules the user may view hold any row, then those in one statement. */
export async function searchFloor(q: Query, ctx: FloorContext, term: string): Promise<void> {
  const broad = await broadFor(q, ctx);
  const filled = await q(`select n from (select n, i, to_regclass(quote_ident(n)) as r from unnest($1::text[]) with ordinality u(n, i)) x
    where pg_relation_size(r) > 0 or (select c.relkind from pg_class c where c.oid = x.r) = 'p' order by i`, [searchable(ctx)]);
  const st = searchStatement(ctx, term, filled.map((r) => r.n as string), broad);
  await q(st.text, st.params);
}

/** POST /records/:module — prepared outside the timing (validation is engine work, not SQL). */
export function createFloor(ctx: FloorContext, module: string, body: Row): (tx: <T>(fn: (q: Query) => Promise<T>) => Promise<T>) => Promise<void> {
  const m = ctx.registry.module(module);
  const values = validateInput(m, body, 'en', 'create');
  if (!values.assigned_to) values.assigned_to = ctx.user.id;
  const recordId = uuidv7();
  return (tx) => tx(async (q) => {
    for (const f of m.allFields) {
      if (f.type === 'owner' && typeof values[f.name] === 'string') {
        await q('select 1 from users where id = $1 and active union all select 1 from groups where id = $1', [values[f.name]]);
      }
    }
    const wanted = new Map<string, string[]>();
    for (const f of m.allFields) {
      if (f.type === 'reference' && f.reference && typeof values[f.name] === 'string') {
        for (const t of f.reference) wanted.set(t, [...(wanted.get(t) ?? []), values[f.name] as string]);
      }
    }
    await Promise.all([...wanted].map(([target, ids]) => {
      const s = new Stmt();
      const where = `t.id = any(${s.p(ids)}::uuid[]) and t.deleted_at is null`;
      const v = vis(ctx, s, target);
      return q(`select t.id from ${id(target)} t where ${where}${v ? ` and ${v}` : ''}`, s.params);
    }));
    const n = await q<{ prefix: string; n: number }>(`insert into module_numbering (module, prefix, next_number) values ($1, $2, 2)
      on conflict (module) do update set next_number = module_numbering.next_number + 1 returning prefix, next_number - 1 as n`, [m.name, m.numberPrefix]);
    const number = `${n[0].prefix}${n[0].n}`;
    const pairs = Object.entries(values).map(([k, v]) => [k, m.fieldMap.get(k) ? valueToDb(m.fieldMap.get(k)!, v) : v] as const);
    const cols = ['id', 'number', 'created_by', 'search_text', ...pairs.map(([k]) => k)];
    const vals = [recordId, number, ctx.user.id, buildSearchText(m, { ...values, number }), ...pairs.map(([, v]) => v)];
    await q(`insert into ${id(module)} (${cols.map(id).join(', ')}) values (${vals.map((_, i) => `$${i + 1}`).join(', ')}) returning *`, vals);
    const changes = Object.fromEntries(Object.entries(values).filter(([k, v]) => v != null && m.fieldMap.has(k) && !(Array.isArray(v) && !v.length)).map(([k, v]) => [k, [null, v]]));
    await q(`insert into audit_log (module, record_id, user_id, action, changes) values ($1, $2, $3, $4, $5::jsonb)`, [m.name, recordId, ctx.user.id, 'create', JSON.stringify(changes)]);
  });
}

/** POST /records/:module/mass-update {ids, changes: {field: value}} for one text field, set-based. */
export function massUpdateFloor(ctx: FloorContext, module: string, ids: string[], field: string, value: string): (tx: <T>(fn: (q: Query) => Promise<T>) => Promise<T>) => Promise<void> {
  const s = new Stmt();
  const idsP = s.p(ids);
  const v = vis(ctx, s, module, 'write');
  const valueP = s.p(value);
  const userP = s.p(ctx.user.id);
  const text = `with old as (
      select t.id, ${col(field)} as before from ${id(module)} t where t.id = any(${idsP}::uuid[]) and t.deleted_at is null${v ? ` and ${v}` : ''} for update),
    upd as (update ${id(module)} t set ${id(field)} = ${valueP}, version = t.version + 1, updated_at = now() from old where t.id = old.id returning t.id)
    insert into audit_log (module, record_id, user_id, action, changes)
    select '${module}', old.id, ${userP}, 'update', jsonb_build_object('${field}', jsonb_build_array(old.before, ${valueP}::text)) from old`;
  return (tx) => tx(async (q) => {
    await q(text, s.params);
  });
}

/** What authenticate() runs for a Bearer token before any route: the token, then the user with visibility. */
export async function authFloor(q: Query, tokenHash: string, _userId: string): Promise<void> {
  // The token with the access version, one statement: the user is loaded again only after a change to who may see
  // what (access/access-cache.ts), which the load does not make.
  await q(`select id, user_id, coalesce(last_used_at < now() - interval '1 minute', true) as stale,
      coalesce((select value #>> '{}' from settings where key = 'access_version'), '0') as access_version
    from api_tokens where token_hash = $1 and revoked_at is null`, [tokenHash]);
}
