import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../platform/jobs.js';
import { jobHandlers } from '../../job-handlers.js';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { workflowFixtures } from '../../testing/workflow-fixtures.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const { workflow, off, deal, runsOf } = workflowFixtures(() => ({ t, admin, sales1 }));

/** What workflow actions do outside Karta: events and records, an SMS through the gateway, a webhook call, an e-mail. */
describe('workflow effects', () => {
  it('create an event, a related record, an SMS (log provider) and a webhook call, each once', async () => {
    const got: string[] = [];
    const receiver = http.createServer((req, res) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => { got.push(b); res.end('ok'); }); });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    process.env.KARTA_WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
    try {
      const port = (receiver.address() as AddressInfo).port;
      const wf = await workflow({
        trigger: { type: 'create' }, where: { field: 'next_step', op: 'eq', value: 'all-actions' },
        actions: [
          { type: 'create_event', subject: 'Kick-off call', start_in_days: 1, duration_minutes: 30 },
          { type: 'create_record', module: 'comments', values: { body: 'Opened by automation' }, link_field: 'related_to' },
          // The second number belongs to a contact who asked not to be called: passed over.
          { type: 'sms', to: ['+7 900 000-00-00', '8 (900) 111-22-33'], text: 'A new deal' },
          { type: 'webhook', url: `http://127.0.0.1:${port}/wf` },
        ],
      });
      expect((await admin.post('/api/v1/records/contacts', { last_name: 'Не звонить', mobile: '+7 900 111 22 33', do_not_call: true })).status).toBe(201);
      const d = await deal({ next_step: 'all-actions' });
      await t.runJobs();
      const db = t.app.database.db;
      const events = (await sql<{ subject: string; minutes: number }>`select subject, extract(epoch from end_at - start_at)::int / 60 as minutes from events where related_to = ${d.id}`.execute(db)).rows;
      expect(events).toEqual([{ subject: 'Kick-off call', minutes: 30 }]);
      expect((await sql<{ body: string }>`select body from comments where related_to = ${d.id}`.execute(db)).rows.map((r) => r.body)).toEqual(['Opened by automation']);
      expect((await sql<{ to_number: string; provider: string; state: string }>`select to_number, provider, state from sms_messages where record_id = ${d.id}`.execute(db)).rows)
        .toEqual([{ to_number: '+79000000000', provider: 'log', state: 'sent' }]);
      expect(got.map((b) => JSON.parse(b)).map((b) => [b.event, b.id, b.workflow_id])).toEqual([['workflow', d.id, wf.id]]);
      const [run] = await runsOf(wf.id);
      expect(run.actions.map((a: any) => a.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
      await off(wf.id);
      // A call still waiting when its workflow is switched off (a retry, say) is cancelled, not made.
      await sql`insert into webhook_deliveries (webhook_id, url, event, payload, state)
        values (null, ${`http://127.0.0.1:${port}/wf`}, ${`workflow.${wf.id}`}, ${JSON.stringify({ event: 'workflow', late: true })}::jsonb, 'pending')`.execute(db);
      const late = (await sql<{ id: string }>`select id::text from webhook_deliveries where payload->>'late' = 'true'`.execute(db)).rows[0].id;
      await sql`insert into jobs (kind, key, payload, run_at) values ('webhook_deliver', ${`wh-late:${late}`}, ${JSON.stringify({ delivery: late })}::jsonb, now())`.execute(db);
      await t.runJobs();
      expect((await sql<{ state: string }>`select state from webhook_deliveries where id = ${late}::bigint`.execute(db)).rows[0].state).toBe('cancelled');
      expect(got).toHaveLength(1);
    } finally {
      delete process.env.KARTA_WEBHOOK_ALLOW_HOSTS;
      await new Promise((r) => receiver.close(r));
    }
  });

  it('a workflow SMS reaches the gateway only once its job has committed, outside the transaction', async () => {
    const calls: string[] = [];
    const gateway = http.createServer((req, res) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => { calls.push(b); res.end('{"id":"g1"}'); }); });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
    process.env.KARTA_WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
    process.env.KARTA_SMS_URL = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
    try {
      const d = await deal();
      const payload = { type: 'sms', to: ['+7 900 555-44-33'], text: 'Once', module: 'deals', id: d.id, owner: t.users.admin, depth: 1 };
      // The job runs once in a transaction that is then lost: nothing may have reached the gateway.
      const after = await t.app.database.db.transaction().execute(async (trx) => {
        const a = await jobHandlers(t.app).workflow_sms(trx, payload, { attempt: 1, alone: true, last: true } as never);
        throw Object.assign(new Error('the commit is lost'), { after: a });
      }).catch((e: { after?: unknown }) => e.after);
      expect(typeof after).toBe('function'); // what to do after a commit that never came: never run
      expect(calls).toEqual([]);
      await enqueue(t.app.database.db, { kind: 'workflow_sms', key: `test-sms:${d.id}`, payload, runAt: new Date() });
      await t.runJobs();
      await expect.poll(() => calls.length).toBe(1);
      expect(JSON.parse(calls[0])).toEqual({ to: '+79005554433', text: 'Once' });
      expect((await sql<{ state: string }>`select state from sms_messages where record_id = ${d.id}`.execute(t.app.database.db)).rows).toEqual([{ state: 'sent' }]);
    } finally {
      delete process.env.KARTA_SMS_URL;
      delete process.env.KARTA_WEBHOOK_ALLOW_HOSTS;
      await new Promise((r) => gateway.close(r));
    }
  });

  it('send an e-mail from a template to the owner and to the deal\'s contact', async () => {
    const tpl = (await admin.post('/api/v1/records/email_templates', { name: 'Won', module: 'deals', subject: 'Won: {{name}}', body_html: '<p>{{name}} — {{assigned_to}}</p>' })).body.data;
    const wf = await workflow({ trigger: { type: 'field_change', field: 'stage', to: 'closed_won' }, actions: [{ type: 'send_email', template_id: tpl.id, to: ['owner', 'contact_id', t.users.sales2] }] });
    const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Ли', email: 'li@example.cn' })).body.data;
    const d = await deal({ contact_id: contact.id });
    const before = smtp.inbox.length;
    await sales1.patch(`/api/v1/records/deals/${d.id}`, { stage: 'closed_won' });
    await t.runJobs();
    expect(smtp.inbox.length).toBe(before + 1);
    const mail = smtp.inbox.at(-1)!;
    expect(mail.subject).toBe(`Won: ${d.name}`);
    expect((mail.to as { text: string }).text).toContain('sales1@example.com');
    expect((mail.to as { text: string }).text).toContain('li@example.cn');
    // A colleague named by id who may not read sales1's deal gets none of it.
    expect((mail.to as { text: string }).text).not.toContain('sales2@');
    expect((await sales2.get(`/api/v1/records/deals/${d.id}`)).status).toBe(404);
    const emails = (await sales1.get(`/api/v1/records/deals/${d.id}/related/emails`)).body.data;
    expect(emails.map((e: any) => e.subject)).toContain(`Won: ${d.name}`);
    await off(wf.id);
  });
});
