/**
 * A job queue in PostgreSQL (both PGlite and a server): jobs are rows with a time to run. A worker claims one
 * due job (or a batch of a `batched` kind) with `FOR UPDATE SKIP LOCKED` and runs its handler in the same
 * transaction that marks it done, so a job's effect commits exactly once — even with several app instances polling
 * one database, and after a restart (due jobs are still rows). A failing handler rolls back; the job is retried later with a growing
 * delay, up to its attempts, then kept as failed with its error.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DB, Tx } from './db.js';

/**
 * A handler may return what to do once its transaction has committed (publish the events its writes raised).
 * `batch` lets a light, frequent kind run several jobs to a transaction (see `batched`).
 */
export type JobHandler = ((trx: Tx, payload: Record<string, unknown>, run: JobRun) => Promise<void | AfterCommit>) & { batch?: number };
/**
 * How a job runs: `alone` in its transaction, or in a batch — where any failure fails the batch and the job runs again
 * alone; `last` of its batch (or alone), so it may write what the batch gathered.
 */
export interface JobRun { alone: boolean; last: boolean }
/**
 * `inOrder`: effects sharing this key run one after another, in the order their jobs committed (one webhook's
 * deliveries reach its receiver in order); others may run side by side.
 */
export type AfterCommit = (() => Promise<void>) & { inOrder?: string };

/**
 * Runs up to `size` due jobs of this kind in one transaction: for jobs that cost little more than their own claim,
 * transaction and commit (an automation event), the batch saves those and shares what the transaction caches (the
 * acting users, the active workflows). A job failing costs the batch a second run, each job alone (runClaimed) — so
 * in a batch a handler may skip the savepoints that keep a failing part of a job from failing all of it.
 */
export function batched(handler: JobHandler, size: number): JobHandler {
  return Object.assign((trx: Tx, payload: Record<string, unknown>, run: JobRun) => handler(trx, payload, run), { batch: size });
}

export interface Job {
  kind: string; payload: Record<string, unknown>; runAt: Date; key?: string; maxAttempts?: number; ifAbsent?: boolean;
  /** A pending job with this key keeps its time when that is earlier (a periodic job scheduled again at each start). */
  keepEarlier?: boolean;
}

/**
 * Schedules a job; a `key` makes it replace the pending job with the same key (a reminder moved to another time),
 * or, with `ifAbsent`, leaves the job with that key alone, done or not (an effect that must happen once per key).
 */
export async function enqueue(db: Tx, job: Job): Promise<void> {
  const runAt = job.keepEarlier ? sql`case when jobs.done_at is null then least(jobs.run_at, excluded.run_at) else excluded.run_at end` : sql`excluded.run_at`;
  const onConflict = job.ifAbsent ? sql`do nothing` : sql`do update set kind = excluded.kind, payload = excluded.payload, run_at = ${runAt},
      attempts = 0, done_at = null, failed = false, last_error = null, max_attempts = excluded.max_attempts`;
  await sql`insert into jobs (kind, key, payload, run_at, max_attempts)
    values (${job.kind}, ${job.key ?? null}, ${JSON.stringify(job.payload)}::jsonb, ${job.runAt.toISOString()}::timestamptz, ${job.maxAttempts ?? 5})
    on conflict (key) ${onConflict}`.execute(db);
}

/** Drops the pending job with this key, if any (a reminder switched off). */
export async function cancel(db: Tx, key: string): Promise<void> {
  await sql`delete from jobs where key = ${key} and done_at is null`.execute(db);
}

/** Seconds before attempt n+1: 30 s, 2 min, 8 min, … */
export const retryDelay = (attempts: number) => 30 * 4 ** Math.max(0, attempts - 1);

/**
 * After-commit effects that run beside the next jobs, at most `size` at once: a webhook receiver or SMTP server taking
 * its full timeout must not hold up reminders and mailings behind it. A job waits for a free place before its effect
 * starts, so every effect still begins right after its commit (a webhook's safety retry, two minutes on, stays later).
 */
export class EffectPool {
  private readonly running = new Set<Promise<void>>();
  /** The last effect of each `inOrder` key still running: the next one of that key waits for it. */
  private readonly tails = new Map<string, Promise<void>>();
  constructor(private readonly size: number) {}
  async add(effect: AfterCommit): Promise<void> {
    while (this.running.size >= this.size) await Promise.race(this.running);
    const key = effect.inOrder;
    const before = key === undefined ? undefined : this.tails.get(key);
    const p: Promise<void> = (before ?? Promise.resolve()).then(() => effect()).catch(() => undefined) // listeners report their own failures
      .finally(() => {
        this.running.delete(p);
        if (key !== undefined && this.tails.get(key) === p) this.tails.delete(key);
      });
    this.running.add(p);
    if (key !== undefined) this.tails.set(key, p);
  }
  /** Resolves once every effect started so far has ended. */
  async settle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running);
  }
}

/**
 * Runs the jobs due now (up to about `limit`), one transaction each or a batch to one; returns how many succeeded.
 * Their after-commit effects run one after another before the next job, unless `effects` runs them beside it.
 */
export async function runDueJobs(db: DB, handlers: Record<string, JobHandler>, limit = 50, effects?: EffectPool): Promise<number> {
  let done = 0;
  for (let ran = 0; ran < limit;) {
    const outcome = await runClaimed(db, handlers, limit - ran, effects);
    if (!outcome.claimed) break;
    ran += outcome.claimed;
    done += outcome.done;
  }
  return done;
}

interface ClaimedJob { id: string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }

/** Locks due jobs for this worker, oldest first (`more`: only those of a kind, or one by its id). */
async function claim(trx: Tx, size: number, more: RawBuilder<unknown> = sql``): Promise<ClaimedJob[]> {
  const r = await sql<ClaimedJob>`select id::text, kind, payload, attempts, max_attempts from jobs where done_at is null and run_at <= now() ${more}
    order by run_at, id limit ${size} for update skip locked`.execute(trx);
  return r.rows;
}

/** A failed attempt: retried after a growing delay, or kept as failed after its last. */
async function markFailed(db: Tx, job: ClaimedJob, err: unknown): Promise<void> {
  const attempts = job.attempts + 1;
  const last = attempts >= job.max_attempts;
  await sql`update jobs set attempts = ${attempts}, last_error = ${String((err as Error).message ?? err).slice(0, 1000)},
    run_at = now() + make_interval(secs => ${retryDelay(attempts)}), done_at = ${last ? sql`now()` : sql`null`}, failed = ${last}
    where id = ${job.id}::bigint`.execute(db);
}

/**
 * Claims due jobs — one, or a batch of one batched kind — and runs them in one transaction. A batch is all or nothing:
 * when one of its jobs fails, the whole transaction rolls back and each job runs again alone, so only the failing
 * one is retried later and nothing any job did is kept twice.
 */
async function runClaimed(db: DB, handlers: Record<string, JobHandler>, room: number, effects?: EffectPool, only?: ClaimedJob): Promise<{ claimed: number; done: number }> {
  let claimed: ClaimedJob[] = [];
  let after: AfterCommit[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      // A job of a failed batch is claimed again on its own (unless another worker has taken it since).
      const [first] = await claim(trx, 1, only ? sql`and id = ${only.id}::bigint` : undefined);
      if (!first) return;
      const handler = handlers[first.kind];
      const size = only ? 1 : Math.min(room, handler?.batch ?? 1);
      claimed = size > 1 ? [first, ...(await claim(trx, size - 1, sql`and kind = ${first.kind} and id <> ${first.id}::bigint`))] : [first];
      if (!handler) throw new Error(`no handler for jobs of kind ${first.kind}`);
      // Done first: a handler may schedule the same key again (the next occurrence), which reopens the row.
      await sql`update jobs set done_at = now(), attempts = attempts + 1 where id = any(${claimed.map((j) => j.id)}::bigint[])`.execute(trx);
      for (const [i, job] of claimed.entries()) {
        const a = await handler(trx, job.payload, { alone: claimed.length === 1, last: i === claimed.length - 1 });
        if (a) after.push(a);
      }
    });
  } catch (err) {
    after = [];
    if (!claimed.length) throw err;
    if (claimed.length === 1) {
      await markFailed(db, claimed[0], err);
      return { claimed: 1, done: 0 };
    }
    let done = 0;
    for (const job of claimed) done += (await runClaimed(db, handlers, 1, effects, job)).done;
    return { claimed: claimed.length, done };
  }
  for (const a of after) {
    if (effects) await effects.add(a);
    else await a().catch(() => undefined); // listeners report their own failures
  }
  return { claimed: claimed.length, done: claimed.length };
}

/** Outgoing calls (webhooks, SMS, mail) one instance makes at once after its jobs' commits. */
const EFFECTS_AT_ONCE = 8;

/**
 * Polls for due jobs every `intervalMs` until stopped, with `workers` pollers side by side (SKIP LOCKED gives each
 * job to one of them; on PGlite's single connection one is all there can be). A poll goes on while jobs are due
 * (an import queues its next chunk as due now) for up to a minute, then lets the next poll continue.
 */
export function startJobWorker(db: DB, handlers: Record<string, JobHandler>, intervalMs: number, onError: (err: unknown) => void, workers = 1): () => Promise<void> {
  const busy = new Array<boolean>(Math.max(1, workers)).fill(false);
  const effects = new EffectPool(EFFECTS_AT_ONCE);
  const poll = async () => {
    const until = Date.now() + 60_000;
    while (Date.now() < until && (await runDueJobs(db, handlers, 50, effects)) > 0) { /* more may be due */ }
  };
  const timer = setInterval(() => {
    busy.forEach((b, i) => {
      if (b) return;
      busy[i] = true;
      poll().catch(onError).finally(() => { busy[i] = false; });
    });
  }, intervalMs);
  timer.unref();
  // Stopping waits (up to 10 s) for the calls already under way, so they can write how they went before the database closes.
  return async () => {
    clearInterval(timer);
    await Promise.race([effects.settle(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  };
}
