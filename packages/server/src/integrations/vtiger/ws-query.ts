import type { Condition, Where } from '@karta/shared';
import { sql } from 'kysely';
import { can, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { orderBy } from '../../engine/query/keyset.js';
import { orderKeys, readConditions } from '../../engine/query/list.js';
import { collectRefs } from '../../engine/records/refs.js';
import { toRecord } from '../../engine/records/write-helpers.js';
import { selectColumns } from '../../engine/records/serialize.js';
import type { ResolvedModule } from '../../engine/registry/registry.js';
import { fromWsId, typeOf, wsIds } from './ws-ids.js';
import { moduleFor } from './ws-records.js';
import { toVt } from './ws-values.js';
import { kartaField, VT_MODULES, type VtModule } from './vtiger-map.js';
import { parseVtql, VtqlError, type VtqlCondition } from './vtql.js';
import { WsError } from './ws-error.js';

const NO_RECORD = '00000000-0000-0000-0000-000000000000';

function field(vm: VtModule, m: ResolvedModule, vt: string) {
  if (vt === 'id') return m.fieldMap.get('id')!;
  const f = m.fieldMap.get(kartaField(vm, vt));
  if (!f || f.hidden) throw new WsError('ACCESS_DENIED', `Permission to access '.${vt}.' attribute denied.`);
  return f;
}

/** A VTQL value as the filter language takes it: ids resolved, booleans and datetimes in Karta's form. */
async function value(ctx: RequestContext, vm: VtModule, m: ResolvedModule, c: VtqlCondition, v: string): Promise<unknown> {
  const f = field(vm, m, c.field);
  if (f.type === 'reference' || f.type === 'owner') {
    if (!/^\d+x\d+$/.test(v)) throw new WsError('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
    return (await fromWsId(ctx.db, v))?.id ?? NO_RECORD;
  }
  if (f.type === 'boolean') return v === '1' || v.toLowerCase() === 'true';
  if (f.type === 'datetime' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) return `${v.replace(' ', 'T')}Z`;
  // A date alone on a date-time (`modifiedtime > '2024-01-01'`, as incremental fetches write it): its midnight, UTC.
  if (f.type === 'datetime' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00Z`;
  if (f.type === 'picklist' || f.type === 'multipicklist') return f.options?.find((o) => o.value === v || o.label.en === v)?.value ?? v;
  return v;
}

async function condition(ctx: RequestContext, vm: VtModule, m: ResolvedModule, c: VtqlCondition): Promise<Condition> {
  const name = field(vm, m, c.field).name;
  if (c.op === 'IN') return { field: name, op: 'in', value: await Promise.all((c.value as string[]).map((v) => value(ctx, vm, m, c, v))) };
  const v = c.value as string;
  if (c.op === 'LIKE') {
    const inner = v.replace(/^%/, '').replace(/%$/, '');
    if (inner.includes('%')) throw new WsError('QUERY_SYNTAX_ERROR', 'LIKE supports a % at the start, at the end or both');
    const op = v.startsWith('%') && v.endsWith('%') && v.length > 1 ? 'contains' : v.endsWith('%') ? 'starts_with' : v.startsWith('%') ? 'ends_with' : 'eq';
    return { field: name, op, value: inner };
  }
  const ops = { '=': 'eq', '!=': 'ne', '<': 'lt', '>': 'gt', '<=': 'lte', '>=': 'gte' } as const;
  return { field: name, op: ops[c.op], value: await value(ctx, vm, m, c, v) };
}

/**
 * query: VTQL on one module through the list machinery's conditions (visibility, the filter language) and
 * sort keys, at most 100 rows; `count(*)` answers `[{"count":"n"}]`.
 */
export async function wsQuery(ctx: RequestContext, query: unknown): Promise<unknown> {
  let q;
  try {
    q = parseVtql(String(query ?? ''));
  } catch (err) {
    if (err instanceof VtqlError) throw new WsError('QUERY_SYNTAX_ERROR', err.message);
    throw err;
  }
  const { vm, m } = moduleFor(ctx, q.module);
  const where: Where | undefined = q.where.length
    ? { or: await Promise.all(q.where.map(async (g) => ({ and: await Promise.all(g.map((c) => condition(ctx, vm, m, c))) }))) }
    : undefined;
  const conds = sql.join(readConditions(ctx, m, where), sql` and `);
  if (q.columns === 'count') {
    const r = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(m.name)} t where ${conds}`.execute(ctx.db);
    return [{ count: r.rows[0].n }];
  }
  const keys = orderKeys(m, q.orderBy.map((o) => ({ field: field(vm, m, o.field).name, desc: o.desc })));
  // Only the columns asked for are read and converted (and only their references looked up); each row's own ws id is
  // read beside it, so a page of records the webservice has named before needs no second statement.
  const names = q.columns === '*' ? null : [...new Set(q.columns.map((c) => field(vm, m, c).name))];
  const columns = names ? selectColumns(m.allFields.filter((f) => f.name === 'id' || names.includes(f.name))) : sql`t.*`;
  const r = await sql<Record<string, unknown>>`select ${columns},
      (select min(w.n)::text from ws_ids w where w.record_id = t.id and w.module = ${m.name}) as karta_ws_n
    from ${sql.table(m.name)} t where ${conds} order by ${orderBy(keys)} limit ${q.limit} offset ${q.offset}`.execute(ctx.db);
  const type = typeOf(m.name);
  const known = new Map(r.rows.filter((row) => row.karta_ws_n != null && type !== null).map((row) => [row.id as string, `${type}x${row.karta_ws_n}`]));
  if (!names) {
    const records = r.rows.map((row) => toRecord(m, row));
    return toVt(ctx, vm, m, records, await collectRefs(ctx, m, records, r.rows), false, undefined, known);
  }
  const records = r.rows.map((row) => {
    const full = toRecord(m, row);
    return Object.fromEntries(['id', ...names].map((n) => [n, full[n]]));
  });
  const shaped = await toVt(ctx, vm, m, records, await collectRefs(ctx, m, records, r.rows), false, names, known);
  const wanted = [...new Set([...q.columns, 'id'])];
  return shaped.map((rec) => Object.fromEntries(wanted.map((c) => [c, rec[c] ?? ''])));
}

const SYNC_PAGE = 100;

/**
 * Where a session's sync of `element` (a module's vTiger name, or '' for all) stopped: after this change, of those
 * since `since` (a whole second). A call repeated after a lost answer cannot be told from the next one: it goes on
 * from there, so a client that lost an answer starts again from an earlier time.
 */
interface SyncCursor { since: number; element: string; at: string; module: string; id: string }

/**
 * sync: what changed since a Unix time among the caller's own records (vTiger syncs the records a user owns):
 * changed ones in full, deleted ones by id, 100 a call; `more` says to call again from `lastModifiedTime`.
 *
 * vTiger's times are whole seconds, and an import or a mass update changes hundreds of records in one. A page that
 * stops inside a second hands back that second, and the session keeps the exact change it stopped after, so the
 * next call from that second goes on from there: nothing is sent twice or skipped, and the sync always ends. (A call
 * from another session, without that place, starts the second again: records sent twice, none lost.)
 */
export async function wsSync(ctx: RequestContext, session: string, modifiedTime: unknown, elementType: unknown): Promise<unknown> {
  const since = Math.max(0, Math.floor(Number(modifiedTime) || 0));
  const modules = elementType ? [moduleFor(ctx, elementType)] : VT_MODULES.filter((vm) => ctx.registry.has(vm.karta) && can(ctx, vm.karta, 'view')).map((vm) => moduleFor(ctx, vm.vt));
  const element = modules.length === 1 && elementType ? modules[0].vm.vt : '';
  // One place per module synced (a client may sync Leads and Contacts in turns on one session).
  const places = (await sql<{ sync_cursor: Record<string, SyncCursor> | null }>`select sync_cursor from ws_sessions where id = ${session}`.execute(ctx.db)).rows[0]?.sync_cursor ?? {};
  const kept = Object.hasOwn(places, element) ? places[element] : undefined;
  const cursor = kept && kept.since === since && kept.element === element ? kept : null;
  type Change = { vm: VtModule; m: ResolvedModule; row: Record<string, unknown>; at: string; deleted: boolean };
  const changes: Change[] = [];
  for (const { vm, m } of modules) {
    // The caller's own records; of those, what they may no longer read (a comment whose record went to the recycle
    // bin or to someone else) is told as deleted — by id alone, which tells nothing of it.
    const vis = visibilityPredicate(ctx, m.name, 'read');
    const at = sql`coalesce(t.deleted_at, t.updated_at)`;
    const after = cursor ? sql`and (${at}, ${m.name}::text collate "C", t.id) > (${cursor.at}::timestamptz, ${cursor.module}::text collate "C", ${cursor.id}::uuid)` : sql``;
    const r = await sql<Record<string, unknown> & { karta_at: string }>`
      select t.*, to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as karta_at, ${vis ?? sql`true`} as karta_visible from ${sql.table(m.name)} t
      where t.assigned_to = ${ctx.user.id} and ${at} >= to_timestamp(${since}) ${after}
      order by ${at}, t.id limit ${SYNC_PAGE + 1}`.execute(ctx.db);
    for (const row of r.rows) changes.push({ vm, m, row, at: row.karta_at, deleted: row.deleted_at != null || !row.karta_visible });
  }
  // The order the cursor follows: time (as text, microseconds, UTC: sorts as it reads), module, id.
  const key = (c: Change) => `${c.at} ${c.m.name} ${String(c.row.id)}`;
  changes.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const page = changes.slice(0, SYNC_PAGE);
  const more = changes.length > SYNC_PAGE;
  const updated: unknown[] = [];
  const deleted: string[] = [];
  for (const c of page) {
    if (c.deleted) {
      deleted.push((await wsIds(ctx.db, c.m.name, [c.row.id as string])).get(c.row.id as string)!);
    } else {
      const record = toRecord(c.m, c.row);
      updated.push(...(await toVt(ctx, c.vm, c.m, [record], await collectRefs(ctx, c.m, [record], [c.row]))));
    }
  }
  const second = (c: Change) => Math.floor(Date.parse(c.at) / 1000);
  const last = page.at(-1);
  // Done: from the last change's second next time (a change committed later in it is then sent, some twice).
  // More to come: from the second the page stopped in, after the change it stopped at.
  const next: SyncCursor | null = more && last ? { since: second(last), element, at: last.at, module: last.m.name, id: String(last.row.id) } : null;
  // This module's place alone, in one statement: a sync of another module on the session at the same time keeps its own.
  await sql`update ws_sessions set sync_cursor = (coalesce(sync_cursor, '{}'::jsonb) - ${element}::text) || ${JSON.stringify(next ? { [element]: next } : {})}::jsonb
    where id = ${session}`.execute(ctx.db);
  const lastModifiedTime = last ? second(last) : cursor ? since : Math.floor(Date.now() / 1000);
  return { updated, deleted, more, lastModifiedTime };
}

