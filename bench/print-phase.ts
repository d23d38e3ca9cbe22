/**
 * Printing (issue 18), as an administrator: how long one invoice takes to print with the shipped «Счёт на оплату»,
 * and a mail merge of many invoices into one PDF — while the merge runs, a client measures the health check, which
 * shows whether the layout (in its worker thread) holds up everyone else.
 */
import { performance } from 'node:perf_hooks';
import { openDriver } from './driver.js';
import { apiToken, Client } from './http.js';
import { startServer } from './server.js';
import { ADMIN_PASSWORD, openBooted, serverEnv, type Target } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface PrintResult {
  single: Summary;
  merge: { records: number; seconds: number; pages_per_s: number; bytes: number };
  health_during_merge: Summary;
  health_idle: Summary;
}

async function health(c: Client, until: () => boolean): Promise<Summary> {
  const ms: number[] = [];
  const t0 = performance.now();
  while (!until()) {
    const s = performance.now();
    await c.ok('GET', '/api/v1/health');
    ms.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 20));
  }
  return summarize(ms, performance.now() - t0);
}

export async function printPhase(target: Target, prints: number, log: (s: string) => void): Promise<PrintResult> {
  const driver = await openDriver(target);
  let ids: string[];
  try {
    await openBooted(target, driver.database);
    ids = (await driver.query(`select id from invoices where deleted_at is null and jsonb_array_length(coalesce(lines, '[]'::jsonb)) > 0 order by id limit ${Math.max(prints, 100)}`)).map((r) => String(r.id));
  } finally {
    await driver.close();
  }
  if (!ids.length) throw new Error('the print phase needs invoices with lines');
  const server = await startServer({ ...serverEnv(target), LOG_LEVEL: 'warn' }, `server-print-${target.kind}.log`);
  try {
    const admin = new Client(server.url, { authorization: `Bearer ${await apiToken(server.url, 'admin', ADMIN_PASSWORD)}` });
    const templates = JSON.parse(await admin.ok('GET', '/api/v1/records/print_templates?limit=100&fields=standard_key')).data as { id: string; standard_key: string }[];
    const invoiceForm = templates.find((t) => t.standard_key === 'ru_invoice');
    if (!invoiceForm) throw new Error('the shipped «Счёт на оплату» is missing');
    await admin.ok('GET', `/api/v1/records/invoices/${ids[0]}/pdf?template=${invoiceForm.id}`); // the worker starts and loads its fonts
    const ms: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < prints; i++) {
      const s = performance.now();
      await admin.ok('GET', `/api/v1/records/invoices/${ids[i % ids.length]}/pdf?template=${invoiceForm.id}`);
      ms.push(performance.now() - s);
    }
    const single = summarize(ms, performance.now() - t0);
    const probe = new Client(server.url);
    const healthIdle = await health(probe, ((end) => () => performance.now() > end)(performance.now() + 2000));
    let done = false;
    const m0 = performance.now();
    const during = health(probe, () => done);
    const merged = await admin.request('POST', `/api/v1/print_templates/${invoiceForm.id}/merge`, { ids: ids.slice(0, 100) });
    done = true;
    const seconds = (performance.now() - m0) / 1000;
    const healthDuring = await during;
    if (merged.status !== 200) throw new Error(`merge: ${merged.status} ${merged.text.slice(0, 200)}`);
    const merge = { records: Math.min(100, ids.length), seconds: Math.round(seconds * 100) / 100, pages_per_s: Math.round(Math.min(100, ids.length) / seconds * 10) / 10, bytes: Number(merged.headers['content-length'] ?? merged.text.length) };
    log(`  one invoice («Счёт на оплату»): p50 ${single.median_ms} ms, p95 ${single.p95_ms} ms over ${prints}; a merge of ${merge.records} invoices: ${merge.seconds} s (${merge.pages_per_s} records/s)`);
    log(`  health check while the merge runs: p50 ${healthDuring.median_ms} ms, p95 ${healthDuring.p95_ms} ms (idle: p50 ${healthIdle.median_ms}, p95 ${healthIdle.p95_ms} ms)`);
    admin.close();
    probe.close();
    return { single, merge, health_during_merge: healthDuring, health_idle: healthIdle };
  } finally {
    await server.stop();
  }
}
