import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { deliveryBackoff } from './webhooks.js';
import { isPublicAddress, urlProblem } from './outbound-http.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client;
let receiver: http.Server;
let url: string;
/** What the receiver got; it answers with the next status of `answers` (then 200). */
const got: { headers: http.IncomingHttpHeaders; body: string; url?: string }[] = [];
const answers: number[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url });
      res.writeHead(answers.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  process.env.KARTA_WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(async () => {
  delete process.env.KARTA_WEBHOOK_ALLOW_HOSTS;
  await t.close();
  await new Promise((r) => receiver.close(r));
});

/** The clock reaches every pending retry. */
const retryNow = () => sql`update jobs set run_at = now() where kind = 'webhook_deliver' and done_at is null`.execute(t.app.database.db);

describe('outgoing webhooks', () => {
  it('deliver record events signed with the subscription secret, as its owner may see the record', async () => {
    const hook = (await admin.post('/api/v1/records/webhooks', { name: 'ERP', url, events: ['accounts.created', 'accounts.updated', 'accounts.deleted'] })).body.data;
    expect(hook.secret).toMatch(/^[0-9a-f]{48}$/);
    const acc = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Вебхук»' })).body.data;
    await sales1.patch(`/api/v1/records/accounts/${acc.id}`, { phone: '+7 495 000-00-00' });
    await sales1.del(`/api/v1/records/accounts/${acc.id}`);
    got.length = 0;
    await t.runJobs();
    expect(got.map((g) => g.headers['x-karta-event'])).toEqual(['accounts.created', 'accounts.updated', 'accounts.deleted']);
    for (const g of got) {
      expect(g.headers['x-karta-signature']).toBe(`sha256=${createHmac('sha256', hook.secret).update(g.body).digest('hex')}`);
    }
    const [created, updated, deleted] = got.map((g) => JSON.parse(g.body));
    expect(created).toMatchObject({ event: 'accounts.created', id: acc.id, data: { name: 'ООО «Вебхук»' } });
    expect(updated).toMatchObject({ changes: ['phone'], data: { phone: '+7 495 000-00-00' } });
    expect(deleted).toEqual(expect.objectContaining({ event: 'accounts.deleted', data: { id: acc.id } }));
    const log = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).body.data;
    expect(log.map((d: any) => [d.event, d.state, d.attempts, d.response_status])).toEqual([
      ['accounts.deleted', 'delivered', 1, 200], ['accounts.updated', 'delivered', 1, 200], ['accounts.created', 'delivered', 1, 200],
    ]);
    await admin.patch(`/api/v1/records/webhooks/${hook.id}`, { active: false });
  });

  it('a receiver that answers 500 gets the delivery again later; nothing is lost; a failed one can be replayed', async () => {
    const hook = (await admin.post('/api/v1/records/webhooks', { url, events: ['deals.created'] })).body.data;
    got.length = 0;
    answers.push(500, 503);
    await sales1.post('/api/v1/records/deals', { name: 'Retry me', close_date: '2027-01-01', stage: 'prospecting' });
    await t.runJobs();
    let [d] = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).body.data;
    expect(d).toMatchObject({ state: 'retrying', attempts: 1, response_status: 500 });
    expect(new Date(d.next_attempt_at).getTime() - Date.now()).toBeGreaterThan(20_000); // not hammered at once
    await retryNow();
    await t.runJobs();
    await retryNow();
    await t.runJobs();
    [d] = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).body.data;
    expect(d).toMatchObject({ state: 'delivered', attempts: 3, response_status: 200 });
    expect(got.map((g) => JSON.parse(g.body).data.name)).toEqual(['Retry me', 'Retry me', 'Retry me']);
    expect(new Set(got.map((g) => g.headers['x-karta-delivery'])).size).toBe(1); // one delivery id: receivers can de-duplicate
    got.length = 0;
    const replay = await admin.post(`/api/v1/webhooks/${hook.id}/deliveries/${d.id}/replay`);
    expect(replay.status).toBe(202);
    await t.runJobs();
    expect(got).toHaveLength(1);
    await admin.patch(`/api/v1/records/webhooks/${hook.id}`, { active: false });
  });

  it('a webhook switched off sends nothing more, retries included; one pointed elsewhere retries there', async () => {
    const hook = (await admin.post('/api/v1/records/webhooks', { url: `${url}/old`, events: ['deals.created'] })).body.data;
    got.length = 0;
    answers.push(500);
    await sales1.post('/api/v1/records/deals', { name: 'Moved', close_date: '2027-01-01', stage: 'prospecting' });
    await t.runJobs();
    expect((await admin.patch(`/api/v1/records/webhooks/${hook.id}`, { url: `${url}/new` })).status).toBe(200);
    await retryNow();
    await t.runJobs();
    expect(got.map((g) => [JSON.parse(g.body).data.name, g.url])).toEqual([['Moved', '/hook/old'], ['Moved', '/hook/new']]);
    const [first] = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).body.data;
    expect(first).toMatchObject({ state: 'delivered', attempts: 2 });

    got.length = 0;
    answers.push(500);
    await sales1.post('/api/v1/records/deals', { name: 'Stopped', close_date: '2027-01-01', stage: 'prospecting' });
    await t.runJobs();
    expect(got).toHaveLength(1);
    const now = (await admin.get(`/api/v1/records/webhooks/${hook.id}`)).body.data;
    expect((await admin.patch(`/api/v1/records/webhooks/${hook.id}`, { active: false }, { 'If-Match': `"${now.version}"` })).status).toBe(200);
    await retryNow();
    await t.runJobs();
    expect(got).toHaveLength(1);
    const [d] = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).body.data;
    expect(d).toMatchObject({ state: 'cancelled', attempts: 1 });
  });

  it('a subscription hears only of records its owner may see', async () => {
    const hook = (await admin.post('/api/v1/records/webhooks', { url, events: ['*.created'], assigned_to: t.users.sales2 })).body.data;
    got.length = 0;
    await sales1.post('/api/v1/records/accounts', { name: 'Not for sales2' });
    await sales2.post('/api/v1/records/accounts', { name: 'For sales2' });
    await t.runJobs();
    expect(got.map((g) => JSON.parse(g.body).data.name)).toEqual(['For sales2']);
    await admin.patch(`/api/v1/records/webhooks/${hook.id}`, { active: false });
  });

  it('another webhook\'s signing secret never travels in a payload', async () => {
    const listener = (await admin.post('/api/v1/records/webhooks', { name: 'Everything', url: `${url}/all`, events: ['*.created', '*.updated'] })).body.data;
    got.length = 0;
    const other = (await admin.post('/api/v1/records/webhooks', { name: 'Partner', url: `${url}/partner`, events: ['deals.created'], secret: 'partner-signing-key-1' })).body.data;
    expect((await admin.patch(`/api/v1/records/webhooks/${other.id}`, { secret: 'partner-signing-key-2' })).status).toBe(200);
    await t.runJobs();
    const about = got.map((g) => JSON.parse(g.body)).filter((p) => p.module === 'webhooks' && p.id === other.id);
    // Made: told without its secret; its secret changed: nothing else changed, so nothing to tell.
    expect(about.map((p) => p.event)).toEqual(['webhooks.created']);
    expect(about[0].data.name).toBe('Partner');
    expect(JSON.stringify(about)).not.toContain('partner-signing-key');
    for (const hook of [listener, other]) await admin.patch(`/api/v1/records/webhooks/${hook.id}`, { active: false });
    await t.runJobs();
  });

  it('a subscription whose owner cannot act (a group) does not hold up the others', async () => {
    const orphan = (await admin.post('/api/v1/records/webhooks', { url, events: ['contacts.created'], assigned_to: Object.values(t.groups)[0] })).body.data;
    const hook = (await admin.post('/api/v1/records/webhooks', { url, events: ['contacts.created'] })).body.data;
    got.length = 0;
    await sales1.post('/api/v1/records/contacts', { last_name: 'Сиротин' });
    await t.runJobs();
    expect(got.map((g) => JSON.parse(g.body).data.last_name)).toEqual(['Сиротин']);
    expect((await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'automation_event' and failed`.execute(t.app.database.db)).rows[0].n).toBe(0);
    for (const h of [orphan, hook]) await admin.patch(`/api/v1/records/webhooks/${h.id}`, { active: false });
  });

  it('refuse loopback and private addresses unless allowed; only administrators subscribe', async () => {
    const later = (await admin.post('/api/v1/records/webhooks', { name: 'Saved while allowed', url, events: ['accounts.created'] })).body.data;
    delete process.env.KARTA_WEBHOOK_ALLOW_HOSTS;
    try {
      for (const bad of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://192.168.0.1/', 'http://[::1]/', 'http://169.254.169.254/latest', 'ftp://example.com/', 'http://u:p@example.com/']) {
        const r = await admin.post('/api/v1/records/webhooks', { url: bad, events: ['deals.created'] });
        expect(r.status, bad).toBe(400);
        expect(r.body.error.fields.url, bad).toBeTruthy();
      }
      // A subscription saved while allowed, then disallowed: its deliveries are refused, not sent.
      const row = later;
      got.length = 0;
      await sales1.post('/api/v1/records/accounts', { name: 'Refused' });
      await t.runJobs();
      expect(got).toEqual([]);
      const log = (await admin.get(`/api/v1/webhooks/${row.id}/deliveries`)).body.data;
      expect(log[0]).toMatchObject({ state: 'failed' });
      expect(log[0].error).toMatch(/refused/);
      expect((await admin.patch(`/api/v1/records/webhooks/${row.id}`, { active: false })).status).toBe(200);
    } finally {
      process.env.KARTA_WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
    }
    expect((await sales1.post('/api/v1/records/webhooks', { url: 'https://example.com/x', events: ['deals.created'] })).status).toBe(403);
    // A profile granted rights on webhooks still neither reads what was sent nor replays it.
    const { withSalesModules } = await import('../../testing/sales-profile.js');
    await withSalesModules(admin, (m) => ({ ...m, webhooks: ['view', 'edit', 'delete'] }), async () => {
      expect((await sales1.get(`/api/v1/webhooks/${later.id}/deliveries`)).status).toBe(403);
      expect((await sales1.post(`/api/v1/webhooks/${later.id}/deliveries/1/replay`, {})).status).toBe(403);
    });
    expect((await admin.post('/api/v1/records/webhooks', { url: 'https://example.com/x', events: ['nomodule.created'] })).status).toBe(400);
  });
});

describe('webhook rules', () => {
  it('classify addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '100.64.0.1']) expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111']) expect(isPublicAddress(a), a).toBe(true);
    expect(urlProblem('http://intranet.local.example/', new Set())).toBeNull(); // names are checked when connecting
    expect(urlProblem('http://10.0.0.5/', new Set(['10.0.0.5']))).toBeNull();
  });
  it('back off 30 s, doubling, at most an hour', () => {
    expect([1, 2, 3, 4, 8, 10].map(deliveryBackoff)).toEqual([30, 60, 120, 240, 3600, 3600]);
  });
});
