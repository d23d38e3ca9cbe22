import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../testing/smtp.js';
import { multipartBody } from '../../testing/multipart.js';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { htmlToText, pickVariant } from './template-render.js';

let t: TestApp;
let admin: Client, manager: Client, sales1: Client, sales2: Client;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp();
  [admin, manager, sales1, sales2] = await Promise.all(['admin', 'manager', 'sales1', 'sales2'].map((u) => t.login(u)));
  await admin.put('/api/v1/settings/company', { name: 'ООО «Карта»', currency: 'RUB' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const BODY = '<p>{{name}} — {{account_id}} ({{account_id.billing_city}}), {{amount}}, {{close_date}}, {{stage}}; {{assigned_to.email}}; {{company.name}}</p>';

let seq = 0;
async function deal(owner: Client, name = '10 ноутбуков') {
  const account = (await owner.post('/api/v1/records/accounts', { name: `ООО «Ромашка» ${++seq}`, billing_city: 'Казань' })).body.data.id;
  const contact = (await owner.post('/api/v1/records/contacts', { last_name: 'Ли', first_name: 'Мэй', email: 'mei.li@example.cn', account_id: account })).body.data.id;
  return (await owner.post('/api/v1/records/deals', { name, account_id: account, contact_id: contact, amount: '1234.5', currency: 'RUB', close_date: '2026-12-31', stage: 'prospecting' })).body.data;
}

async function template(values: Record<string, unknown>) {
  const r = await manager.post('/api/v1/records/email_templates', { name: 'Offer', module: 'deals', subject: 'Offer: {{name}}', body_html: BODY, ...values });
  expect(r.status, r.raw).toBe(201);
  return r.body.data;
}

describe('e-mail templates', () => {
  it('merge the record, its references, the owner and the company, formatted in each language', async () => {
    const d = await deal(sales1);
    const tpl = await template({
      variants: {
        ru: { subject: 'Предложение: {{name}}', body_html: '<p>{{name}}: {{amount}}, {{close_date}}, {{stage}}</p>' },
        zh: { subject: '报价：{{name}}', body_html: '<p>{{name}}：{{amount}}，{{close_date}}</p>' },
        uk: { body_html: '<p>{{account_id.name}}: {{amount}}</p>' },
      },
    });
    const render = (language?: string) => sales1.post(`/api/v1/email_templates/${tpl.id}/render`, { record: { module: 'deals', id: d.id }, language });
    const en = await render('en');
    expect(en.status, en.raw).toBe(200);
    expect(en.body.subject).toBe('Offer: 10 ноутбуков');
    expect(en.body.html).toBe(`<p>10 ноутбуков — ООО «Ромашка» 1 (Казань), ${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'RUB' }).format(1234.5)}, December 31, 2026, Prospecting; sales1@example.com; ООО «Карта»</p>`);
    const ru = await render('ru');
    expect(ru.body.subject).toBe('Предложение: 10 ноутбуков');
    expect(ru.body.html.replace(/\s/g, ' ')).toBe('<p>10 ноутбуков: 1 234,50 ₽, 31 декабря 2026 г., Поиск</p>'.replace(/\s/g, ' '));
    const zh = await render('zh');
    expect(zh.body.html).toBe('<p>10 ноутбуков：RUB 1,234.50，2026年12月31日</p>'.replace('RUB 1,234.50', new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'RUB' }).format(1234.5)));
    const uk = await render('uk');
    expect(uk.body.subject).toBe('Offer: 10 ноутбуков'); // no subject in the variant: the default one
    expect(uk.body.html.replace(/\s/g, ' ')).toBe('<p>ООО «Ромашка» 1: 1 234,50 RUB</p>'.replace('1 234,50 RUB', new Intl.NumberFormat('uk-UA', { style: 'currency', currency: 'RUB' }).format(1234.5)).replace(/\s/g, ' '));
  });

  it("{{today}} is the sender's today, on their clock", async () => {
    const d = await deal(sales1);
    const tpl = await template({ body_html: '<p>{{today}}</p>', subject: 'x' });
    const iso = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
    const long = (day: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
    try {
      // 26 hours apart: at any moment at least one of the two dates differs from the UTC one.
      for (const zone of ['Pacific/Kiritimati', 'Etc/GMT+12']) {
        await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: zone });
        const r = await sales1.post(`/api/v1/email_templates/${tpl.id}/render`, { record: { module: 'deals', id: d.id }, language: 'en' });
        const day = iso(zone);
        expect(r.body.html === `<p>${long(day)}</p>` || iso(zone) !== day, zone).toBe(true);
      }
    } finally {
      await sales1.patch(`/api/v1/users/${t.users.sales1}`, { time_zone: null });
    }
  });

  it('escape what records hold: a <script> in a value stays text; | raw is the template author\'s choice', async () => {
    const d = await deal(sales1, '<script>alert(1)</script> & "x"');
    const tpl = await template({ body_html: '<p>{{name}}</p><i>{{ account_id.ctx.user.id }}{{ assigned_to.ctx }}{{ account_id.budget }}</i>', subject: '{{name}}' });
    const r = await sales1.post(`/api/v1/email_templates/${tpl.id}/render`, { record: { module: 'deals', id: d.id } });
    // …and what lies behind a reference (the sender's context) is not there to read.
    expect(r.body.html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;</p><i></i>');
    expect(r.body.subject).toBe('<script>alert(1)</script> & "x"'); // a subject is plain text, not HTML
  });

  it('refuse templates that do not parse or reach for files, in the caller\'s language; nothing is saved', async () => {
    const bad = await sales2.request('POST', '/api/v1/records/email_templates', { name: 'x', subject: 'x', body_html: '{% if %}' });
    expect(bad.status).toBe(403); // a sales person may use templates, not write them
    const r = await manager.post('/api/v1/records/email_templates', { name: 'Broken', subject: 'x', body_html: '<p>{% if name %}unclosed</p>' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^Ошибка в шаблоне: body_html не является корректным шаблоном Liquid/);
    const variant = await manager.post('/api/v1/records/email_templates', { name: 'Broken', subject: 'x', body_html: 'ok', variants: { fr: { body_html: 'x' } } });
    expect(variant.status).toBe(400);
    expect(variant.body.error.fields['variants.fr']).toBeTruthy();
    const list = await manager.get('/api/v1/records/email_templates?filter[name][eq]=Broken');
    expect(list.body.data).toEqual([]);
    const include = await template({ body_html: '{% include "/etc/passwd" %}{% render "../../package.json" %}' });
    const d = await deal(sales1);
    const out = await sales1.post(`/api/v1/email_templates/${include.id}/render`, { record: { module: 'deals', id: d.id } });
    expect(out.status).toBe(400);
    expect(out.raw).not.toContain('root:');
  });

  it('render only records the caller may see, and only for the template\'s module', async () => {
    const d = await deal(sales1);
    const tpl = await template({});
    expect((await sales2.post(`/api/v1/email_templates/${tpl.id}/render`, { record: { module: 'deals', id: d.id } })).status).toBe(404);
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'Other' })).body.data.id;
    const wrong = await sales1.post(`/api/v1/email_templates/${tpl.id}/render`, { record: { module: 'accounts', id: account } });
    expect(wrong.status).toBe(400);
  });

  it('send a record with a template: HTML and text parts, in the language asked for, logged on the record', async () => {
    const d = await deal(sales1);
    const tpl = await template({ variants: { ru: { subject: 'Предложение: {{name}}', body_html: '<p>Здравствуйте!</p><p>{{name}}: {{amount}}</p>' } } });
    const r = await sales1.post(`/api/v1/records/deals/${d.id}/actions/send_email`, { template_id: tpl.id, language: 'ru' });
    expect(r.status, r.raw).toBe(201);
    const mail = smtp.inbox.at(-1)!;
    expect(mail.subject).toBe('Предложение: 10 ноутбуков');
    expect(String(mail.html)).toContain('<p>Здравствуйте!</p>');
    expect(mail.text?.trim().replace(/\s/g, ' ')).toBe('Здравствуйте!\n10 ноутбуков: 1 234,50 ₽'.replace(/\s/g, ' '));
    expect((mail.to as { text: string }).text).toContain('mei.li@example.cn');
    expect(r.body.data).toMatchObject({ subject: 'Предложение: 10 ноутбуков', related_to: d.id });
    const timeline = await sales1.get(`/api/v1/records/deals/${d.id}/related/emails`);
    expect(timeline.body.data.map((e: any) => e.id)).toContain(r.body.data.id);
  });
});

describe('template attachments', () => {
  it("attach the template's documents the sender may read, and the record's PDF when asked", async () => {
    const d = await deal(sales1);
    const m = multipartBody({ name: 'price-list.txt', content: 'Цены 2027' });
    const file = (await manager.request('POST', '/api/v1/files', m.body, m.headers)).body;
    const doc = (await manager.post('/api/v1/records/documents', { title: 'Price list', file_id: file.id, assigned_to: t.users.sales1 })).body.data;
    const tpl = await template({ document_ids: [doc.id] });
    const r = await sales1.post(`/api/v1/records/deals/${d.id}/actions/send_email`, { template_id: tpl.id });
    expect(r.status, r.raw).toBe(201);
    const mail = smtp.inbox.at(-1)!;
    expect(mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['price-list.txt', 'Цены 2027']]);
    expect(r.body.data.attachments).toBe('price-list.txt');
    // A colleague who may not read the document sends the same template without it.
    const d2 = await deal(sales2);
    await sales2.post(`/api/v1/records/deals/${d2.id}/actions/send_email`, { template_id: tpl.id, to: ['x@example.com'] });
    expect(smtp.inbox.at(-1)!.attachments).toEqual([]);
    // Documents the sender names themselves are refused when they cannot go, never left out unsaid.
    const sent = smtp.inbox.length;
    const refused = await sales2.post(`/api/v1/records/deals/${d2.id}/actions/send_email`, { to: ['x@example.com'], body: 'См. прайс', attachments: [doc.id] });
    expect(refused.status, refused.raw).toBe(400);
    expect(refused.body.error.fields.attachments).toContain(doc.id);
    expect(smtp.inbox.length).toBe(sent);
    const chosen = await sales1.post(`/api/v1/records/deals/${d.id}/actions/send_email`, { to: ['x@example.com'], body: 'См. прайс', attachments: [doc.id] });
    expect(chosen.status, chosen.raw).toBe(201);
    expect(smtp.inbox.at(-1)!.attachments.map((a) => a.filename)).toEqual(['price-list.txt']);
  });
});

describe('template helpers', () => {
  it('pick the language variant, else the default text', () => {
    const tpl = { subject: 'S', body_html: 'B', variants: { ru: { subject: 'С', body_html: 'Б' }, zh: { body_html: '' } } };
    expect(pickVariant(tpl, 'ru')).toEqual({ subject: 'С', body_html: 'Б', language: 'ru' });
    expect(pickVariant(tpl, 'zh')).toEqual({ subject: 'S', body_html: 'B' });
    expect(pickVariant(tpl, undefined)).toEqual({ subject: 'S', body_html: 'B' });
  });
  it('turn HTML into readable text', () => {
    expect(htmlToText('<p>A &amp; B</p><script>x()</script><p>C<br>D</p>')).toBe('A & B\nC\nD');
  });
});
