/**
 * Data in and out (issue 14), against the running server as an administrator:
 *   - an import of N contacts from CSV through the wizard's path (POST /imports → the job queue → GET /imports/{id}),
 *     rows a second and the server's RSS while it runs; then its undo;
 *   - the duplicate scan of every contact by e-mail and by phone (POST /duplicates/contacts);
 *   - VTQL `select … where … limit 50` on /webservice.php beside the same REST list, as the bench user.
 */
import { performance } from 'node:perf_hooks';
import { VtigerClient } from '../packages/server/src/integrations/vtiger/ws-client.js';
import { apiToken, Client } from './http.js';
import { RssSampler, startServer } from './server.js';
import { ADMIN_PASSWORD, BENCH_PASSWORD, BENCH_USER, serverEnv, type Target } from './setup.js';
import { summarize } from './stats.js';

export interface DataIoResult {
  import: { rows: number; seconds: number; rows_per_s: number; server_rows_per_s: number | null; peak_rss_mb: number; created: number; failed: number; undo_seconds: number };
  duplicates: { email_s: number; email_groups: number; phone_s: number; phone_groups: number };
  vtql: { vtql_median_ms: number; rest_median_ms: number; ratio: number };
}

function csv(rows: number, tag: string): Buffer {
  const lines = ['Фамилия;Имя;E-mail;Мобильный;Должность'];
  for (let i = 0; i < rows; i++) lines.push(`Импортов-${tag}-${i};Пётр;bench.${tag}.${i}@example.ru;+7 901 ${String(i).padStart(7, '0')};Менеджер`);
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, (performance.now() - t0) / 1000];
}

export async function dataPhase(target: Target, rows: number, log: (s: string) => void, nodeArgs: string[] = []): Promise<DataIoResult> {
  const server = await startServer({ ...serverEnv(target), LOG_LEVEL: 'warn', KARTA_JOBS_INTERVAL_MS: '100' }, `server-data-${target.kind}.log`, nodeArgs);
  const sampler = new RssSampler(server.pid);
  const adminToken = await apiToken(server.url, 'admin', ADMIN_PASSWORD);
  const admin = new Client(server.url, { authorization: `Bearer ${adminToken}` });
  try {
    // The import: the file as a user uploads it, then its progress polled as the page does.
    const tag = Date.now().toString(36);
    const form = new FormData();
    form.set('module', 'contacts');
    form.set('file', new Blob([new Uint8Array(csv(rows, tag))]), 'bench.csv');
    sampler.mark();
    const t0 = performance.now();
    const res = await fetch(new URL('/api/v1/imports', server.url), { method: 'POST', body: form, headers: { authorization: `Bearer ${adminToken}` } });
    if (res.status !== 202) throw new Error(`import refused: ${res.status} ${await res.text()}`);
    const { data: { id } } = await res.json() as { data: { id: string } };
    let status: Record<string, any> = {};
    for (;;) {
      status = JSON.parse(await admin.ok('GET', `/api/v1/imports/${id}`)).data;
      if (status.state !== 'queued' && status.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - t0) / 1000;
    const peak = sampler.window().peak_mb;
    if (status.state !== 'done') throw new Error(`import ended ${status.state}: ${status.last_error}`);
    const serverRate = status.started_at && status.finished_at ? Math.round(status.done / ((Date.parse(status.finished_at) - Date.parse(status.started_at)) / 1000)) : null;
    log(`  import of ${rows.toLocaleString('en')} contacts: ${seconds.toFixed(1)} s from upload to done (${Math.round(rows / seconds).toLocaleString('en')} rows/s; the job itself ${serverRate?.toLocaleString('en')} rows/s), server RSS peak ${peak} MB, created ${status.created}, failed ${status.failed}`);

    const [groupsByEmail, emailS] = await timed(async () => JSON.parse(await admin.ok('POST', '/api/v1/duplicates/contacts', { fields: ['email'] })).data);
    const [groupsByPhone, phoneS] = await timed(async () => JSON.parse(await admin.ok('POST', '/api/v1/duplicates/contacts', { fields: ['mobile'] })).data);
    log(`  duplicate scan of all contacts: by e-mail ${emailS.toFixed(2)} s (${groupsByEmail.groups.length}${groupsByEmail.has_more ? '+' : ''} groups), by phone ${phoneS.toFixed(2)} s (${groupsByPhone.groups.length}${groupsByPhone.has_more ? '+' : ''} groups)`);

    // VTQL beside the same REST list, as the bench user.
    const userToken = await apiToken(server.url, BENCH_USER, BENCH_PASSWORD);
    const user = new Client(server.url, { authorization: `Bearer ${userToken}` });
    const me = JSON.parse(await user.ok('GET', '/api/v1/auth/me')).user as { id: string };
    const key = JSON.parse(await user.ok('GET', `/api/v1/users/${me.id}`)).data.access_key as string;
    const ws = new VtigerClient(server.url.origin);
    await ws.login(BENCH_USER, key);
    const vtql: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < 60; i++) {
      const letter = 'АБВГДЕЖЗИКЛМНОПРСТ'[i % 18];
      // The same HTTP client for both, so only the servers' work differs.
      const q = new URLSearchParams({ operation: 'query', sessionName: ws.session!, query: `SELECT lastname, firstname, email FROM Contacts WHERE lastname LIKE '${letter}%' ORDER BY lastname LIMIT 50;` });
      vtql.push((await timed(() => user.ok('GET', `/webservice.php?${q}`)))[1] * 1000);
      rest.push((await timed(() => user.ok('GET', `/api/v1/records/contacts?filter[last_name][starts_with]=${encodeURIComponent(letter)}&sort=last_name&limit=50&fields=last_name,first_name,email`)))[1] * 1000);
    }
    const v = summarize(vtql.slice(10), 0, 0).median_ms;
    const r = summarize(rest.slice(10), 0, 0).median_ms;
    log(`  VTQL select … where … limit 50: p50 ${v} ms; the same REST list: p50 ${r} ms (×${(v / r).toFixed(2)})`);
    user.close();

    const [, undoS] = await timed(async () => {
      await admin.ok('POST', `/api/v1/imports/${id}/undo`);
      for (;;) {
        const s = JSON.parse(await admin.ok('GET', `/api/v1/imports/${id}`)).data;
        if (s.state !== 'undoing') return s;
        await new Promise((res2) => setTimeout(res2, 250));
      }
    });
    log(`  undo of that import: ${undoS.toFixed(1)} s`);
    return {
      import: { rows, seconds: Math.round(seconds * 10) / 10, rows_per_s: Math.round(rows / seconds), server_rows_per_s: serverRate, peak_rss_mb: peak, created: status.created, failed: status.failed, undo_seconds: Math.round(undoS * 10) / 10 },
      duplicates: { email_s: Math.round(emailS * 100) / 100, email_groups: groupsByEmail.groups.length, phone_s: Math.round(phoneS * 100) / 100, phone_groups: groupsByPhone.groups.length },
      vtql: { vtql_median_ms: v, rest_median_ms: r, ratio: Math.round((v / r) * 100) / 100 },
    };
  } finally {
    sampler.stop();
    admin.close();
    await server.stop();
  }
}
