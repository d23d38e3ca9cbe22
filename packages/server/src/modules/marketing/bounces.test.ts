import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { dsn } from '../../testing/dsn.js';
import { startImap, type TestImap } from '../../testing/imap.js';
import { mailingFixtures } from '../../testing/mailing-fixtures.js';
import { recordBounce } from './bounces.js';

let t: TestApp;
let smtp: TestSmtp;
let admin: Client;
let templateId: string;
const db = () => t.app.database.db;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  admin = await t.login('admin');
  templateId = (await admin.post('/api/v1/records/email_templates', { name: 'Bounce news', subject: 'News', body_html: '<p>Hello</p>' })).body.data.id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const { campaignWith, recipients, runOnce } = mailingFixtures(() => ({ t, admin }));

describe('bounces', () => {
  it('a bounce that names no message of ours marks nobody', async () => {
    // A bounce-shaped mail that names no message of ours marks nobody (anyone can write one naming an address).
    expect(await recordBounce(db(), { address: 'b1@mail.example', messageId: null, reason: 'x', permanent: true })).toBe(false);
  });

  it('marks the recipient bounced when the mailbox poller reads its bounce, and mails it no more', async () => {
    const imap: TestImap = await startImap({ bounces: 'imap-secret' });
    try {
      const { campaignId } = await campaignWith(2, 'b');
      const m = (await admin.post('/api/v1/records/mailings', { name: 'Bouncy', template_id: templateId, audience: { campaign_id: campaignId } })).body.data;
      await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`);
      await runOnce(m.id);
      const sent = (await recipients(admin, m.id)).data.find((r: any) => r.address === 'b1@mail.example');
      const messageId = (await sql<{ message_id: string }>`select message_id from mailing_recipients where id = ${sent.id}`.execute(db())).rows[0].message_id;
      await imap.append('bounces', dsn('b1@mail.example', messageId));
      const box = await admin.post('/api/v1/settings/mailboxes', { name: 'Bounces', host: imap.host, port: imap.port, tls: false, username: 'bounces', password: 'imap-secret', address: 'news@karta.test' });
      expect(box.status, box.raw).toBe(201);
      const polled = await admin.post(`/api/v1/settings/mailboxes/${box.body.data.id}/poll`);
      expect(polled.body.data).toMatchObject({ fetched: 1, ignored: 1, ticket: 0 });
      const log = await recipients(admin, m.id);
      expect(log.data.find((r: any) => r.address === 'b1@mail.example')).toMatchObject({ state: 'bounced', error: '550 5.1.1 User unknown' });
      expect(log.counts.bounced).toBe(1);
      const member = await sql<{ status: string }>`select l.status from campaign_contacts l join contacts c on c.id = l.contact_id where l.campaign_id = ${campaignId} and c.email = 'b1@mail.example'`.execute(db());
      expect(member.rows[0].status).toBe('bounced');
      const next = (await admin.post('/api/v1/records/mailings', { name: 'After the bounce', template_id: templateId, audience: { campaign_id: campaignId } })).body.data;
      expect((await admin.post(`/api/v1/records/mailings/${next.id}/actions/send`)).body.counts).toMatchObject({ recipients: 1, skipped: 1 });
    } finally {
      await imap.close();
    }
  }, 60_000);
});

