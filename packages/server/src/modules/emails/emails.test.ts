import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { pdfRenderers } from './send-email.js';
import { salesProfile, withSalesModules } from '../../testing/sales-profile.js';

let t: TestApp;
let sales1: Client, sales2: Client;
let smtp: TestSmtp;
let inbox: TestSmtp['inbox'];

beforeAll(async () => {
  smtp = await startSmtp();
  inbox = smtp.inbox;
  t = await createTestApp();
  [sales1, sales2] = await Promise.all(['sales1', 'sales2'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function dealWithContact() {
  const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО «Ромашка»' })).body.data.id;
  const contact = (await sales1.post('/api/v1/records/contacts', { last_name: 'Ли', first_name: 'Мэй', email: 'mei.li@example.cn', account_id: account })).body.data.id;
  const deal = (await sales1.post('/api/v1/records/deals', { name: '10 ноутбуков', account_id: account, contact_id: contact, close_date: '2026-12-31', stage: 'prospecting' })).body.data;
  return { account, contact, deal };
}

describe('send_email', () => {
  it("delivers to the record's contact by default and keeps the e-mail on the record, its account and contact", async () => {
    const { account, contact, deal } = await dealWithContact();
    const r = await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { subject: 'Коммерческое предложение 报价', body: 'Добрый день!\n请查收。', cc: ['boss@example.ru'] });
    expect(r.status).toBe(201);
    const mail = inbox.at(-1)!;
    expect(mail.subject).toBe('Коммерческое предложение 报价');
    expect(mail.text?.trim()).toBe('Добрый день!\n请查收。');
    expect((mail.to as { text: string }).text).toContain('mei.li@example.cn');
    expect((mail.cc as { text: string }).text).toContain('boss@example.ru');
    expect(r.body.data).toMatchObject({ related_to: deal.id, account_id: account, contact_id: contact, status: 'sent', to_addresses: 'mei.li@example.cn' });
    for (const [module, id] of [['deals', deal.id], ['accounts', account], ['contacts', contact]]) {
      const rel = await sales1.get(`/api/v1/records/${module}/${id}/related/emails`);
      expect(rel.body.data.map((e: any) => e.id), module).toContain(r.body.data.id);
    }
  });

  it('attaches the PDF of modules that can print themselves', async () => {
    const { deal } = await dealWithContact();
    pdfRenderers.deals = async (_ctx, id) => ({ filename: `deal-${id}.pdf`, content: Buffer.from('%PDF-1.4 test') });
    try {
      const r = await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: ['a@example.com'], attach_pdf: true });
      expect(r.status).toBe(201);
      const mail = inbox.at(-1)!;
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`deal-${deal.id}.pdf`, 'application/pdf']]);
      expect(mail.attachments[0].content.toString()).toBe('%PDF-1.4 test');
    } finally {
      delete pdfRenderers.deals;
    }
  });

  it('rejects bad addresses and a PDF a module cannot make, sending nothing; a colleague cannot send a private record', async () => {
    const { deal } = await dealWithContact();
    const before = inbox.length;
    const bad = await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: ['not-an-address'], cc: 'x@', attach_pdf: true });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['attach_pdf', 'cc[0]', 'to[0]']);
    expect((await sales2.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: ['a@example.com'] })).status).toBe(404);
    expect(inbox.length).toBe(before);
  });

  it('sends nothing it could not keep: too long, no right to keep e-mails, a NUL from a template; links only what the sender sees', async () => {
    const { deal } = await dealWithContact();
    const before = inbox.length;
    const kept = async () => (await sales1.get(`/api/v1/records/deals/${deal.id}/related/emails`)).body.data.length;
    const long = await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: Array.from({ length: 50 }, (_, i) => `recipient-number-${i}-xxxxxxxxxxxxxxxx@example-domain.com`), subject: 'Длинно' });
    expect(long.status).toBe(400);
    expect(Object.keys(long.body.error.fields)).toEqual(['to']);
    expect((await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: ['a@example.com'], body: 'я'.repeat(70_000) })).body.error.fields).toHaveProperty('body');
    const admin = await t.login('admin');
    await withSalesModules(admin, (m) => ({ ...m, emails: (m.emails ?? []).filter((a) => a !== 'create') }), async () => {
      expect((await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: ['a@example.com'], subject: 'Нельзя' })).status).toBe(403);
    });
    expect(inbox.length).toBe(before);
    expect(await kept()).toBe(0);
    // A template's character reference to NUL (no text column keeps it) is sent and kept as U+FFFD.
    const template = (await admin.post('/api/v1/records/email_templates', { name: 'NUL', subject: 'Шаблон', body_html: '<p>a&#0;b</p>' })).body.data.id;
    const sent = await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: ['a@example.com'], template_id: template });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.data.body).toBe('a\ufffdb');
    // A deal given to a colleague whose contact and account they cannot see: sent, and kept on the deal alone.
    const theirs = (await sales1.post('/api/v1/records/deals', { name: 'Передана', account_id: (await sales1.get(`/api/v1/records/deals/${deal.id}`)).body.data.account_id, contact_id: deal.contact_id, close_date: '2026-12-31', assigned_to: t.users.sales2 })).body.data;
    const colleague = await sales2.post(`/api/v1/records/deals/${theirs.id}/actions/send_email`, { to: ['x@example.com'], subject: 'От коллеги' });
    expect(colleague.status, JSON.stringify(colleague.body)).toBe(201);
    expect(colleague.body.data).toMatchObject({ related_to: theirs.id, account_id: null, contact_id: null });
    expect(inbox.length).toBe(before + 2);
    // A profile that keeps the copy field read-only: a message without a copy goes and is kept; one with a copy is
    // refused before it goes.
    const profile = await salesProfile(admin);
    expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: { emails: { cc_addresses: 'read_only' } } })).status).toBe(200);
    try {
      expect((await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: ['a@example.com'], subject: 'Без копии' })).status).toBe(201);
      const copy = await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: ['a@example.com'], cc: ['b@example.com'], subject: 'С копией' });
      expect(copy.status).toBe(400);
      expect(Object.keys(copy.body.error.fields)).toEqual(['cc']);
      expect(inbox.length).toBe(before + 3);
    } finally {
      expect((await admin.patch(`/api/v1/profiles/${profile}`, { fields: {} })).status).toBe(200);
    }
  });

  it('says clearly when e-mail is not configured', async () => {
    const { deal } = await dealWithContact();
    const url = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      const r = await sales1.post(`/api/v1/records/deals/${deal.id}/actions/send_email`, { to: ['a@example.com'] });
      expect(r.status).toBe(503);
      expect(r.body.error.message).toContain('SMTP_URL');
      expect((await sales1.get(`/api/v1/records/deals/${deal.id}/related/emails`)).body.data).toHaveLength(0);
    } finally {
      process.env.SMTP_URL = url;
    }
  });
});

describe('e-mail copies of notifications', () => {
  const arrived = async (to: string, subject: RegExp) => {
    for (let i = 0; i < 50; i++) {
      const m = inbox.find((x) => x.to && JSON.stringify(x.to).includes(to) && subject.test(x.subject ?? ''));
      if (m) return m;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  };

  it('go to users who asked for them; low stock always reaches the stock owner', async () => {
    const admin = await t.login('admin');
    await admin.patch(`/api/v1/users/${t.users.sales2}`, { email: 'sales2@example.ru' });
    await admin.patch(`/api/v1/users/${t.users.sales1}`, { email: 'sales1@example.ru', email_notifications: false });
    // A user turns the copies on for themselves; they may not change other settings of their own.
    expect((await sales2.patch(`/api/v1/users/${t.users.sales2}`, { email_notifications: true })).body.data.email_notifications).toBe(true);
    expect((await sales2.patch(`/api/v1/users/${t.users.sales2}`, { is_admin: true })).status).toBe(403);

    await sales1.post('/api/v1/records/accounts', { name: 'Для коллеги', assigned_to: t.users.sales2 });
    // The subject in the recipient's language (sales2 reads Ukrainian, sales1 Russian).
    const copy = await arrived('sales2@example.ru', /призначено вам/);
    expect(copy?.text).toContain('Для коллеги');

    const product = (await admin.post('/api/v1/records/products', { name: 'Монитор', unit_price: '100', qty_in_stock: '5', reorder_level: '3', stock_owner_id: t.users.sales1 })).body.data.id;
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'Покупатель' })).body.data.id;
    await sales1.post('/api/v1/records/invoices', { subject: 'Мониторы', account_id: account, status: 'created', lines: [{ item_module: 'products', item_id: product, quantity: 3 }] });
    expect(await arrived('sales1@example.ru', /товар заканчивается/)).not.toBeNull();
    // sales1 did not ask for copies: assigning something to them sends none.
    await sales2.post('/api/v1/records/accounts', { name: 'Для sales1', assigned_to: t.users.sales1 });
    expect(await arrived('sales1@example.ru', /назначено вам|assigned to you/)).toBeNull();
  });
});
