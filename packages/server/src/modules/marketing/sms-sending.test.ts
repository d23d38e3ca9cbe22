import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Client, type TestApp } from '../../testing/test-app.js';
import { mailingFixtures } from '../../testing/mailing-fixtures.js';

// SMS through the log provider (no gateway configured): one from a record, the opt-outs, who may send, a mailing by SMS.
let t: TestApp;
let admin: Client;
const db = () => t.app.database.db;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const { runOnce } = mailingFixtures(() => ({ t, admin }));

describe('SMS', () => {
  it('sends one from a record in E.164, refuses a number that opted out, and mails a campaign by SMS', async () => {
    await admin.put('/api/v1/settings/company', { country: 'Россия' });
    const c = (await admin.post('/api/v1/records/contacts', { last_name: 'Sms', mobile: '8 (912) 345-67-89' })).body.data;
    const r = await admin.post('/api/v1/sms', { to: '8 (912) 345-67-89', text: 'Ваш заказ готов', related_to: c.id });
    expect(r.status, r.raw).toBe(201);
    expect(r.body.data).toMatchObject({ to: '+79123456789', state: 'sent', provider: 'log' });
    expect((await admin.post('/api/v1/sms', { to: '12', text: 'x' })).body.error.fields.to).toBeTruthy();
    const quiet = (await admin.post('/api/v1/records/contacts', { last_name: 'Quiet', mobile: '+79120000000', do_not_call: true })).body.data;
    expect((await admin.post('/api/v1/sms', { to: '+79120000000', text: 'x', related_to: quiet.id })).status).toBe(409);
    // The number opted out whoever the SMS is about, or about nobody, written any way.
    expect((await admin.post('/api/v1/sms', { to: '8 912 000-00-00', text: 'x' })).status).toBe(409);
    expect((await admin.post('/api/v1/sms', { to: '+79120000000', text: 'x', related_to: c.id })).status).toBe(409);
    // Not for whoever signs in: a user who may see no customer sends none.
    const role = (await admin.post('/api/v1/roles', { name: 'SMS-less', permissions: { tickets: ['view'] } })).body.data;
    expect((await admin.post('/api/v1/users', { username: 'no-sms', password: USER_PASSWORD, last_name: 'NoSms', role_id: role.id })).status).toBe(201);
    const noSms = await t.login('no-sms');
    expect((await noSms.post('/api/v1/sms', { to: '+79123456789', text: 'x' })).status).toBe(403);

    const m = (await admin.post('/api/v1/records/mailings', { name: 'By SMS', channel: 'sms', sms_text: 'Привет, {{last_name}}!', audience: { ids: [c.id, quiet.id] } })).body.data;
    const sent = await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`);
    expect(sent.body.counts).toMatchObject({ recipients: 1, skipped: 1 });
    await runOnce(m.id);
    const texts = await sql<{ to_number: string; text: string }>`select to_number, text from sms_messages where mailing_id = ${m.id}`.execute(db());
    expect(texts.rows).toEqual([{ to_number: '+79123456789', text: 'Привет, Sms!' }]);
  });
});
