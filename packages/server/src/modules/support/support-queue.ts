/**
 * `GET /support/queue` — the support desk's queues with their counts, as the caller sees them: open tickets assigned
 * to me, open tickets waiting in a group's queue (assigned to a group, nobody yet), and overdue ones (not answered
 * past their due time), and triage (mail from unknown senders, no contact yet). Each comes with the filter that lists it, so the list shows exactly what was counted.
 */
import type { Where } from '@karta/shared';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { requirePermission, visibilityPredicate } from '../../engine/access/permissions.js';
import type { RequestContext } from '../../engine/context.js';
import { doc, int, obj, any } from '../../engine/http/openapi/schema.js';
import { compileWhere } from '../../engine/query/filter-sql.js';

const OPEN: Where = { field: 'status', op: 'ne', value: 'closed' };

type Queue = 'mine' | 'unassigned' | 'overdue' | 'triage';

async function queues(ctx: RequestContext): Promise<Record<Queue, Where>> {
  const groups = (await sql<{ id: string }>`select id::text from groups`.execute(ctx.db)).rows.map((g) => g.id);
  return {
    mine: { and: [{ field: 'assigned_to', op: 'eq', value: ctx.user.id }, OPEN] },
    unassigned: { and: [groups.length ? { field: 'assigned_to', op: 'in', value: groups } : { field: 'assigned_to', op: 'empty' }, OPEN] },
    overdue: { and: [OPEN, { field: 'first_response_at', op: 'empty' }, { field: 'due_at', op: 'lt', value: new Date().toISOString() }] },
    // Mail from senders Karta does not know, when the mailbox says so: someone picks the contact or answers as is.
    triage: { and: [OPEN, { field: 'channel', op: 'eq', value: 'email' }, { field: 'contact_id', op: 'empty' }] },
  };
}

/** The fields a queue's filter names. */
function fieldsOf(where: Where): string[] {
  const w = where as { field?: string; and?: Where[] };
  return w.and ? w.and.flatMap(fieldsOf) : w.field ? [w.field] : [];
}

async function count(ctx: RequestContext, where: Where): Promise<number> {
  const m = ctx.registry.module('tickets');
  const cond = compileWhere(m, where, ctx.lang, 't', ctx.user.timeZone);
  const vis = visibilityPredicate(ctx, 'tickets', 'read');
  const r = await sql<{ n: number }>`select count(*)::int as n from tickets t where t.deleted_at is null ${cond ? sql`and ${cond}` : sql``} ${vis ? sql`and ${vis}` : sql``}`.execute(ctx.db);
  return Number(r.rows[0].n);
}

export async function supportQueueRoutes(api: FastifyInstance): Promise<void> {
  const queue = obj({ count: int(), where: any() }, ['count', 'where']);
  api.get('/support/queue', doc({ tags: ['support'], summary: 'Ticket queues (mine, unassigned, overdue, triage) with counts and the filter of each; a queue over a field the caller may not see is left out', response: { 200: obj({ data: obj({ mine: queue, unassigned: queue, overdue: queue, triage: queue }) }, ['data']) } }), async (req) => {
    requirePermission(req.ctx, 'tickets', 'view');
    const q = await queues(req.ctx);
    // A queue over a field the caller's profile hides (say, the channel) is not theirs: it is left out, not a 400.
    const seen = req.ctx.registry.module('tickets').fieldMap;
    const usable = Object.entries(q).filter(([, where]) => fieldsOf(where).every((f) => seen.has(f)));
    const entries = await Promise.all(usable.map(async ([k, where]) => [k, { count: await count(req.ctx, where), where }] as const));
    return { data: Object.fromEntries(entries) };
  });
}
