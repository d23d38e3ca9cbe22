/**
 * Marketing (issue 19), as an administrator: a mailing to `recipients` campaign members — how long `send` takes to
 * resolve and queue the audience — then how many messages per second one server sends through a local SMTP sink with
 * the throttle out of the way, and a web form submission's latency.
 */
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { openDriver } from './driver.js';
import { apiToken, Client } from './http.js';
import { startServer } from './server.js';
import { ADMIN_PASSWORD, openBooted, serverEnv, type Target } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface MarketingResult {
  recipients: number;
  resolve_and_queue_s: number;
  sending: { messages: number; seconds: number; per_s: number };
  form_submission: Summary;
  segment: { accounts: number; members: number; seconds: number };
}

export async function marketingPhase(target: Target, recipients: number, log: (s: string) => void): Promise<MarketingResult> {
  const tag = Date.now().toString(36);
  const driver = await openDriver(target);
  let campaignId: string;
  try {
    await openBooted(target, driver.database);
    // The submissions of an earlier run from this address would count against the rate limit.
    await driver.query(`delete from web_form_submissions where address = '127.0.0.1'`);
    const admin = (await driver.query(`select id from users where username = 'admin'`))[0].id as string;
    campaignId = (await driver.query(`select gen_random_uuid()::text as id`))[0].id as string;
    await driver.query(`insert into campaigns (id, number, name, assigned_to, created_by, created_at, updated_at, version)
      values ($1, $2, $3, $4, $4, now(), now(), 1)`, [campaignId, `BENCH-${tag}`, `Bench mailing ${tag}`, admin]);
    await driver.query(`insert into campaign_contacts (campaign_id, contact_id, status)
      select $1::uuid, id, 'planned' from contacts where deleted_at is null and email is not null order by id limit ${recipients}`, [campaignId]);
  } finally {
    await driver.close();
  }
  let received = 0;
  const sink = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, onData(stream, _s, done) { stream.on('data', () => undefined); stream.on('end', () => { received++; done(); }); } });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const smtp = `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;
  const server = await startServer({ ...serverEnv(target), LOG_LEVEL: 'warn', SMTP_URL: smtp, KARTA_JOBS_INTERVAL_MS: '200' }, `server-marketing-${target.kind}.log`);
  try {
    const admin = new Client(server.url, { authorization: `Bearer ${await apiToken(server.url, 'admin', ADMIN_PASSWORD)}` });
    const template = JSON.parse(await admin.ok('POST', '/api/v1/records/email_templates', { name: `Bench ${tag}`, subject: 'News for {{first_name}}', body_html: '<p>Hello {{first_name}} {{last_name}}</p>' })).data.id;
    const mailing = JSON.parse(await admin.ok('POST', '/api/v1/records/mailings', { name: `Bench ${tag}`, template_id: template, audience: { campaign_id: campaignId }, per_minute: 10000 })).data.id;
    const t0 = performance.now();
    const sent = JSON.parse(await admin.ok('POST', `/api/v1/records/mailings/${mailing}/actions/send`));
    const resolve = (performance.now() - t0) / 1000;
    const queued = Number(sent.counts?.recipients ?? 0);
    log(`  send to ${queued.toLocaleString('en')} campaign members (audience resolved and queued): ${resolve.toFixed(2)} s`);
    // Sending: one server, the throttle high — messages per second over 20 s.
    const s0 = performance.now();
    const before = received;
    while (performance.now() - s0 < 20_000) await new Promise((r) => setTimeout(r, 500));
    const seconds = (performance.now() - s0) / 1000;
    const messages = received - before;
    await admin.ok('POST', `/api/v1/records/mailings/${mailing}/actions/cancel`);
    log(`  sending: ${messages} messages in ${seconds.toFixed(1)} s — ${(messages / seconds).toFixed(1)} messages/s (rendered, sent over SMTP, logged with the e-mail on the timeline)`);
    // A web form submission (the fill-time token taken from the hosted page).
    const form = JSON.parse(await admin.ok('POST', '/api/v1/records/web_forms', { name: `Bench ${tag}`, fields: ['last_name', 'company', 'email'], min_fill_seconds: 0 })).data;
    const page = await admin.ok('GET', `/forms/${form.key}`);
    const token = /name="_ts" value="([^"]+)"/.exec(page)![1];
    const ms: number[] = [];
    const f0 = performance.now();
    for (let i = 0; i < 9; i++) {
      const s = performance.now();
      const r = await admin.request('POST', `/forms/${form.key}`, { _ts: token, last_name: `Bench ${i}`, company: 'Bench', email: `bench-${tag}-${i}@example.com` });
      if (r.status !== 201) throw new Error(`form: ${r.status} ${r.text.slice(0, 200)}`);
      ms.push(performance.now() - s);
    }
    const formSubmission = summarize(ms, performance.now() - f0);
    log(`  web form submission (lead created, assignee told): p50 ${formSubmission.median_ms} ms, p95 ${formSubmission.p95_ms} ms`);
    // A dynamic segment over every account: passive customers (no invoice in 90 days), recomputed from empty.
    const seg = JSON.parse(await admin.ok('POST', '/api/v1/records/segments', { name: `Passive ${tag}`, module: 'accounts', kind: 'dynamic',
      rule: { related: 'invoices', where: { field: 'invoice_date', op: 'last_n_days', value: 90 }, op: 'eq', value: 0 } })).data.id;
    const g0 = performance.now();
    const recomputed = JSON.parse(await admin.ok('POST', `/api/v1/records/segments/${seg}/actions/recompute`)).data as { total: number };
    const segSeconds = (performance.now() - g0) / 1000;
    const accounts = JSON.parse(await admin.ok('POST', '/api/v1/segments/preview', { module: 'accounts', rule: null })).data.count as number;
    log(`  dynamic segment "no invoice in 90 days" over ${accounts.toLocaleString('en')} accounts: ${recomputed.total.toLocaleString('en')} members in ${segSeconds.toFixed(2)} s`);
    admin.close();
    return { recipients: queued, resolve_and_queue_s: Math.round(resolve * 100) / 100, sending: { messages, seconds: Math.round(seconds * 10) / 10, per_s: Math.round((messages / seconds) * 10) / 10 }, form_submission: formSubmission, segment: { accounts, members: recomputed.total, seconds: Math.round(segSeconds * 100) / 100 } };
  } finally {
    await server.stop();
    await new Promise<void>((r) => sink.close(() => r()));
  }
}
