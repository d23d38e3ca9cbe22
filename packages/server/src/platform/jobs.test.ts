import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { batched, enqueue, runDueJobs, startJobWorker, type JobHandler } from './jobs.js';

let t: TestApp;
const db = () => t.app.database.db;

beforeAll(async () => {
  t = await createTestApp();
  await sql`create table job_probe (job text primary key, tx bigint not null)`.execute(db());
});
afterAll(() => t.close());
beforeEach(async () => {
  await sql`delete from jobs where kind like 'probe%'`.execute(db());
  await sql`delete from job_probe`.execute(db());
});

/** Writes which transaction ran the job, then fails when the payload asks to (after its write: the write must go). */
const probe: JobHandler = async (trx, p) => {
  await sql`insert into job_probe (job, tx) values (${String(p.name)}, txid_current())`.execute(trx);
  if (p.fail) throw new Error(`probe ${String(p.name)} failed`);
};

async function queue(kind: string, names: string[], failing: string[] = []): Promise<void> {
  for (const name of names) await enqueue(db(), { kind, payload: { name, fail: failing.includes(name) }, runAt: new Date(Date.now() - 1000) });
}

const ran = async () => (await sql<{ job: string; tx: string }>`select job, tx::text from job_probe order by job`.execute(db())).rows;

describe('the job queue', () => {
  it('runs a batched kind several to a transaction', async () => {
    await queue('probe_batch', ['a', 'b', 'c', 'd', 'e']);
    expect(await runDueJobs(db(), { probe_batch: batched(probe, 10) })).toBe(5);
    const rows = await ran();
    expect(rows.map((r) => r.job)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
  });

  it('a failing job fails its batch, whose jobs then run alone: the others are done once, the failing one retried later', async () => {
    await queue('probe_batch', ['a', 'b', 'c', 'd', 'e'], ['c']);
    expect(await runDueJobs(db(), { probe_batch: batched(probe, 10) })).toBe(4);
    const rows = await ran();
    expect(rows.map((r) => r.job)).toEqual(['a', 'b', 'd', 'e']);
    expect(new Set(rows.map((r) => r.tx)).size).toBe(4);
    const jobs = (await sql<{ name: string; done: boolean; attempts: number; last_error: string | null; later: boolean }>`
      select payload->>'name' as name, done_at is not null as done, attempts, last_error, run_at > now() as later
      from jobs where kind = 'probe_batch' order by name`.execute(db())).rows;
    expect(jobs.filter((j) => j.done).map((j) => j.name)).toEqual(['a', 'b', 'd', 'e']);
    expect(jobs.find((j) => j.name === 'c')).toMatchObject({ done: false, attempts: 1, last_error: 'probe c failed', later: true });
    expect(jobs.every((j) => j.attempts === 1)).toBe(true);
  });

  it('runs other kinds one to a transaction, and a batch never runs more than it was asked for', async () => {
    await queue('probe_single', ['a', 'b', 'c']);
    expect(await runDueJobs(db(), { probe_single: probe })).toBe(3);
    expect(new Set((await ran()).map((r) => r.tx)).size).toBe(3);
    await queue('probe_batch', ['x', 'y', 'z']);
    expect(await runDueJobs(db(), { probe_batch: batched(probe, 10) }, 2)).toBe(2);
    expect((await ran()).filter((r) => r.job >= 'x').length).toBe(2);
  });

  it('a job that fails its last attempt is kept as failed', async () => {
    await queue('probe_batch', ['a', 'b'], ['a']);
    await sql`update jobs set max_attempts = 1 where kind = 'probe_batch'`.execute(db());
    expect(await runDueJobs(db(), { probe_batch: batched(probe, 10) })).toBe(1);
    const failed = (await sql<{ failed: boolean; done: boolean }>`select failed, done_at is not null as done from jobs where payload->>'name' = 'a' and kind = 'probe_batch'`.execute(db())).rows[0];
    expect(failed).toEqual({ failed: true, done: true });
  });

  it('the worker runs the next jobs while an earlier job\'s after-commit call is still waiting for its answer', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => { answer = resolve; });
    let callEnded = false;
    // Like a webhook delivery: the job commits, then calls a receiver that takes its time.
    const slowCall: JobHandler = async (trx, p) => {
      await probe(trx, p, { alone: true, last: true });
      return async () => { await answered; callEnded = true; };
    };
    await queue('probe_slow', ['slow']);
    await enqueue(db(), { kind: 'probe_single', payload: { name: 'next' }, runAt: new Date() });
    const stop = startJobWorker(db(), { probe_slow: slowCall, probe_single: probe }, 20, () => undefined);
    try {
      for (let i = 0; i < 250 && (await ran()).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await ran()).map((r) => r.job)).toEqual(['next', 'slow']);
      expect(callEnded).toBe(false);
    } finally {
      answer();
      // Stopping waits for the call under way.
      await stop();
    }
    expect(callEnded).toBe(true);
  });

  it('after-commit calls that share an order key (one webhook receiver) still run one after another, in commit order', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => { answer = resolve; });
    const calls: string[] = [];
    const keyed = (key: string | undefined, wait: boolean): JobHandler => async (trx, p) => {
      await probe(trx, p, { alone: true, last: true });
      return Object.assign(async () => { if (wait) await answered; calls.push(String(p.name)); }, key ? { inOrder: key } : {});
    };
    await queue('probe_first', ['first']);
    await enqueue(db(), { kind: 'probe_second', payload: { name: 'second' }, runAt: new Date() });
    await enqueue(db(), { kind: 'probe_other', payload: { name: 'other' }, runAt: new Date() });
    const stop = startJobWorker(db(), { probe_first: keyed('receiver', true), probe_second: keyed('receiver', false), probe_other: keyed(undefined, false) }, 20, () => undefined);
    try {
      for (let i = 0; i < 250 && (await ran()).length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 25 && !calls.includes('other'); i++) await new Promise((r) => setTimeout(r, 20));
      // The unkeyed call went ahead; the second to the same receiver waits for the first.
      expect(calls).toEqual(['other']);
    } finally {
      answer();
      await stop();
    }
    expect(calls).toEqual(['other', 'first', 'second']);
  });
});
