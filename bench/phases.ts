/** The two measured phases: HTTP against the running server, then the SQL floor through the driver. */
import { sql } from 'kysely';
import { loadCurrentUser } from '../packages/server/src/engine/access/load-user.js';
import { contextFor } from '../packages/server/src/engine/system-context.js';
import type { Driver, Query } from './driver.js';
import { countStatements } from './engine-count.js';
import { Client, apiToken, type Reply } from './http.js';
import type { Op } from './ops.js';
import { runTasks, type RunOpts } from './runner.js';
import { RssSampler, rssMb, startServer } from './server.js';
import { BENCH_PASSWORD, BENCH_USER, openBooted, serverEnv, type Target } from './setup.js';
import { uiPhase } from './ui.js';
import { authFloor, type FloorContext } from './sql-floor.js';
import { summarize, type Summary } from './stats.js';

export interface Measured {
  summary: Summary;
  /** Mean rows (lists) or hits (search) per response, from the first responses. */
  rows?: number;
  firstError?: string;
  rss?: { peak_mb: number; mean_mb: number };
  /** Medians of the server's own account of each request (Server-Timing), ms; `statements` per request. */
  phases?: Phases;
}

export interface Phases { auth: number; handler: number; sql: number; serialize: number; total: number; statements: number }

/** The Server-Timing header of one answer, by phase. */
export function parseServerTiming(header: string | string[] | undefined): Phases | null {
  if (typeof header !== 'string') return null;
  const dur = (name: string) => Number(new RegExp(`(?:^|, )${name};dur=([\\d.]+)`).exec(header)?.[1] ?? NaN);
  const statements = Number(/sql;dur=[\d.]+;desc="(\d+)"/.exec(header)?.[1] ?? NaN);
  const p = { auth: dur('auth'), handler: dur('handler'), sql: dur('sql'), serialize: dur('serialize'), total: dur('total'), statements };
  return Object.values(p).every(Number.isFinite) ? p : null;
}

function medianPhases(list: Phases[]): Phases | undefined {
  if (!list.length) return undefined;
  const med = (k: keyof Phases) => {
    const v = list.map((p) => p[k]).sort((a, b) => a - b);
    return Math.round(v[Math.floor(v.length / 2)] * 100) / 100;
  };
  return { auth: med('auth'), handler: med('handler'), sql: med('sql'), serialize: med('serialize'), total: med('total'), statements: med('statements') };
}

export const optsFor = (base: RunOpts, op: Op): RunOpts => ({
  ...base,
  concurrency: op.concurrency ?? base.concurrency,
  maxRequests: op.requests ?? base.maxRequests,
  durationMs: op.requests ? 0 : base.durationMs,
  warmup: op.warmup ?? base.warmup,
});

export async function httpPhase(target: Target, ops: Op[], base: RunOpts, opts: { logLevel: string; nodeArgs: string[]; uiRounds: number; phases?: boolean }, log: (s: string) => void) {
  // --phases: Server-Timing on every answer, where each operation's time goes (it costs a little, so it is asked for).
  const env = { ...serverEnv(target), LOG_LEVEL: opts.logLevel, ...(opts.phases ? { KARTA_SERVER_TIMING: '1' } : {}) };
  const server = await startServer(env, `server-${target.kind}.log`, opts.nodeArgs);
  const sampler = new RssSampler(server.pid);
  const out: Record<string, Measured> = {};
  let client: Client | undefined;
  try {
    const idle = rssMb(server.pid);
    log(`Server pid ${server.pid} at ${server.url.origin}, idle RSS ${idle.toFixed(0)} MB`);
    const token = await apiToken(server.url, BENCH_USER, BENCH_PASSWORD);
    client = new Client(server.url, { authorization: `Bearer ${token}` }, base.concurrency);
    for (const op of ops) {
      const o = optsFor(base, op);
      log(`  HTTP ${op.name} (${o.concurrency} client${o.concurrency > 1 ? 's' : ''}, ${o.maxRequests ? `${o.maxRequests} requests` : `${o.durationMs / 1000} s`})`);
      sampler.mark();
      const c = client;
      const rows: number[] = [];
      const phases: Phases[] = [];
      const run = await runTasks(o, (k) => {
        const r = op.http(k);
        const first = op.before?.(k) ?? [];
        return async () => {
          for (const b of first) await c.okReply(b.method, b.path, b.body);
          return c.okReply(r.method, r.path, r.body);
        };
      }, (value) => {
        const reply = value as Reply;
        const p = parseServerTiming(reply.headers['server-timing']);
        if (p) phases.push(p);
        if (rows.length < 50 && (op.kind === 'list' || op.kind === 'search' || op.kind === 'page')) rows.push((JSON.parse(reply.text).data as unknown[]).length);
      });
      const mean = rows.length ? Math.round((rows.reduce((x, y) => x + y, 0) / rows.length) * 10) / 10 : undefined;
      out[op.name] = { summary: summarize(run.latencies, run.wallMs, run.errors), rows: mean, firstError: run.firstError, rss: sampler.window(), phases: medianPhases(phases) };
    }
    if (opts.uiRounds) log(`  UI: lists of 50 rows in Chromium (${opts.uiRounds} rounds)`);
    const ui = opts.uiRounds ? await uiPhase(server.url, opts.uiRounds, log) : null;
    return { results: out, idleRssMb: Math.round(idle), peakRssMb: Math.round(sampler.peak), log: server.log, ui };
  } finally {
    sampler.stop();
    client?.close();
    await server.stop();
  }
}

/** A driver that counts the statements run through it (one floor request, to report next to the engine's). */
function counting(d: Driver): { driver: Driver; count: () => number } {
  let n = 0;
  const wrap = (q: Query): Query => (text, params) => {
    n++;
    return q(text, params);
  };
  return { driver: { ...d, query: wrap(d.query), tx: (fn) => d.tx((q) => fn(wrap(q))) }, count: () => n };
}

export async function floorPhase(target: Target, driver: Driver, ops: Op[], base: RunOpts, userId: string, opts: { explain: boolean; auth: boolean }, log: (s: string) => void) {
  const app = await openBooted(target, driver.database);
  const user = await loadCurrentUser(driver.database.db, userId);
  if (!user) throw new Error('bench: the bench user is gone');
  const ctx: FloorContext = { registry: app.meta.registry, user, sharing: app.meta.sharing };
  const out: Record<string, Measured & { floorStatements: number; engineStatements?: number; explain?: string[] }> = {};
  for (const op of ops) {
    const o = optsFor(base, op);
    log(`  SQL ${op.name}`);
    if (op.kind !== 'create' && op.kind !== 'mass') await op.floor(0, ctx, driver)(); // the steady state, as the engine's count below (estimates kept)
    const c = counting(driver);
    await op.floor(0, ctx, c.driver)();
    const run = await runTasks(o, (k) => op.floor(k, ctx, driver));
    out[op.name] = { summary: summarize(run.latencies, run.wallMs, run.errors), firstError: run.firstError, floorStatements: c.count() };
  }
  let auth: Summary | undefined;
  if (opts.auth) {
    log('  SQL authentication (the token with the access version)');
    const token = await sql<{ token_hash: string }>`select token_hash from api_tokens where user_id = ${userId} order by created_at desc limit 1`.execute(driver.database.db);
    const authRun = await runTasks(base, () => () => authFloor(driver.query, token.rows[0]?.token_hash ?? '', userId));
    auth = summarize(authRun.latencies, authRun.wallMs, authRun.errors);
  }
  log('  engine statement counts (in process, in the steady state: each operation once before it is counted)');
  const ectx = await contextFor(app, userId);
  for (const op of ops) {
    if (op.kind !== 'create' && op.kind !== 'mass') await op.engine(ectx, 0); // the planner's estimates it keeps (search-plan.ts)
    out[op.name].engineStatements = await countStatements(ectx, (c) => op.engine(c, 0));
  }
  if (opts.explain) {
    for (const op of ops) {
      if (!op.explain) continue;
      out[op.name].explain = [];
      for (const st of [0, 1, 2, 3].flatMap((k) => op.explain!(ctx, k))) {
        const rows = await driver.query<Record<string, string>>(`explain (analyze, buffers) ${st.text}`, st.params);
        out[op.name].explain!.push(`${st.text}\n-- params: ${JSON.stringify(st.params).slice(0, 300)}\n${rows.map((r) => Object.values(r)[0]).join('\n')}`);
      }
    }
  }
  return { results: out, auth };
}
