/** Runs one operation as fast as `concurrency` clients can, for a duration or a number of requests. */
import { performance } from 'node:perf_hooks';

export interface RunOpts {
  concurrency: number;
  durationMs: number;
  /** Stop after this many measured requests (0: no limit). */
  maxRequests: number;
  /** Requests made first and not measured (JIT, caches, connections). */
  warmup: number;
}

export interface RunResult {
  latencies: number[];
  wallMs: number;
  errors: number;
  firstError?: string;
}

/** `make(k)` prepares request k outside the timed part and returns the timed part. */
export type TaskFactory = (k: number) => () => Promise<unknown>;

/** Looks at a task's result after its time was taken (e.g. counts the rows of a response). */
export type Inspect = (value: unknown) => void;

const MAX_CONSECUTIVE_ERRORS = 20;

export async function runTasks(opts: RunOpts, make: TaskFactory, inspect?: Inspect): Promise<RunResult> {
  let k = 0;
  const result: RunResult = { latencies: [], wallMs: 0, errors: 0 };
  let consecutive = 0;
  const one = async (record: boolean) => {
    const task = make(k++);
    const t0 = performance.now();
    try {
      const value = await task();
      consecutive = 0;
      if (record) {
        result.latencies.push(performance.now() - t0);
        inspect?.(value);
      }
    } catch (err) {
      consecutive++;
      if (record) result.errors++;
      result.firstError ??= err instanceof Error ? err.message : String(err);
      if (consecutive >= MAX_CONSECUTIVE_ERRORS) throw new Error(`${consecutive} failures in a row: ${result.firstError}`);
    }
  };
  const pool = async (n: number, record: boolean, until: () => boolean) => {
    let started = 0;
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, n || opts.concurrency)) }, async () => {
      while (!until() && (!n || started < n)) {
        started++;
        await one(record);
      }
    }));
  };
  if (opts.warmup > 0) await pool(opts.warmup, false, () => false);
  const t0 = performance.now();
  const deadline = t0 + opts.durationMs;
  await pool(opts.maxRequests, true, () => opts.durationMs > 0 && performance.now() >= deadline);
  result.wallMs = performance.now() - t0;
  return result;
}
