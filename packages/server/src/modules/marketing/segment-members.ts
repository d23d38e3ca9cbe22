/**
 * Segment membership. A dynamic segment is recomputed in one statement — the records its rule selects now, members
 * that left get `until`, newcomers a row with `since` — on demand (`…/actions/recompute`) and every `recompute_hours`
 * on the job queue. A static segment's members are added and removed by hand (records the user may see). Membership is
 * the company's; who reads it sees only the members they may see.
 */
import { registerMembershipOperator } from '../../engine/query/membership-filters.js';
import { sql } from 'kysely';
import { isLang, isUuid, type Lang } from '@karta/shared';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import type { ActionHandler, ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { visibilityPredicate } from '../../engine/access/permissions.js';
import { contextInTransaction, firstAdministrator } from '../../engine/system-context.js';
import { getRecord } from '../../engine/records/get.js';
import { updateRecord } from '../../engine/records/update.js';
import { runWrite } from '../../engine/records/write-helpers.js';
import type { Registry } from '../../engine/registry/registry.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { cancel, enqueue, type JobHandler } from '../../platform/jobs.js';
import { notify } from '../activities/notifications.js';
import { compileRule, invalidRule } from './segment-rule.js';
import { TIME_ZONE_CHANGED, userTimeZone } from '../../platform/time-zone.js';

export const SEGMENT_JOB = 'segment_recompute';
const jobKey = (id: string) => `${SEGMENT_JOB}:${id}`;
const MAX_IDS = 10_000;

export interface Segment { id: string; module: string; kind: string; rule: unknown; recompute_hours: number | null }

export async function readSegment(db: Tx, id: string): Promise<Segment | null> {
  if (!isUuid(id)) return null;
  const r = await sql<Segment>`select id::text, module, kind, rule, recompute_hours from segments where id = ${id} and deleted_at is null`.execute(db);
  return r.rows[0] ?? null;
}

/** Brings a dynamic segment's membership up to date; returns who joined, who left, and how many are in it. */
export async function recompute(db: Tx, registry: Registry, s: Segment, lang: Lang): Promise<{ added: number; removed: number; total: number }> {
  if (s.kind !== 'dynamic') {
    const n = await sql<{ n: number }>`select count(*)::int as n from segment_members where segment_id = ${s.id} and until is null`.execute(db);
    return { added: 0, removed: 0, total: Number(n.rows[0].n) };
  }
  const cond = compileRule(registry, s.module, s.rule, lang, 'r', await userTimeZone(db, null));
  const r = await sql<{ added: number; removed: number; total: number }>`with current as (
      select r.id from ${sql.table(s.module)} r where r.deleted_at is null and ${cond}),
    ended as (update segment_members m set until = now() where m.segment_id = ${s.id} and m.until is null
      and not exists (select 1 from current c where c.id = m.record_id) returning 1),
    added as (insert into segment_members (segment_id, record_id) select ${s.id}::uuid, c.id from current c
      where not exists (select 1 from segment_members m where m.segment_id = ${s.id} and m.record_id = c.id and m.until is null) returning 1)
    select (select count(*) from added)::int as added, (select count(*) from ended)::int as removed, (select count(*) from current)::int as total`.execute(db);
  const out = r.rows[0];
  return { added: Number(out.added), removed: Number(out.removed), total: Number(out.total) };
}

/** Recomputes and keeps the count and the time on the segment (through the pipeline). */
async function recomputeAndKeep(ctx: RequestContext, s: Segment) {
  const result = await recompute(ctx.db, ctx.registry, s, ctx.lang);
  await updateRecord(ctx, 'segments', s.id, {}, undefined, { systemValues: { member_count: result.total, computed_at: new Date().toISOString() } });
  return result;
}

async function mine(ctx: RequestContext, id: string): Promise<Segment> {
  await getRecord(ctx, 'segments', id);
  const s = await readSegment(ctx.db, id);
  if (!s) throw new AppError('NOT_FOUND', 'Record not found');
  return s;
}

const recomputeAction: ActionHandler = async (ctx, id) => runWrite(ctx, async (tctx) => ({ body: { data: await recomputeAndKeep(tctx, await mine(tctx, id)) } }));

/** `{"ids":[…]}` of records the user may see, for a static segment. */
async function visibleIds(ctx: RequestContext, s: Segment, body: unknown): Promise<string[]> {
  if (s.kind !== 'static') throw invalidRule('kind', 'members of a dynamic segment come from its rule');
  const ids = (body as { ids?: unknown })?.ids;
  if (!Array.isArray(ids) || !ids.length || ids.length > MAX_IDS || !ids.every(isUuid)) throw invalidRule('ids', 'must list 1 to 10000 record ids');
  const vis = visibilityPredicate(ctx, s.module, 'read', 'r') ?? sql`true`;
  const r = await sql<{ id: string }>`select r.id::text from ${sql.table(s.module)} r where r.id = any(${ids}::uuid[]) and r.deleted_at is null and ${vis}`.execute(ctx.db);
  return r.rows.map((x) => x.id);
}

const addMembers: ActionHandler = async (ctx, id, body) => runWrite(ctx, async (tctx) => {
  const s = await mine(tctx, id);
  const ids = await visibleIds(tctx, s, body);
  await sql`insert into segment_members (segment_id, record_id) select ${s.id}::uuid, unnest(${ids}::uuid[]) on conflict do nothing`.execute(tctx.db);
  return { body: { data: await recomputeAndKeep(tctx, s) } };
});

const removeMembers: ActionHandler = async (ctx, id, body) => runWrite(ctx, async (tctx) => {
  const s = await mine(tctx, id);
  const ids = await visibleIds(tctx, s, body);
  await sql`update segment_members set until = now() where segment_id = ${s.id} and until is null and record_id = any(${ids}::uuid[])`.execute(tctx.db);
  return { body: { data: await recomputeAndKeep(tctx, s) } };
});

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = change.values;
  if (change.action === 'update' && 'module' in v && v.module !== change.before?.module) throw invalidRule('module', 'cannot change once the segment exists');
  const module = String(v.module ?? change.before?.module ?? 'accounts');
  const kind = String(v.kind ?? change.before?.kind ?? 'dynamic');
  // A bad rule is refused at its path when saved, not when the job runs it.
  if (kind === 'dynamic' && ('rule' in v || 'kind' in v)) compileRule(ctx.registry, module, v.rule ?? change.before?.rule, ctx.lang, 'r', 'UTC', { reader: ctx, countVisibleOnly: false });
}

/** A dynamic segment is recomputed on the job queue every `recompute_hours`, the first time at once. */
async function afterWrite(ctx: RequestContext, change: WriteChange, record: Record<string, unknown>): Promise<void> {
  if (change.action === 'delete') return cancel(ctx.db, jobKey(change.id));
  const booked = change.action === 'create' || change.action === 'restore'; // back from the recycle bin: its job was dropped
  if (!booked && !('rule' in change.values) && !('kind' in change.values) && !('recompute_hours' in change.values)) return;
  if (record.kind !== 'dynamic') return cancel(ctx.db, jobKey(change.id));
  await enqueue(ctx.db, { kind: SEGMENT_JOB, key: jobKey(change.id), payload: { id: change.id }, runAt: new Date() });
}

export const segmentBehaviour: ModuleBehaviour = { beforeWrite, afterWrite, actions: { recompute: recomputeAction, add_members: addMembers, remove_members: removeMembers } };

export function segmentJobs(app: AppContext): Record<string, JobHandler> {
  return {
    async [SEGMENT_JOB](trx, payload) {
      const s = await readSegment(trx, String(payload.id));
      if (!s || s.kind !== 'dynamic') return;
      // The next turn is booked whatever this one does: a segment that cannot be recomputed now (no active
      // administrator, a rule naming a field deleted since) tries again then, instead of stopping for good.
      await enqueue(trx, { kind: SEGMENT_JOB, key: jobKey(s.id), payload: { id: s.id }, runAt: new Date(Date.now() + (s.recompute_hours ?? 24) * 3_600_000) });
      // As an administrator: membership is the company's, whoever made the segment.
      const admin = await firstAdministrator(trx);
      if (!admin) return;
      const ctx = await contextInTransaction(app, trx, admin);
      await sql`savepoint segment_recompute`.execute(trx);
      try {
        await recomputeAndKeep(ctx, s);
      } catch (err) {
        // A rule that no longer runs (it names a field deleted since): its members stay as last computed and its owner
        // hears why, once until they have read it. Anything else (the database busy) is the queue's to retry soon.
        if (!(err instanceof AppError)) throw err;
        await sql`rollback to savepoint segment_recompute`.execute(trx);
        ctx.pendingEvents?.splice(0); // nothing of the rolled-back work is announced
        // The owner when a user (a group owner has no one to tell), in their language.
        const owner = (await sql<{ id: string; language: string; name: string }>`select u.id::text, u.language, s.name from segments s
          join users u on u.id = s.assigned_to and u.active where s.id = ${s.id}`.execute(trx)).rows[0];
        if (owner) {
          const said = err.render(isLang(owner.language) ? owner.language : 'en');
          const why = [said.message, ...Object.values(said.fields ?? {})].join(': ');
          const unheard = sql`not exists (select 1 from notifications where user_id = ${owner.id}::uuid and kind = 'segment_failed' and record_id = ${s.id}::uuid and read_at is null)`;
          await notify(trx, { userId: owner.id, kind: 'segment_failed', module: 'segments', recordId: s.id, label: owner.name, message: `${owner.name}: ${why}`.slice(0, 500) }, { onlyIf: unheard });
        }
      }
    },
  };
}

/**
 * A new company clock moves the days of every dynamic segment's rule ("today", "the last 90 days"): each is recomputed
 * now rather than at its next turn. A user's own clock changes no segment.
 */
export function registerSegmentZoneListener(app: AppContext): void {
  app.events.on(TIME_ZONE_CHANGED, async (p: { userId: string | null }) => {
    if (p.userId !== null) return;
    const dynamic = await sql<{ id: string }>`select id::text from segments where kind = 'dynamic' and deleted_at is null`.execute(app.database.db);
    for (const s of dynamic.rows) await enqueue(app.database.db, { kind: SEGMENT_JOB, key: jobKey(s.id), payload: { id: s.id }, runAt: new Date() });
  });
}

/** `in_segment` in lists, reports and rules: the segment's current members, when it keeps records of that module. */
export function registerSegmentFilter(): void {
  registerMembershipOperator('in_segment', (segmentId, modules) => sql`select m.record_id from segment_members m
    join segments s on s.id = m.segment_id and s.deleted_at is null and s.module = any(${[...modules]}::text[])
    where m.segment_id = ${segmentId}::uuid and m.until is null`);
}
