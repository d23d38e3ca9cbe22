/**
 * `npm run bench` — Karta's benchmark (ARCHITECTURE.md "Performance by design", SPEC §5).
 *   1. open the bench database directly; load the deterministic data set if it is empty; pick the fixtures
 *   2. run the reads' SQL floor straight through the driver (before anything writes)
 *   3. start the server as a child process; HTTP load as a non-admin sales person; sample the server's RSS
 *   4. stop the server; run the writes' SQL floor; count the statements the engine issues per request
 *   5. write bench/results/<timestamp>-<db>.json and print a table
 * See bench/README.md for the options and what each operation measures.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDriver } from './driver.js';
import { buildFixtures } from './fixtures.js';
import { countsFor, MODULES } from './generate.js';
import { buildOps } from './ops.js';
import { dataPhase, type DataIoResult } from './data-phase.js';
import { analyticsPhase, type AnalyticsResult } from './analytics-phase.js';
import { automationPhase, type AutomationResult } from './automation-phase.js';
import { printPhase, type PrintResult } from './print-phase.js';
import { marketingPhase, type MarketingResult } from './marketing-phase.js';
import { pricingPhase, type PricingResult } from './pricing-phase.js';
import { floorPhase, httpPhase } from './phases.js';
import { checks, table, writeResult, type OpResult } from './report.js';
import type { RunOpts } from './runner.js';
import { ROOT, ensureDataset, openBooted, resetTarget, targetFor } from './setup.js';
import { ratio } from './stats.js';

const { values: a } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    db: { type: 'string', default: 'pglite' },
    duration: { type: 'string', default: '10' },
    requests: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '20' },
    'mass-requests': { type: 'string', default: '3' },
    'mass-size': { type: 'string', default: '1000' },
    batch: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    ops: { type: 'string' },
    phases: { type: 'boolean' },
    'ui-rounds': { type: 'string', default: '5' },
    'import-rows': { type: 'string', default: '100000' },
    invoices: { type: 'string', default: '100000' },
    'automation-writes': { type: 'string', default: '10000' },
    prints: { type: 'string', default: '50' },
    'mailing-recipients': { type: 'string', default: '10000' },
    'pricing-products': { type: 'string', default: '50000' },
    'log-level': { type: 'string', default: 'warn' },
    'skip-load': { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (a.help) {
  console.log(`npm run bench -- [--scale 1] [--db pglite|postgres] [--duration 10 | --requests N] [--concurrency 4]
  [--warmup 20] [--mass-requests 3] [--mass-size 1000] [--batch 5000] [--seed 1] [--ops a,b] [--phases] [--log-level warn]
  [--skip-load] [--load-only] [--reset] [--explain] [--profile] [--ui-rounds 5 (0: no browser)] [--import-rows 100000 (× scale; 0: no data phase)] [--invoices 100000 (× scale, 10 lines each; 0: no analytics phase)] [--automation-writes 10000 (× scale; 0: no automation phase)] [--prints 50 (0: no print phase)] [--mailing-recipients 10000 (0: no marketing phase)] [--pricing-products 50000 (0: no pricing phase)]
  (postgres: BENCH_DATABASE_URL or DATABASE_URL)`);
  process.exit(0);
}

const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  return n;
};
const log = (s: string) => console.log(s);

async function main(): Promise<void> {
  if (a.db !== 'pglite' && a.db !== 'postgres') throw new Error('--db must be pglite or postgres');
  const kind = a.db;
  const scale = num('scale', a.scale);
  const seed = num('seed', a.seed);
  const massRequests = num('mass-requests', a['mass-requests']);
  const massSize = num('mass-size', a['mass-size']);
  const base: RunOpts = {
    concurrency: Math.max(1, num('concurrency', a.concurrency)), durationMs: num('duration', a.duration) * 1000,
    maxRequests: num('requests', a.requests), warmup: num('warmup', a.warmup),
  };
  if (base.maxRequests) base.durationMs = 0;
  const target = targetFor(kind);
  const started = new Date();
  const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  log(`Karta bench — ${kind}, scale ${scale} (${Object.entries(countsFor(scale)).map(([m, n]) => `${n.toLocaleString('en')} ${m}`).join(', ')})`);

  // 1. The data set and what the operations will ask for.
  if (a.reset) await resetTarget(target);
  const app = await openBooted(target);
  let fixtures, dataset, listColumns: Record<string, string[]>;
  try {
    dataset = await ensureDataset(app, { scale, seed, batch: num('batch', a.batch), skipLoad: a['skip-load']! }, log);
    const gen = { seed, counts: dataset.counts, registry: app.meta.registry };
    const f0 = performance.now();
    fixtures = await buildFixtures(app.database.db, gen, { massRequests, massSize });
    log(`Fixtures in ${((performance.now() - f0) / 1000).toFixed(1)} s: ${fixtures.getIds.length} contacts to get, ${fixtures.massChunks.length} mass-update chunks`);
    listColumns = Object.fromEntries(MODULES.map((m) => [m, app.meta.registry.module(m).list.columns]));
  } finally {
    await app.database.close();
  }
  printLoad(dataset.load);
  if (a['load-only']) return;

  const runTag = started.toISOString();
  let ops = buildOps(fixtures, listColumns, { massRequests, runTag });
  if (a.ops) ops = ops.filter((o) => a.ops!.split(',').includes(o.name));

  // 2. The SQL floor of the reads, on the data set as loaded (the writes below change it).
  // 3. HTTP against the server (the only process holding the database: PGlite opens a directory once).
  // 4. The SQL floor of the writes (and of authentication), after the HTTP writes, so both see a similar table.
  const reads = ops.filter((o) => o.kind !== 'create' && o.kind !== 'mass');
  const writes = ops.filter((o) => !reads.includes(o));
  const floorRun = async (list: typeof ops, auth: boolean) => {
    const driver = await openDriver(target);
    try {
      return await floorPhase(target, driver, list, base, fixtures.user.id, { explain: a.explain!, auth }, log);
    } finally {
      await driver.close();
    }
  };
  log('SQL floor of the reads, straight through the driver');
  const floorReads = await floorRun(reads, false);
  log(`HTTP load: ${base.concurrency} clients, ${base.maxRequests ? `${base.maxRequests} requests` : `${base.durationMs / 1000} s`} per operation`);
  const profileDir = path.join(ROOT, 'bench/.data/profile');
  const nodeArgs = a.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const http = await httpPhase(target, ops, base, { logLevel: a['log-level']!, nodeArgs, uiRounds: num('ui-rounds', a['ui-rounds']), phases: Boolean(a.phases) }, log);
  if (a.profile) log(`Server CPU profile in ${profileDir} (open it in Chrome DevTools → Performance)`);
  const importRows = Math.round(num('import-rows', a['import-rows']) * Math.min(1, scale));
  let dataIo: DataIoResult | null = null;
  if (importRows && (!a.ops || a.ops.split(',').includes('data-io'))) {
    log(`Data in and out: import ${importRows.toLocaleString('en')} contacts, duplicates, VTQL`);
    dataIo = await dataPhase(target, importRows, log, nodeArgs);
  }
  const invoices = Math.round(num('invoices', a.invoices) * Math.min(1, scale));
  let analytics: AnalyticsResult | null = null;
  if (invoices && (!a.ops || a.ops.split(',').includes('analytics'))) {
    log(`Analytics: a summary report, ABC/XYZ over ${(invoices * 10).toLocaleString('en')} invoice lines, the dashboard`);
    analytics = await analyticsPhase(target, invoices, log);
  }
  const automationWrites = Math.round(num('automation-writes', a['automation-writes']) * Math.min(1, scale));
  let automation: AutomationResult | null = null;
  if (automationWrites && (!a.ops || a.ops.split(',').includes('automation'))) {
    log(`Automation: ${automationWrites.toLocaleString('en')} deal updates with and without 3 active workflows, then the backlog`);
    automation = await automationPhase(target, automationWrites, log);
  }
  const prints = num('prints', a.prints);
  let print: PrintResult | null = null;
  if (prints && (!a.ops || a.ops.split(',').includes('print'))) {
    log(`Printing: ${prints} invoices one by one, then a merge of 100 into one PDF`);
    print = await printPhase(target, prints, log);
  }
  const mailingRecipients = num('mailing-recipients', a['mailing-recipients']);
  let marketing: MarketingResult | null = null;
  if (mailingRecipients && (!a.ops || a.ops.split(',').includes('marketing'))) {
    log(`Marketing: a mailing to ${mailingRecipients.toLocaleString('en')} campaign members, sending through a local SMTP sink, web form submissions`);
    marketing = await marketingPhase(target, mailingRecipients, log);
  }
  const pricingProducts = num('pricing-products', a['pricing-products']);
  let pricing: PricingResult | null = null;
  if (pricingProducts && (!a.ops || a.ops.split(',').includes('pricing'))) {
    log(`Pricing: ${pricingProducts.toLocaleString('en')} products × 5 price types; a cost change, a markup change, one line's price`);
    pricing = await pricingPhase(target, pricingProducts, log);
  }
  log('SQL floor of the writes and of authentication');
  const floorWrites = await floorRun(writes, true);
  const floor = { results: { ...floorReads.results, ...floorWrites.results }, auth: floorWrites.auth! };

  // 5. Results. On the embedded database the caller is kept in process (platform/auth/caller-cache.ts): in the steady
  // state a request runs no authentication statement.
  const authStatements = kind === 'pglite' ? 0 : 1;
  const results: OpResult[] = ops.map((op) => {
    const h = http.results[op.name];
    const s = floor.results[op.name];
    const r: OpResult = {
      name: op.name, kind: op.kind, what: op.what, concurrency: op.concurrency ?? base.concurrency,
      http: h?.summary, rows: h?.rows, sql: s?.summary,
      ratio: {
        median: ratio(h?.summary.median_ms, s?.summary.median_ms), p95: ratio(h?.summary.p95_ms, s?.summary.p95_ms),
        // The floor plus authentication's statement: what is left is the engine's and HTTP's own time.
        median_with_auth: authStatements ? ratio(h?.summary.median_ms, s ? s.summary.median_ms + floor.auth.median_ms : undefined) : undefined,
      },
      rss_mb: h?.rss, phases: h?.phases, statements: { engine: s?.engineStatements, auth: authStatements, floor: s?.floorStatements },
      ...(h?.firstError || s?.firstError ? { errors: [h?.firstError, s?.firstError].filter(Boolean).join(' | ') } : {}),
      checks: [],
    };
    r.checks = checks(r, kind);
    return r;
  });
  const file = writeResult(ROOT, kind, {
    started_at: started.toISOString(), finished_at: new Date().toISOString(), db: kind, scale, seed, counts: dataset.counts,
    load_average: { start: loadAtStart, end: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    options: { ...base, mass_requests: massRequests, mass_size: massSize, log_level: a['log-level'] },
    load: dataset.load ?? null,
    server: { idle_rss_mb: http.idleRssMb, peak_rss_mb: http.peakRssMb, log: http.log },
    auth_floor: floor.auth,
    ui: http.ui,
    data_io: dataIo,
    analytics,
    automation,
    print,
    marketing,
    pricing,
    operations: results.map((r) => ({ ...r, ...(floor.results[r.name]?.explain ? { explain: floor.results[r.name].explain } : {}) })),
  });
  log('');
  log(table(results));
  log('');
  log(`c: concurrent clients · rows: per response (lists), hits (search) · ×: request latency / SQL floor latency · stmts: engine + authentication / floor, per request`);
  if (results.some((r) => r.phases)) log('Where the server spends a request (Server-Timing p50, ms): authentication (parse, route, session or token, user) · handler · of which SQL (statements) · serialisation · total');
  for (const r of results) if (r.phases) log(`  ${r.name.padEnd(22)} auth ${r.phases.auth} · handler ${r.phases.handler} · SQL ${r.phases.sql} (${r.phases.statements}) · serialise ${r.phases.serialize} · total ${r.phases.total} — the client saw ${r.http?.median_ms}`);
  log(`Authentication alone (the token with the access version, SQL): p50 ${floor.auth.median_ms} ms, p95 ${floor.auth.p95_ms} ms · server RSS idle ${http.idleRssMb} MB, peak ${http.peakRssMb} MB`);
  log(`Load average (1/5/15 min): ${loadAtStart.join(' ')} at the start, ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the end, on ${os.cpus().length} CPUs — other work on the machine inflates the figures`);
  if (http.ui) log(`Web client: initial JS ${http.ui.initial_js_kb} KB gzip (all chunks ${http.ui.all_js_kb} KB); 50-row list on screen: full load p50 ${http.ui.cold_list_ms.median_ms} ms / p95 ${http.ui.cold_list_ms.p95_ms} ms, in-app navigation p50 ${http.ui.in_app_list_ms.median_ms} ms / p95 ${http.ui.in_app_list_ms.p95_ms} ms (target ≤ 1000 ms)`);
  if (http.ui?.dashboard) log(`Home dashboard (${http.ui.dashboard.widgets} widgets, as the administrator) loaded and drawn: full load p50 ${http.ui.dashboard.cold_ms.median_ms} ms / p95 ${http.ui.dashboard.cold_ms.p95_ms} ms, in-app navigation p50 ${http.ui.dashboard.in_app_ms.median_ms} ms / p95 ${http.ui.dashboard.in_app_ms.p95_ms} ms (target ≤ 1000 ms)`);
  for (const r of results) if (r.errors) log(`! ${r.name}: ${r.errors}`);
  if (a.explain) for (const op of ops) for (const e of floor.results[op.name]?.explain ?? []) log(`\n== ${op.name}\n${e}`);
  if (scale < 1) log(`(scale ${scale}: the targets are for 1M contacts; these checks are indicative)`);
  log(`Result: ${file}`);
}

function printLoad(load: any): void {
  if (!load?.modules) return;
  for (const m of load.modules) log(`  loaded ${m.module}: ${m.rows.toLocaleString('en')} rows in ${m.seconds} s (${m.rows_per_s.toLocaleString('en')} rows/s; JS row building ${Math.round(m.build_share * 100)}%, INSERTs ${Math.round(m.db_share * 100)}% of the time, index builds ${m.index_seconds} s)`);
  const rows = load.modules.reduce((s: number, m: any) => s + m.rows, 0);
  const full = Object.values(countsFor(1)).reduce((s, n) => s + n, 0);
  log(`  load: ${rows.toLocaleString('en')} rows in ${load.total_s} s incl. vacuum analyze ${load.vacuum_s} s → ${load.rows_per_s.toLocaleString('en')} rows/s; scale 1 (${full.toLocaleString('en')} rows) ≈ ${Math.round((full / load.rows_per_s) / 60)} min at this rate (likely more: indexes grow)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
