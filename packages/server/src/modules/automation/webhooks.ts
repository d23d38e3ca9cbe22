/**
 * Outgoing webhooks: each subscribed event becomes a delivery row and a queued job; the job POSTs the JSON,
 * signed `X-Karta-Signature: sha256=<hex HMAC of the body>` with the subscription's secret, and on a failure
 * (no answer, not 2xx) tries again later — 30 s, 1 min, 2 min … up to 10 attempts — so a receiver that is
 * down loses nothing. Every attempt is in the delivery log; a failed delivery can be replayed.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { RequestContext } from '../../engine/context.js';
import type { ModuleBehaviour, WriteChange } from '../../engine/registry/behaviour.js';
import { withoutHiddenFields } from '../../engine/access/field-view.js';
import { can, requireAdmin, visibilityPredicate } from '../../engine/access/permissions.js';
import { contextInTransaction } from '../../engine/system-context.js';
import { cancel, enqueue, type AfterCommit } from '../../platform/jobs.js';
import { inTransaction, perTransaction } from '../../platform/db.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { msg, nested, type Said } from '../../platform/messages/say.js';
import type { AutomationEvent } from './outbox.js';
import { post, RefusedAddress, urlProblem } from './outbound-http.js';

export const MAX_DELIVERY_ATTEMPTS = 10;
/** Seconds before attempt n + 1 (n ≥ 1): 30 s doubling, at most an hour. */
export const deliveryBackoff = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

const EVENT = /^(\*|[a-z][a-z0-9_]*)\.(created|updated|deleted)$/;

function invalid(key: string, problem: Said): AppError {
  return new AppError('VALIDATION_FAILED', msg('Invalid webhook: {key} {problem}', { key, problem: nested(problem) }), { [key]: problem });
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A URL a webhook may call: http(s), no credentials, not internal unless allowed. */
export function checkUrl(key: string, url: unknown, fail: (key: string, p: Said) => AppError = invalid): void {
  const problem = typeof url === 'string' ? urlProblem(url) : 'is not a URL';
  if (problem) throw fail(key, problem as Said);
}

async function beforeWrite(ctx: RequestContext, change: WriteChange): Promise<void> {
  // They act with their owner's access (a workflow's actions, a webhook's view of records, an approval's locks):
  // only administrators build, delete or restore them, whatever a profile grants on these modules.
  requireAdmin(ctx);
  if (change.action !== 'create' && change.action !== 'update') return;
  const v = change.values;
  if ('url' in v) checkUrl('url', v.url);
  if ('events' in v) {
    const events = v.events;
    if (!Array.isArray(events) || !events.length || events.length > 100) throw invalid('events', 'must list 1 to 100 events such as deals.updated');
    events.forEach((e, i) => {
      const m = typeof e === 'string' ? EVENT.exec(e) : null;
      if (!m || (m[1] !== '*' && !ctx.registry.has(m[1]))) throw invalid(`events[${i}]`, 'must be <module>.created, <module>.updated or <module>.deleted');
    });
  }
  if (change.action === 'create' && !v.secret) v.secret = randomBytes(24).toString('hex');
}

export const webhookBehaviour: ModuleBehaviour = { beforeWrite };

/** Queues a delivery (and its job) in the caller's transaction. */
export async function queueDelivery(trx: Tx, d: { webhookId: string | null; url: string; event: string; payload: unknown; runId?: number }): Promise<void> {
  const r = await sql<{ id: string }>`insert into webhook_deliveries (webhook_id, url, event, payload, workflow_run_id)
    values (${d.webhookId}, ${d.url}, ${d.event}, ${JSON.stringify(d.payload)}::jsonb, ${d.runId ?? null}) returning id::text`.execute(trx);
  await enqueue(trx, { kind: 'webhook_deliver', key: `whd:${r.rows[0].id}`, payload: { delivery: r.rows[0].id }, runAt: new Date(), maxAttempts: 1 });
}

interface Subscription { id: string; url: string; owner: string }
/** Per transaction (a batch of events), the active subscriptions to an event. */
const subscriptions = perTransaction<Subscription[]>();

/** A webhook's signing key never travels in another subscription's payload (whoever runs that receiver could sign as it). */
export function withoutSecrets(module: string, values: Record<string, unknown>): Record<string, unknown> {
  if (module !== 'webhooks' || !('secret' in values)) return values;
  const { secret: _secret, ...rest } = values;
  return rest;
}

/** The subscriptions an event matches get a delivery each, with the record as the subscription's owner may see it. */
export async function queueWebhooks(app: AppContext, trx: Tx, ev: AutomationEvent): Promise<number> {
  const name = `${ev.module}.${ev.action}`;
  const subs = await subscriptions(trx, name, async () => (await sql<Subscription>`select id, url, coalesce(assigned_to, created_by)::text as owner from webhooks
    where active and deleted_at is null and (events ? ${name} or events ? ${`*.${ev.action}`}) order by id`.execute(trx)).rows);
  for (const s of subs) {
    // Whether its owner may see the record (deleted or not: a later delete must not swallow the earlier events).
    // An owner who left (inactive) or a group owner has no context: that subscription hears nothing, the others do.
    const ctx = await contextInTransaction(app, trx, s.owner).catch(() => null);
    if (!ctx) continue;
    const vis = visibilityPredicate(ctx, ev.module, 'read');
    const seen = await sql`select 1 from ${sql.table(ev.module)} t where t.id = ${ev.id} ${vis ? sql`and ${vis}` : sql``}`.execute(trx);
    if (!seen.rows.length || !can(ctx, ev.module, 'view')) continue;
    // Fields hidden from the owner by their profiles are not in what their subscription receives.
    const data = ev.action === 'deleted' ? { id: ev.id } : ev.record ? withoutSecrets(ev.module, withoutHiddenFields(ctx.registry, ev.module, ev.record)) : { id: ev.id };
    const changes = ev.action === 'updated' ? Object.keys(withoutSecrets(ev.module, withoutHiddenFields(ctx.registry, ev.module, ev.changes ?? {}))) : undefined;
    if (changes && !changes.length && Object.keys(ev.changes ?? {}).length) continue;
    await queueDelivery(trx, { webhookId: s.id, url: s.url, event: name, payload: { event: name, module: ev.module, id: ev.id, occurred_at: ev.at, changes, data } });
  }
  return subs.length;
}

/** Seconds after which a delivery whose attempt never reported (the process stopped mid-call) is tried again. */
const UNFINISHED_RETRY_S = 120;

/**
 * One attempt of one delivery. The job only claims it and plans a safety retry; the HTTP call happens after the
 * job's commit, outside any transaction (a slow receiver must not hold a database connection), and its outcome is
 * written in a short transaction of its own that replaces the safety retry with the real next attempt, or none.
 */
function deliver(app: AppContext) {
  return async (trx: Tx, payload: Record<string, unknown>): Promise<AfterCommit | void> => {
    const r = await sql<{ id: string; url: string; event: string; payload: unknown; state: string; secret: string | null; stopped: boolean }>`
      select d.id::text, coalesce(w.url, d.url) as url, d.event, d.payload, d.state, w.secret,
        ((d.webhook_id is not null and (w.id is null or not w.active or w.deleted_at is not null))
          -- a workflow's call, once the workflow is switched off or deleted: its retries stop too
          or (d.webhook_id is null and d.event like 'workflow.%' and not exists (select 1 from workflows wf
            where wf.id::text = substring(d.event from 10) and wf.active and wf.deleted_at is null))) as stopped
      from webhook_deliveries d left join webhooks w on w.id = d.webhook_id where d.id = ${String(payload.delivery)}::bigint for update of d`.execute(trx);
    const d = r.rows[0];
    if (!d || d.state === 'delivered') return;
    // A webhook (or the workflow calling) switched off or deleted sends nothing more, retries included; one pointed
    // elsewhere sends there.
    if (d.stopped) {
      await sql`update webhook_deliveries set state = 'cancelled', error = 'the webhook is switched off or deleted', next_attempt_at = null where id = ${d.id}::bigint`.execute(trx);
      return;
    }
    const key = `whd:${d.id}`;
    await enqueue(trx, { kind: 'webhook_deliver', key, payload: { delivery: d.id }, runAt: new Date(Date.now() + UNFINISHED_RETRY_S * 1000), maxAttempts: 1 });
    const call = async () => {
      const body = JSON.stringify(d.payload);
      const headers: Record<string, string> = { 'x-karta-event': d.event, 'x-karta-delivery': d.id };
      if (d.secret) headers['x-karta-signature'] = sign(d.secret, body);
      let status: number | null = null;
      let error: string | null = null;
      const refused = urlProblem(d.url);
      let refusedAtConnect = false;
      if (refused) error = `refused: ${refused}`;
      else {
        try {
          const res = await post(d.url, body, headers);
          status = res.status;
          if (status < 200 || status >= 300) error = `HTTP ${status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`;
        } catch (err) {
          error = String((err as Error).message).slice(0, 500);
          // A name that resolves to a private address is refused as a private URL is: not retried.
          if (err instanceof RefusedAddress) refusedAtConnect = true;
        }
      }
      await inTransaction(app.database.db, (t2) => recordAttempt(t2, d.id, key, status, error, Boolean(refused) || refusedAtConnect));
    };
    // One receiver hears its deliveries in the order they were made (a record's creation before its change).
    return Object.assign(call, { inOrder: `webhook:${d.url}` });
  };
}

/** Writes an attempt's outcome and plans the next attempt (30 s doubling), or none when delivered or given up. */
async function recordAttempt(trx: Tx, id: string, key: string, status: number | null, error: string | null, refused: boolean): Promise<void> {
  const r = await sql<{ attempts: number }>`update webhook_deliveries set attempts = attempts + 1 where id = ${id}::bigint returning attempts`.execute(trx);
  const attempts = Number(r.rows[0]?.attempts ?? 1);
  await cancel(trx, key);
  if (!error) {
    await sql`update webhook_deliveries set state = 'delivered', response_status = ${status}, error = null, delivered_at = now(), next_attempt_at = null where id = ${id}::bigint`.execute(trx);
    return;
  }
  const again = !refused && attempts < MAX_DELIVERY_ATTEMPTS;
  const next = again ? new Date(Date.now() + deliveryBackoff(attempts) * 1000) : null;
  await sql`update webhook_deliveries set state = ${again ? 'retrying' : 'failed'}, response_status = ${status}, error = ${error},
    next_attempt_at = ${next?.toISOString() ?? null}::timestamptz where id = ${id}::bigint`.execute(trx);
  if (next) await enqueue(trx, { kind: 'webhook_deliver', key, payload: { delivery: id }, runAt: next, maxAttempts: 1 });
}

/** Sends a delivery again now (an administrator's replay), whatever its state; attempts keep counting. */
export async function replayDelivery(trx: Tx, webhookId: string, deliveryId: string): Promise<boolean> {
  const r = await sql`update webhook_deliveries set state = 'pending', next_attempt_at = now() where id = ${deliveryId}::bigint and webhook_id = ${webhookId} returning id`.execute(trx);
  if (!r.rows.length) return false;
  await enqueue(trx, { kind: 'webhook_deliver', key: `whd:${deliveryId}`, payload: { delivery: deliveryId }, runAt: new Date(), maxAttempts: 1 });
  return true;
}

export async function listDeliveries(trx: Tx, webhookId: string, limit: number): Promise<unknown[]> {
  const r = await sql`select id::text, event, state, attempts, response_status, error, created_at, delivered_at, next_attempt_at, payload
    from webhook_deliveries where webhook_id = ${webhookId} order by id desc limit ${limit}`.execute(trx);
  return r.rows;
}

export const webhookJobs = (app: AppContext) => ({ webhook_deliver: deliver(app) });
