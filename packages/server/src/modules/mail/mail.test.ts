import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImap, type TestImap } from '../../testing/imap.js';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

const raw = (from: string, subject: string, id: string, text: string) =>
  [`From: ${from}`, 'To: sales1@karta.test', `Subject: ${subject}`, `Message-ID: ${id}`, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');

describe('personal mail (Mail Manager)', () => {
  let t: TestApp;
  let imap: TestImap;
  let smtp: TestSmtp;
  let admin: Client, sales1: Client, sales2: Client;
  let contact: string, box: string;

  beforeAll(async () => {
    imap = await startImap({ sales1: 'imap-s1' });
    process.env.KARTA_MAIL_ALLOW_HOSTS = imap.host; // the test server is on loopback, where a user's mailbox may not point
    smtp = await startSmtp();
    t = await createTestApp();
    [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
    contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Клиентов', first_name: 'Иван', email: 'ivan@client.ru' })).body.data.id;
  }, 60_000);
  afterAll(async () => {
    delete process.env.KARTA_MAIL_ALLOW_HOSTS;
    await t.close();
    await smtp.close();
    await imap.close();
  });

  it('keeps a user\'s own mailbox off this machine and the private network unless allowed; the desk\'s may point there', async () => {
    const settings = { name: 'Зонд', port: 5432, tls: false, username: 'x', password: 'y', active: false };
    delete process.env.KARTA_MAIL_ALLOW_HOSTS;
    try {
      for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '::1', '169.254.169.254']) {
        const r = await sales1.request('POST', '/api/v1/mailboxes/mine', { ...settings, host }, { 'accept-language': 'ru' });
        expect(r.status, host).toBe(400);
        expect(r.body.error.fields.host).toMatch(/частную сеть/);
      }
      expect((await sales1.get('/api/v1/mailboxes/mine')).body.data).toEqual([]);
      const desk = await admin.post('/api/v1/settings/mailboxes', { ...settings, host: '127.0.0.1' });
      expect(desk.status).toBe(201);
      await admin.del(`/api/v1/settings/mailboxes/${desk.body.data.id}`);
      // Stored while allowed, connected after the allowance went: refused at connection, never reaching the port.
      process.env.KARTA_MAIL_ALLOW_HOSTS = imap.host;
      const own = (await sales1.post('/api/v1/mailboxes/mine', { ...settings, host: imap.host, port: imap.port })).body.data.id;
      delete process.env.KARTA_MAIL_ALLOW_HOSTS;
      const test = await sales1.post(`/api/v1/mailboxes/mine/${own}/test`);
      expect(test.status).toBe(503);
      expect(test.body.error.message).toMatch(/private address/);
      await sales1.del(`/api/v1/mailboxes/mine/${own}`);
    } finally {
      process.env.KARTA_MAIL_ALLOW_HOSTS = imap.host;
    }
  });

  it('a user connects their own mailbox; it is theirs alone, not among the desk\'s mailboxes', async () => {
    const created = await sales1.post('/api/v1/mailboxes/mine', { name: 'Моя почта', host: imap.host, port: imap.port, tls: false, username: 'sales1', password: 'imap-s1', address: 'sales1@karta.test', active: false });
    expect(created.status).toBe(201);
    box = created.body.data.id;
    expect(JSON.stringify(created.body)).not.toContain('imap-s1');
    expect((await sales1.get('/api/v1/mailboxes/mine')).body.data.map((m: { id: string }) => m.id)).toEqual([box]);
    expect((await sales2.get('/api/v1/mailboxes/mine')).body.data).toEqual([]);
    expect((await sales2.put(`/api/v1/mailboxes/mine/${box}`, { name: 'чужая' })).status).toBe(404);
    expect((await sales2.post(`/api/v1/mailboxes/mine/${box}/poll`)).status).toBe(404);
    expect((await admin.get('/api/v1/settings/mailboxes')).body.data.map((m: { id: string }) => m.id)).not.toContain(box);
  });

  it('mail from a known contact is linked to the contact\'s timeline; other mail stays private to its owner', async () => {
    await imap.append('sales1', raw('"Иван Клиентов" <Ivan@Client.ru>', 'Вопрос по КП', '<k1@client.ru>', 'Когда будет КП?'));
    await imap.append('sales1', raw('promo@shop.example', 'Скидки недели', '<k2@shop.example>', 'Купите!'));
    expect((await sales1.post(`/api/v1/mailboxes/mine/${box}/poll`)).body.data).toMatchObject({ fetched: 2, linked: 1, kept: 1, failed: 0 });
    const inbox = (await sales1.get('/api/v1/mail')).body.data;
    expect(inbox.map((m: { subject: string }) => m.subject).sort()).toEqual(['Вопрос по КП', 'Скидки недели']);
    const linked = inbox.find((m: { subject: string }) => m.subject === 'Вопрос по КП');
    expect(linked).toMatchObject({ linked_module: 'contacts', linked_id: contact });
    const timeline = (await sales1.get(`/api/v1/records/contacts/${contact}/timeline`)).body.data;
    expect(timeline.some((i: { kind: string; title: string }) => i.kind === 'email' && i.title === 'Вопрос по КП')).toBe(true);

    // Someone who cannot see the contact sees neither the mail nor its e-mail record.
    expect((await sales2.get(`/api/v1/records/contacts/${contact}`)).status).toBe(404);
    expect((await sales2.get('/api/v1/mail')).body.data).toEqual([]);
    expect((await sales2.get(`/api/v1/mail/${linked.id}`)).status).toBe(404);
    const asSales2 = await sales2.post('/api/v1/records/emails/query', { where: { field: 'subject', op: 'eq', value: 'Вопрос по КП' } });
    expect(asSales2.body.data).toEqual([]);
    // Polling again takes nothing twice.
    expect((await sales1.post(`/api/v1/mailboxes/mine/${box}/poll`)).body.data).toMatchObject({ fetched: 0 });
    // A mail in the inbox claiming to be from the user (anyone can write that From:) is no mail they sent: it stays in
    // their own list and goes on no record's timeline.
    await imap.append('sales1', raw('sales1@karta.test', 'Скидка 90% подтверждена', '<k3@forged.example>', 'Cc-only claim').replace('To: sales1@karta.test', 'To: sales1@karta.test\r\nCc: Ivan@Client.ru'));
    expect((await sales1.post(`/api/v1/mailboxes/mine/${box}/poll`)).body.data).toMatchObject({ fetched: 1, linked: 0, kept: 1 });
    const forged = await sales1.post('/api/v1/records/emails/query', { where: { field: 'subject', op: 'eq', value: 'Скидка 90% подтверждена' } });
    expect(forged.body.data).toEqual([]);
  });

  it('a lead, ticket or task is made from a message; a reply goes out threaded and is kept on the contact', async () => {
    const inbox = (await sales1.get('/api/v1/mail')).body.data;
    const promo = inbox.find((m: { subject: string }) => m.subject === 'Скидки недели');
    const lead = await sales1.post(`/api/v1/mail/${promo.id}/create`, { module: 'leads' });
    expect(lead.status).toBe(201);
    expect((await sales1.get(`/api/v1/records/leads/${lead.body.data.id}`)).body.data).toMatchObject({ email: 'promo@shop.example', last_name: 'promo' });
    const task = await sales1.post(`/api/v1/mail/${promo.id}/create`, { module: 'tasks' });
    expect((await sales1.get(`/api/v1/records/tasks/${task.body.data.id}`)).body.data.subject).toBe('Скидки недели');
    expect((await sales1.post(`/api/v1/mail/${promo.id}/create`, { module: 'deals' })).status).toBe(400);

    const question = inbox.find((m: { subject: string }) => m.subject === 'Вопрос по КП');
    const sent = await sales1.post('/api/v1/mail/send', { reply_to: question.id, body: 'КП будет завтра.' });
    expect(sent.status).toBeLessThan(300);
    const out = smtp.inbox[smtp.inbox.length - 1];
    expect(out.to).toMatchObject({ text: 'Ivan@Client.ru'.toLowerCase() });
    expect(out.inReplyTo).toBe('<k1@client.ru>');
    expect(out.subject).toBe('Re: Вопрос по КП');
    const kept = (await sales1.post('/api/v1/records/emails/query', { where: { field: 'subject', op: 'eq', value: 'Re: Вопрос по КП' } })).body.data;
    expect(kept).toMatchObject([{ contact_id: contact, status: 'sent' }]);
    // A template fills from the record the mail is about.
    const template = (await admin.post('/api/v1/records/email_templates', { name: 'Ответ клиенту', module: 'contacts', subject: 'Для {{ first_name }}', body_html: '<p>Уважаемый {{ first_name }} {{ last_name }}!</p>' })).body.data.id;
    expect((await sales1.post('/api/v1/mail/send', { reply_to: question.id, template_id: template })).status).toBeLessThan(300);
    const templated = smtp.inbox[smtp.inbox.length - 1];
    expect(templated.subject).toBe('Для Иван');
    expect(templated.text).toContain('Уважаемый Иван Клиентов!');
  });

  it("mail from a contact whose account the owner cannot see is still kept and linked to the contact; a message's recipients are checked", async () => {
    const hidden = (await sales2.post('/api/v1/records/accounts', { name: 'Чужой клиент' })).body.data.id;
    const person = (await sales2.post('/api/v1/records/contacts', { last_name: 'Общий', email: 'shared@partner.example', account_id: hidden, assigned_to: t.users.sales1 })).body.data.id;
    expect((await sales1.get(`/api/v1/records/accounts/${hidden}`)).status).toBe(404);
    await imap.append('sales1', raw('shared@partner.example', 'Письмо партнёра', '<k3@partner.example>', 'Привет'));
    expect((await sales1.post(`/api/v1/mailboxes/mine/${box}/poll`)).body.data).toMatchObject({ fetched: 1, linked: 1, failed: 0 });
    const kept = (await sales1.post('/api/v1/records/emails/query', { where: { field: 'subject', op: 'eq', value: 'Письмо партнёра' } })).body.data;
    expect(kept).toMatchObject([{ contact_id: person, account_id: null }]);

    const before = smtp.inbox.length;
    const bad = await sales1.post('/api/v1/mail/send', { to: ['ok@example.org', 'Evil <evil@example.net>, x'], subject: 'Тест', body: 'hi' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['to[1]']);
    const many = await sales1.post('/api/v1/mail/send', { to: Array.from({ length: 51 }, (_, i) => `r${i}@example.org`), subject: 'Тест', body: 'hi' });
    expect(many.body.error.fields).toHaveProperty('to');
    expect(smtp.inbox.length).toBe(before);
  });
  it('links a message to a lead only for an owner whose profile may view leads, however widely leads are shared', async () => {
    const { linkedRecord } = await import('./personal-ingest.js');
    const { contextFor } = await import('../../engine/system-context.js');
    const { withSalesModules, without } = await import('../../testing/sales-profile.js');
    const lead = (await sales2.post('/api/v1/records/leads', { last_name: 'Открытый', company: 'ООО Лид', email: 'lead@shared.example' })).body.data.id;
    expect((await admin.put('/api/v1/sharing', { leads: 'public_read' })).status).toBe(200);
    try {
      expect(await linkedRecord(await contextFor(t.app, t.users.sales1), ['lead@shared.example'])).toMatchObject({ module: 'leads', id: lead });
      await withSalesModules(admin, without('leads'), async () => {
        expect(await linkedRecord(await contextFor(t.app, t.users.sales1), ['lead@shared.example'])).toBeNull();
      });
    } finally {
      expect((await admin.put('/api/v1/sharing', { leads: 'private' })).status).toBe(200);
    }
  });
});
