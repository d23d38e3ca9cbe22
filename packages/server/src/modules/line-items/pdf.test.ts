import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client;
const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
  await admin.put('/api/v1/settings/company', { name: 'Демо-организация', inn: '7897658534', kpp: '783432324', bank_name: 'Банк «Санкт-Петербург»', bik: '044092039', bank_account: '23853467893467893278', phone: '+78125556622', website: 'www.example.com' });
});
afterAll(() => t.close());

/** Text of a PDF as a reader extracts it — proves the fonts are embedded with their Unicode maps. */
function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'karta-pdf-')), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('document PDF', () => {
  it('has the requisites, the customer, Cyrillic and Chinese lines and the totals, in the user’s language', async () => {
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'ООО Современные технологии' })).body.data.id;
    const product = (await admin.post('/api/v1/records/products', { name: '笔记本电脑 QOSMIO', product_code: 'PRO3', unit_price: '49987.00' })).body.data.id;
    const q = (await sales1.post('/api/v1/records/quotes', {
      subject: 'Ноутбуки', account_id: account, status: 'created', currency: 'RUB', terms_conditions: 'Оплата в течение 5 банковских дней',
      lines: [{ item_id: product, quantity: 10 }, { description: 'Постгарантийное обслуживание', quantity: 10, list_price: '1000' }],
    })).body.data;
    const r = await sales1.request('GET', `/api/v1/records/quotes/${q.id}/pdf?lang=ru`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdf = r.bytes;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (!hasPdftotext) return console.warn('pdftotext is missing (Debian poppler-utils): the PDF text was not checked');
    if (process.env.KARTA_KEEP_PDF) fs.writeFileSync(process.env.KARTA_KEEP_PDF, pdf);
    const text = pdfText(pdf);
    for (const s of ['Демо-организация', 'ИНН 7897658534', 'КПП 783432324', 'БИК 044092039', `Коммерческое предложение № ${q.number}`,
      'ООО Современные технологии', '笔记本电脑 QOSMIO', 'PRO3', 'Постгарантийное обслуживание', 'Всего к оплате, RUB', '509 870,00', 'Оплата в течение 5 банковских дней']) {
      expect(text.replace(/\u00a0|\u202f/g, ' '), s).toContain(s);
    }
  });

  it('only for documents the user may see, and only for document modules', async () => {
    const account = (await sales1.post('/api/v1/records/accounts', { name: 'Клиент' })).body.data.id;
    const q = (await sales1.post('/api/v1/records/quotes', { subject: 'Секрет', account_id: account, status: 'created', lines: [] })).body.data;
    expect((await sales2.request('GET', `/api/v1/records/quotes/${q.id}/pdf`)).status).toBe(404);
    expect((await sales1.request('GET', `/api/v1/records/accounts/${account}/pdf`)).status).toBe(404);
  });
});
