import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { batchDone, runHooks } from './mailing-run.js';
import { salesProfile } from '../../testing/sales-profile.js';
import { mailingFixtures } from '../../testing/mailing-fixtures.js';

let t: TestApp;
let smtp: TestSmtp;
let admin: Client, sales1: Client, sales2: Client;
let templateId: string;
const db = () => t.app.database.db;

beforeAll(async () => {
  smtp = await startSmtp({ refuse: (a) => a.startsWith('refuse') });
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
  const tpl = await admin.post('/api/v1/records/email_templates', {
    name: 'Spring news', subject: 'News for {{first_name}}', body_html: '<p>Hello {{first_name}}, see <a href="https://shop.example.com/sale?a=1&amp;b=2">the sale</a>.</p>',
  });
  expect(tpl.status, tpl.raw).toBe(201);
  templateId = tpl.body.data.id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const { campaignWith, recipients, nextMinute, runOnce } = mailingFixtures(() => ({ t, admin }));
/** A raw header line of a received message. */
const header = (mail: { headerLines: readonly { key: string; line: string }[] }, key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, '') ?? '';

describe('a mailing to a campaign', () => {
  it('sends to 1,000 members at the throttle, skips the opted out, logs a refused address, and keeps each e-mail on the timeline', async () => {
    const { campaignId, ids } = await campaignWith(1000, 'm', (i) => ({ email_opt_out: i === 7, ...(i === 9 ? { email: 'refuse9@mail.example' } : {}) }));
    const before = smtp.inbox.length;
    const m = await admin.post('/api/v1/records/mailings', { name: 'Spring', template_id: templateId, audience: { campaign_id: campaignId }, per_minute: 400, track_clicks: true });
    expect(m.status, m.raw).toBe(201);
    expect(m.body.data.campaign_id).toBe(campaignId);
    const sent = await admin.post(`/api/v1/records/mailings/${m.body.data.id}/actions/send`);
    expect(sent.status, sent.raw).toBe(200);
    expect(sent.body.data.status).toBe('sending');
    expect(sent.body.counts).toMatchObject({ recipients: 999, skipped: 1 });
    const id = m.body.data.id;

    await runOnce(id);
    // The address the server refuses (the tenth) is in the first minute's 400.
    expect((await recipients(admin, id)).counts).toMatchObject({ sent: 399, failed: 1, queued: 599, skipped: 1 });
    expect(smtp.inbox.length - before).toBe(399);
    await runOnce(id); // not a minute yet: nothing more goes out
    expect(smtp.inbox.length - before).toBe(399);
    await nextMinute();
    await runOnce(id);
    await nextMinute();
    await runOnce(id);
    const log = await recipients(admin, id);
    expect(log.counts).toMatchObject({ total: 1000, sent: 998, failed: 1, skipped: 1, queued: 0 });
    expect(smtp.inbox.length - before).toBe(998);
    const failed = (await recipients(admin, id, 'failed')).data[0];
    expect(failed.address).toBe('refuse9@mail.example');
    expect(failed.error).toMatch(/No such mailbox/);
    expect((await admin.get(`/api/v1/records/mailings/${id}`)).body.data.status).toBe('completed');

    // What arrived: personalised, the unsubscribe headers, tracked links; each on the contact's timeline and the member marked sent.
    const mail = smtp.inbox.find((x) => x.to && JSON.stringify(x.to).includes('m3@mail.example'))!;
    expect(mail.subject).toBe('News for F3');
    expect(header(mail, 'list-unsubscribe')).toMatch(/\/u\/[0-9a-f]{64}>$/);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(String(mail.html)).toContain('/click?url=https%3A%2F%2Fshop.example.com%2Fsale%3Fa%3D1%26b%3D2');
    const emails = await sql<{ n: number }>`select count(*)::int as n from emails where related_to = any(${ids}::uuid[]) and status = 'sent'`.execute(db());
    expect(emails.rows[0].n).toBe(998);
    const timeline = await admin.get(`/api/v1/records/contacts/${ids[3]}/related/emails`);
    expect(timeline.body.data[0].subject).toBe('News for F3');
    const member = await sql<{ status: string }>`select status from campaign_contacts where campaign_id = ${campaignId} and contact_id = ${ids[3]}`.execute(db());
    expect(member.rows[0].status).toBe('sent');
  }, 120_000);

  it('skips who opted out, unsubscribed elsewhere or was deleted while the mailing was still sending', async () => {
    const { campaignId, ids } = await campaignWith(6, 'late');
    const m = (await admin.post('/api/v1/records/mailings', { name: 'Slow', template_id: templateId, audience: { campaign_id: campaignId }, per_minute: 2 })).body.data;
    expect((await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`)).body.counts).toMatchObject({ recipients: 6, skipped: 0 });
    await runOnce(m.id);
    expect((await recipients(admin, m.id)).counts).toMatchObject({ sent: 2, queued: 4 });
    // After the first minute: one opts out on their record, one joins the suppression list, one is deleted.
    expect((await admin.patch(`/api/v1/records/contacts/${ids[2]}`, { email_opt_out: true })).status).toBe(200);
    await sql`insert into mail_suppressions (address, reason) values ('late3@mail.example', 'unsubscribed')`.execute(db());
    expect((await admin.del(`/api/v1/records/contacts/${ids[4]}`)).status).toBe(204);
    const before = smtp.inbox.length;
    for (let i = 0; i < 3; i++) { await nextMinute(); await runOnce(m.id); }
    const log = await recipients(admin, m.id);
    expect(log.counts).toMatchObject({ sent: 3, skipped: 3, queued: 0 });
    expect(Object.fromEntries((await recipients(admin, m.id, 'skipped')).data.map((x: { address: string; error: string }) => [x.address, x.error])))
      .toEqual({ 'late2@mail.example': 'opted out', 'late3@mail.example': 'unsubscribed', 'late4@mail.example': 'deleted' });
    // Skipping takes no place in the minute's allowance: the one left went out in the next minute.
    expect(smtp.inbox.slice(before).map((x) => JSON.stringify(x.to)).join()).toContain('late5@mail.example');
  });

  it('honours an unsubscribe on the next mailing, counts opens and clicks, and never redirects an unsigned link', async () => {
    const { campaignId, ids } = await campaignWith(3, 'u');
    const m = (await admin.post('/api/v1/records/mailings', { name: 'First', template_id: templateId, audience: { campaign_id: campaignId }, track_opens: true, track_clicks: true })).body.data;
    await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`);
    await runOnce(m.id);
    const mail = smtp.inbox.find((x) => JSON.stringify(x.to).includes('u0@mail.example'))!;
    const link = /\/u\/([0-9a-f]{64})/.exec(header(mail, 'list-unsubscribe'))![1];
    const click = /href="([^"]*\/click\?[^"]*)"/.exec(String(mail.html))![1].replace(/&amp;/g, '&').replace(/^https?:\/\/[^/]+/, '');
    const opened = await t.server.inject({ method: 'GET', url: `/u/${link}/open.gif` });
    expect(opened.headers['content-type']).toBe('image/gif');
    const go = await t.server.inject({ method: 'GET', url: click });
    expect(go.statusCode).toBe(302);
    expect(go.headers.location).toBe('https://shop.example.com/sale?a=1&b=2');
    const forged = await t.server.inject({ method: 'GET', url: `/u/${link}/click?url=${encodeURIComponent('https://evil.example')}&s=xxxxxxxxxxxxxxxxxxxxxx` });
    expect(forged.statusCode).toBe(404);
    expect(forged.headers.location).toBeUndefined();

    // A company name with "$&" in it is printed as it is (not taken for a replacement pattern).
    expect((await admin.put('/api/v1/settings/company', { name: 'Дом $& Ко' })).status).toBe(200);
    const page = await t.server.inject({ method: 'GET', url: `/u/${link}?lang=ru` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('u0@mail.example');
    expect(page.body).toContain('Дом $&amp; Ко');
    expect(page.body).toContain('больше не будут приходить');
    const oneClick = await t.server.inject({ method: 'POST', url: `/u/${link}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(oneClick.statusCode).toBe(200);
    const multipart = '--X\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--X--\r\n';
    expect((await t.server.inject({ method: 'POST', url: `/u/${link}`, payload: multipart, headers: { 'content-type': 'multipart/form-data; boundary=X' } })).statusCode).toBe(200);
    const contact = await admin.get(`/api/v1/records/contacts/${ids[0]}`);
    expect(contact.body.data.email_opt_out).toBe(true);
    const log = (await recipients(admin, m.id)).counts;
    expect(log).toMatchObject({ opened: 1, clicked: 1, unsubscribed: 1 });
    const member = await sql<{ status: string }>`select status from campaign_contacts where campaign_id = ${campaignId} and contact_id = ${ids[0]}`.execute(db());
    expect(member.rows[0].status).toBe('unsubscribed');

    // Even with the record's opt-out cleared by hand, the suppression list keeps the address out of every mailing.
    await admin.patch(`/api/v1/records/contacts/${ids[0]}`, { email_opt_out: false });
    const again = (await admin.post('/api/v1/records/mailings', { name: 'Second', template_id: templateId, audience: { campaign_id: campaignId } })).body.data;
    const sent = await admin.post(`/api/v1/records/mailings/${again.id}/actions/send`);
    expect(sent.body.counts).toMatchObject({ recipients: 2, skipped: 1 });
    const skipped = (await recipients(admin, again.id, 'skipped')).data[0];
    expect(skipped).toMatchObject({ address: 'u0@mail.example', error: 'unsubscribed' });
  });

  it('undoes an unsubscribe from the page the link opened (a mail scanner may have opened it)', async () => {
    const { campaignId, ids } = await campaignWith(1, 'undo');
    const m = (await admin.post('/api/v1/records/mailings', { name: 'Undo', template_id: templateId, audience: { campaign_id: campaignId } })).body.data;
    await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`);
    await runOnce(m.id);
    const token = (await sql<{ token: string }>`select token from mailing_recipients where mailing_id = ${m.id}`.execute(db())).rows[0].token;
    const page = await t.server.inject({ method: 'GET', url: `/u/${token}` });
    expect(page.body).toContain(`action="/u/${token}/resubscribe?lang=en"`);
    expect((await admin.get(`/api/v1/records/contacts/${ids[0]}`)).body.data.email_opt_out).toBe(true);
    const undone = await t.server.inject({ method: 'POST', url: `/u/${token}/resubscribe?lang=en`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(undone.statusCode).toBe(200);
    expect(undone.body).toContain('You will receive our mailings again.');
    expect((await admin.get(`/api/v1/records/contacts/${ids[0]}`)).body.data.email_opt_out).toBe(false);
    const next = (await admin.post('/api/v1/records/mailings', { name: 'Undo 2', template_id: templateId, audience: { campaign_id: campaignId } })).body.data;
    expect((await admin.post(`/api/v1/records/mailings/${next.id}/actions/send`)).body.counts).toMatchObject({ recipients: 1, skipped: 0 });
    await runOnce(next.id);
    const status = async () => (await sql<{ status: string }>`select status from campaign_contacts where campaign_id = ${campaignId} and contact_id = ${ids[0]}`.execute(db())).rows[0].status;
    expect(await status()).toBe('sent');

    // Unsubscribed through the second mailing, then through the first's link again and undone there: the second
    // mailing's unsubscribe still holds, and so does the record's opt-out. The member had converted meanwhile: the
    // campaign's results keep that.
    await sql`update campaign_contacts set status = 'converted' where campaign_id = ${campaignId} and contact_id = ${ids[0]}`.execute(db());
    const second = (await sql<{ token: string }>`select token from mailing_recipients where mailing_id = ${next.id}`.execute(db())).rows[0].token;
    expect((await t.server.inject({ method: 'POST', url: `/u/${second}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(200);
    expect(await status()).toBe('converted');
    await t.server.inject({ method: 'GET', url: `/u/${token}` });
    expect((await t.server.inject({ method: 'POST', url: `/u/${token}/resubscribe?lang=en`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/records/contacts/${ids[0]}`)).body.data.email_opt_out).toBe(true);
    expect((await sql`select 1 from mail_suppressions where address = 'undo0@mail.example'`.execute(db())).rows).toHaveLength(1);
    expect(await status()).toBe('converted');
  });

  it('undoing the first of two unsubscribes keeps the address out by the second', async () => {
    const { campaignId, ids } = await campaignWith(1, 'twice');
    const tokens: string[] = [];
    for (const name of ['Twice A', 'Twice B']) {
      const m = (await admin.post('/api/v1/records/mailings', { name, template_id: templateId, audience: { campaign_id: campaignId } })).body.data;
      await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`);
      await runOnce(m.id);
      tokens.push((await sql<{ token: string }>`select token from mailing_recipients where mailing_id = ${m.id}`.execute(db())).rows[0].token);
    }
    const oneClick = (token: string) => t.server.inject({ method: 'POST', url: `/u/${token}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect((await oneClick(tokens[0])).statusCode).toBe(200); // a scanner opened the first link
    expect((await oneClick(tokens[1])).statusCode).toBe(200); // the person chose the second
    const undo = await t.server.inject({ method: 'POST', url: `/u/${tokens[0]}/resubscribe?lang=en`, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(undo.statusCode).toBe(200);
    expect((await sql`select 1 from mail_suppressions where address = 'twice0@mail.example'`.execute(db())).rows).toHaveLength(1);
    expect((await admin.get(`/api/v1/records/contacts/${ids[0]}`)).body.data.email_opt_out).toBe(true);
  });

  it('resumes after a crash between a send and its log without sending anyone a second copy', async () => {
    const { campaignId } = await campaignWith(10, 'k');
    const m = (await admin.post('/api/v1/records/mailings', { name: 'Crash', template_id: templateId, audience: { campaign_id: campaignId } })).body.data;
    await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`);
    let n = 0;
    runHooks.afterSend = (_r, mailing) => { if (mailing === m.id && ++n === 4) throw new Error('the process was killed'); };
    try {
      await t.runJobs();
      await expect(batchDone(m.id)).rejects.toThrow('killed');
    } finally {
      runHooks.afterSend = undefined;
    }
    // One message went out and was never logged (on PostgreSQL other messages were in flight beside it and finished).
    const halfway = (await recipients(admin, m.id)).counts;
    expect(halfway.sending).toBe(1);
    expect(halfway.sent + halfway.queued).toBe(9);
    // The restarted server picks the mailing up at its next run; the interrupted message is old by then.
    await sql`update mailing_recipients set claimed_at = now() - interval '5 minutes' where mailing_id = ${m.id} and state = 'sending'`.execute(db());
    await nextMinute();
    await runOnce(m.id);
    const log = await recipients(admin, m.id);
    expect(log.counts).toMatchObject({ sent: 9, failed: 1, sending: 0, queued: 0 });
    expect(log.data.find((r: any) => r.state === 'failed').error).toMatch(/interrupted/);
    const per = new Map<string, number>();
    for (const mail of smtp.inbox) for (const to of [mail.to].flat()) for (const a of to?.value ?? []) if (a.address?.startsWith('k')) per.set(a.address, (per.get(a.address) ?? 0) + 1);
    expect(per.size).toBe(10);
    expect([...per.values()].every((c) => c === 1)).toBe(true);
    expect((await admin.get(`/api/v1/records/mailings/${m.id}`)).body.data.status).toBe('completed');
  });
});

describe('who may be mailed', () => {
  it('reaches only records the sender may see', async () => {
    const made = await sales1.post('/api/v1/records/contacts', { last_name: 'Mine', email: 'mine@mail.example' });
    expect(made.status, made.raw).toBe(201);
    const mine = made.body.data;
    const theirs = (await sales2.post('/api/v1/records/contacts', { last_name: 'Theirs', email: 'theirs@mail.example' })).body.data;
    const count = await sales1.post('/api/v1/mailings/audience', { audience: { ids: [mine.id, theirs.id] } });
    expect(count.status, count.raw).toBe(200);
    expect(count.body.data.recipients).toBe(1);
    const m = (await sales1.post('/api/v1/records/mailings', { name: 'Mine only', template_id: templateId, audience: { ids: [mine.id, theirs.id] } })).body.data;
    await sales1.post(`/api/v1/records/mailings/${m.id}/actions/send`);
    expect((await recipients(sales1, m.id)).data.map((r: any) => r.address)).toEqual(['mine@mail.example']);
    // Another user's mailing and its log are theirs.
    expect((await sales2.get(`/api/v1/records/mailings/${m.id}/recipients`)).status).toBe(404);
    // Given to sales2, the mailing shows them the counts, but no row about a contact they may not see.
    const current = (await sales1.get(`/api/v1/records/mailings/${m.id}`)).body.data;
    expect((await sales1.patch(`/api/v1/records/mailings/${m.id}`, { assigned_to: t.users.sales2 }, { 'If-Match': `"${current.version}"` })).status).toBe(200);
    const theirView = await recipients(sales2, m.id);
    expect(theirView.counts.total).toBe(1);
    expect(theirView.data).toEqual([]);
    // A reader whose field rules hide e-mail addresses sees the row without its address.
    const profile = await salesProfile(admin);
    const mineNow = (await sales1.get(`/api/v1/records/contacts/${mine.id}`)).body.data;
    expect((await sales1.patch(`/api/v1/records/contacts/${mine.id}`, { assigned_to: t.users.sales2 }, { 'If-Match': `"${mineNow.version}"` })).status).toBe(200);
    expect((await recipients(sales2, m.id)).data.map((r: any) => r.address)).toEqual(['mine@mail.example']);
    // The server's refusal names the address: hidden with it.
    await sql`update mailing_recipients set state = 'failed', error = '550 <mine@mail.example>: Recipient address rejected' where mailing_id = ${m.id}`.execute(db());
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { contacts: { email: 'hidden' } } })).status).toBe(200);
    try {
      expect((await recipients(sales2, m.id)).data.map((r: any) => [r.record_id, r.address, r.error])).toEqual([[mine.id, null, null]]);
      expect((await recipients(admin, m.id)).data.map((r: any) => r.error)).toEqual(['550 <mine@mail.example>: Recipient address rejected']);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('counts and sends to addresses only from fields the sender may see', async () => {
    await admin.put('/api/v1/settings/company', { country: 'Россия' });
    const withMail = (await sales1.post('/api/v1/records/contacts', { last_name: 'Hid', email: 'hid@mail.example', mobile: '+79120001111', phone: '+79120002222' })).body.data;
    const without = (await sales1.post('/api/v1/records/contacts', { last_name: 'Nomail' })).body.data;
    const ids = [withMail.id, without.id];
    const count = async (channel: string) => (await sales1.post('/api/v1/mailings/audience', { audience: { ids }, channel })).body.data;
    expect(await count('email')).toMatchObject({ recipients: 1, without_address: 1, address_hidden: 0 });
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { contacts: { email: 'hidden', mobile: 'hidden' } } })).status).toBe(200);
    try {
      // Which of the two has a hidden e-mail cannot be told from the counts; neither is mailed.
      expect(await count('email')).toMatchObject({ recipients: 0, without_address: 0, address_hidden: 2 });
      const m = (await sales1.post('/api/v1/records/mailings', { name: 'Hidden addresses', template_id: templateId, audience: { ids } })).body.data;
      const sent = await sales1.post(`/api/v1/records/mailings/${m.id}/actions/send`);
      expect(sent.body.counts).toMatchObject({ recipients: 0, address_hidden: 2 });
      expect((await admin.get(`/api/v1/records/mailings/${m.id}/recipients`)).body.counts.total).toBe(0);
      // A text message goes to the phone the sender sees, not to the hidden mobile.
      const sms = (await sales1.post('/api/v1/records/mailings', { name: 'To the phone', channel: 'sms', sms_text: 'Hi', audience: { ids } })).body.data;
      expect((await sales1.post(`/api/v1/records/mailings/${sms.id}/actions/send`)).body.counts).toMatchObject({ recipients: 1, without_address: 1 });
      expect((await admin.get(`/api/v1/records/mailings/${sms.id}/recipients`)).body.data.map((r: any) => r.address)).toEqual(['+79120002222']);
      // The record's text messages show a number only as its phone fields are shown.
      await sql`insert into sms_messages (to_number, text, provider, state, error, module, record_id)
        values ('+79120001111', 'Hi', 'log', 'failed', 'rejected +79120001111', 'contacts', ${withMail.id})`.execute(db());
      const log = async (c: Client) => (await c.get(`/api/v1/sms?related_to=${withMail.id}`)).body.data.map((r: any) => [r.to, r.error]);
      expect(await log(sales1)).toEqual([[null, null]]);
      expect(await log(admin)).toEqual([['+79120001111', 'rejected +79120001111']]);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('checks the audience and the state of each action', async () => {
    const bad = await admin.post('/api/v1/records/mailings', { name: 'x', audience: { campaign_id: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['audience.campaign_id']).toBeTruthy();
    const none = await admin.post('/api/v1/records/mailings', { name: 'x', audience: {} });
    expect(none.body.error.fields.audience).toBeTruthy();
    const { campaignId } = await campaignWith(2, 'p');
    const later = (await admin.post('/api/v1/records/mailings', { name: 'Later', template_id: templateId, audience: { campaign_id: campaignId }, send_at: '2099-01-01T09:00:00Z' })).body.data;
    const scheduled = await admin.post(`/api/v1/records/mailings/${later.id}/actions/send`);
    expect(scheduled.body.data.status).toBe('scheduled');
    expect((await admin.post(`/api/v1/records/mailings/${later.id}/actions/send`)).status).toBe(409);
    expect((await admin.post(`/api/v1/records/mailings/${later.id}/actions/pause`)).body.data.status).toBe('paused');
    expect((await admin.post(`/api/v1/records/mailings/${later.id}/actions/resume`)).body.data.status).toBe('scheduled');
    const changed = await admin.patch(`/api/v1/records/mailings/${later.id}`, { name: 'Later still' });
    expect(changed.status).toBe(200);
    expect((await admin.post(`/api/v1/records/mailings/${later.id}/actions/cancel`)).body.data.status).toBe('cancelled');
    expect((await admin.patch(`/api/v1/records/mailings/${later.id}`, { audience: { ids: [later.id] } })).status).toBe(400);
    expect((await admin.post(`/api/v1/records/mailings/${later.id}/actions/resume`)).status).toBe(409);
  });

  it('resolves a scheduled mailing\'s audience when its time comes, with the sender\'s visibility then', async () => {
    const { campaignId, ids } = await campaignWith(3, 'sch');
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const m = (await admin.post('/api/v1/records/mailings', { name: 'Scheduled', template_id: templateId, audience: { campaign_id: campaignId }, send_at: at })).body.data;
    expect((await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`)).body.data.status).toBe('scheduled');
    await runOnce(m.id);
    expect((await recipients(admin, m.id)).counts.total).toBe(0); // not yet
    // A member joins before the time; the hour passes.
    const late = (await admin.post('/api/v1/records/contacts', { last_name: 'Late', email: 'late@mail.example' })).body.data;
    await sql`insert into campaign_contacts (campaign_id, contact_id) values (${campaignId}, ${late.id})`.execute(db());
    await nextMinute();
    await runOnce(m.id);
    const log = await recipients(admin, m.id);
    expect(log.counts).toMatchObject({ total: 4, sent: 4 });
    expect((await admin.get(`/api/v1/records/mailings/${m.id}`)).body.data.status).toBe('completed');
    expect(ids).toHaveLength(3);
  });

  it('goes at a moved time, and waits paused when what it sends was removed before its time', async () => {
    const { campaignId } = await campaignWith(1, 'mv');
    const m = (await admin.post('/api/v1/records/mailings', { name: 'Moved', template_id: templateId, audience: { campaign_id: campaignId }, send_at: '2099-01-01T09:00:00Z' })).body.data;
    await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`);
    await admin.patch(`/api/v1/records/mailings/${m.id}`, { send_at: '2098-06-01T09:00:00Z' });
    const job = await sql<{ run_at: Date }>`select run_at from jobs where key = ${`mailing_send:${m.id}`} and done_at is null`.execute(db());
    expect(new Date(job.rows[0].run_at).toISOString()).toBe('2098-06-01T09:00:00.000Z');
    await admin.patch(`/api/v1/records/mailings/${m.id}`, { template_id: null });
    await nextMinute();
    await runOnce(m.id);
    expect((await admin.get(`/api/v1/records/mailings/${m.id}`)).body.data.status).toBe('paused');
    expect((await recipients(admin, m.id)).counts.total).toBe(0);
    // Its sender hears why (as when an audience has grown past the limit by its time).
    expect(((await admin.get('/api/v1/notifications')).body.data as any[]).some((n) => n.kind === 'mailing_paused' && n.record?.id === m.id)).toBe(true);
  });

  it('pauses, and tells its sender, when its template takes too long to render (it would for everyone)', async () => {
    const { campaignId } = await campaignWith(3, 'slow');
    const tpl = (await admin.post('/api/v1/records/email_templates', { name: 'Endless', subject: 'Hi', body_html: '{% for i in (1..100000000) %}{% endfor %}<p>Hi</p>' })).body.data.id;
    const m = (await admin.post('/api/v1/records/mailings', { name: 'Slow', template_id: tpl, audience: { campaign_id: campaignId } })).body.data;
    await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`);
    await t.runJobs();
    await batchDone(m.id).catch(() => undefined);
    await expect.poll(async () => (await admin.get(`/api/v1/records/mailings/${m.id}`)).body.data.status).toBe('paused');
    await expect.poll(async () => ((await admin.get('/api/v1/notifications')).body.data as any[]).some((n) => n.kind === 'mailing_paused' && n.record?.id === m.id)).toBe(true);
    // Nobody's message failed or went out: all wait for a better template.
    expect((await recipients(admin, m.id)).counts).toMatchObject({ queued: 3, sent: 0, failed: 0 });
  });

  it('pauses, and tells its sender, when its template is gone while it sends', async () => {
    const { campaignId } = await campaignWith(2, 'gone');
    const tpl = (await admin.post('/api/v1/records/email_templates', { name: 'Short-lived', subject: 'Hi', body_html: '<p>Hi</p>' })).body.data.id;
    const m = (await admin.post('/api/v1/records/mailings', { name: 'Orphan', template_id: tpl, audience: { campaign_id: campaignId } })).body.data;
    await admin.post(`/api/v1/records/mailings/${m.id}/actions/send`);
    expect((await admin.del(`/api/v1/records/email_templates/${tpl}`)).status).toBe(204);
    await t.runJobs();
    await batchDone(m.id).catch(() => undefined);
    await expect.poll(async () => (await admin.get(`/api/v1/records/mailings/${m.id}`)).body.data.status).toBe('paused');
    // The sender is told just after the pause is written: wait for the notice too.
    await expect.poll(async () => ((await admin.get('/api/v1/notifications')).body.data as any[]).some((n) => n.kind === 'mailing_paused' && n.record?.id === m.id)).toBe(true);
    expect((await recipients(admin, m.id)).counts).toMatchObject({ queued: 2, sent: 0 });
  });

  it('sends a test to the sender only, logging nothing', async () => {
    const { campaignId } = await campaignWith(1, 'tt');
    await admin.patch(`/api/v1/users/${t.users.admin}`, { email: 'boss@mail.example' });
    const m = (await admin.post('/api/v1/records/mailings', { name: 'Test me', template_id: templateId, audience: { campaign_id: campaignId } })).body.data;
    const r = await admin.post(`/api/v1/records/mailings/${m.id}/actions/test`);
    expect(r.status, r.raw).toBe(200);
    const mail = smtp.inbox.at(-1)!;
    expect(JSON.stringify(mail.to)).toContain('boss@mail.example');
    expect(mail.subject).toBe('[TEST] News for F0');
    expect((await recipients(admin, m.id)).counts.total).toBe(0);
    // Who may only read the mailing sends no test in its name, to anyone.
    const { withSalesModules } = await import('../../testing/sales-profile.js');
    expect((await admin.patch(`/api/v1/records/mailings/${m.id}`, { assigned_to: t.users.sales1 })).status).toBe(200);
    const before = smtp.inbox.length;
    await withSalesModules(admin, (mods) => ({ ...mods, mailings: ['view'], email_templates: ['view'] }), async () => {
      expect((await sales1.post(`/api/v1/records/mailings/${m.id}/actions/test`, { to: 'someone@else.example' })).status).toBe(403);
    });
    expect(smtp.inbox.length).toBe(before);
  });
});
