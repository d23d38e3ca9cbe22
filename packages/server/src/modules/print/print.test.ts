import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/test-app.js';
import { seedPrintTemplates, STANDARD_FORMS } from './forms/standard-forms.js';
import { DEFAULT_ROLES } from '../../admin/default-roles.js';

let t: TestApp;
let admin: Client, sales1: Client, sales2: Client;
const hasPoppler = spawnSync('pdftotext', ['-v']).error === undefined;
let account: string, vendor: string, laptop: string, service: string;

const LOGO_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales1, sales2] = await Promise.all(['admin', 'sales1', 'sales2'].map((u) => t.login(u)));
  expect(await seedPrintTemplates(t.app)).toBe(STANDARD_FORMS.length);
  expect(await seedPrintTemplates(t.app)).toBe(0);
  await admin.put('/api/v1/settings/company', {
    name: 'ООО «Демо-организация»', inn: '7897658534', kpp: '783432324', bank_name: 'Банк «Санкт-Петербург»', bik: '044092039',
    bank_account: '40702810000000000001', correspondent_account: '30101810900000000790', street: 'Невский пр., 1', city: 'Санкт-Петербург', postal_code: '191186',
    director: 'Иванов И. И.', accountant: 'Петрова А. А.', edrpou: '12345678', iban: 'UA213223130000026007233566001', uscc: '91310000MA1FL0AB2X', logo: LOGO_PNG,
  });
  account = (await sales1.post('/api/v1/records/accounts', {
    name: 'ООО Современные технологии', inn: '7701234567', kpp: '770101001', edrpou: '87654321', uscc: '91110108MA00ABCD1E',
    billing_street: 'ул. Тверская, 7', billing_city: 'Москва', billing_postal_code: '125009',
  })).body.data.id;
  vendor = (await admin.post('/api/v1/records/vendors', { name: 'Поставщик Альфа' })).body.data.id;
  laptop = (await admin.post('/api/v1/records/products', { name: '笔记本电脑 QOSMIO', product_code: 'PRO3', unit_price: '49987.00', usage_unit: 'pieces', tax_class: 'vat_20' })).body.data.id;
  service = (await admin.post('/api/v1/records/services', { name: 'Настройка оборудования', unit_price: '1500.00', usage_unit: 'hours' })).body.data.id;
});
afterAll(() => t.close());

/** Text of a PDF as a reader extracts it — proves the fonts are embedded with their Unicode maps. */
function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'karta-pdf-')), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  if (process.env.KARTA_KEEP_PDF) fs.copyFileSync(file, path.join(process.env.KARTA_KEEP_PDF, `${Date.now()}-${Math.random().toString(36).slice(2, 6)}.pdf`));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}

async function templateId(key: string): Promise<string> {
  const r = await admin.get(`/api/v1/records/print_templates?filter[standard_key]=${key}&fields=id,standard_key`);
  const row = r.body.data.find((x: { standard_key: string }) => x.standard_key === key);
  expect(row, key).toBeTruthy();
  return row.id;
}

async function document(module: string, extra: Record<string, unknown> = {}) {
  const party = module === 'purchase_orders' ? { vendor_id: vendor } : { account_id: account };
  return (await admin.post(`/api/v1/records/${module}`, {
    subject: 'Поставка ноутбуков', ...party, currency: 'RUB', terms_conditions: 'Оплата в течение 5 банковских дней', tax_mode: 'group',
    group_taxes: [{ name: 'vat_20', percent: 20 }],
    lines: [{ item_module: 'products', item_id: laptop, quantity: 10 }, { item_module: 'services', item_id: service, quantity: 2 }], ...extra,
  })).body.data;
}

async function print(client: Client, module: string, id: string, template?: string) {
  const r = await client.request('GET', `/api/v1/records/${module}/${id}/pdf${template ? `?template=${template}` : ''}`);
  return r;
}

function expectAll(text: string, parts: string[]) {
  for (const s of parts) expect(text, s).toContain(s);
}

describe('shipped print templates', () => {
  it('«Счёт на оплату»: bank block, both parties, articles and units, VAT 20 % named, totals, count and sum in words, signatures', async () => {
    const inv = await document('invoices', { invoice_date: '2026-12-03' });
    // 10 × 49 987 + 2 × 1 500 = 502 870; НДС 20 % = 100 574; всего 603 444
    const r = await print(admin, 'invoices', inv.id, await templateId('ru_invoice'));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    if (!hasPoppler) return console.warn('pdftotext is missing (Debian poppler-utils): the PDF text was not checked');
    const text = pdfText(r.bytes);
    expectAll(text, ['Банк «Санкт-Петербург»', 'Банк получателя', 'БИК', '044092039', '30101810900000000790', '40702810000000000001', 'ИНН 7897658534', 'КПП 783432324',
      `Счёт на оплату № ${inv.number} от 3 декабря 2026 г.`, 'ООО Современные технологии', 'ИНН 7701234567', 'КПП 770101001', '125009', 'Москва',
      'PRO3', '笔记本电脑 QOSMIO', 'шт.', 'Настройка оборудования', 'ч', '49 987,00', '499 870,00', '502 870,00', 'НДС 20%', '100 574,00', '603 444,00',
      'Всего наименований 2, на сумму 603 444,00 руб.', 'Шестьсот три тысячи четыреста сорок четыре рубля 00 копеек', 'Руководитель', 'Иванов И. И.', 'Бухгалтер', 'Петрова А. А.']);
    expect(text).not.toContain('Налоги');
  });

  it('per-line VAT: the rate and tax in every line and «В том числе НДС» in the totals', async () => {
    const inv = await document('invoices', { tax_mode: 'individual', group_taxes: [], invoice_date: '2026-12-03' });
    const text = hasPoppler ? pdfText((await print(admin, 'invoices', inv.id, await templateId('ru_invoice'))).bytes) : '';
    if (!hasPoppler) return;
    expectAll(text, ['Ставка', 'НДС', '20 %', '99 974,00', '599 844,00', 'В том числе НДС 20%', '602 844,00']);
  });

  it('«Акт», «Коммерческое предложение», «Заказ покупателя»', async () => {
    const inv = await document('invoices', { invoice_date: '2026-12-03' });
    const quote = await document('quotes', { valid_until_date: '2026-12-31' });
    const order = await document('sales_orders');
    const act = await print(admin, 'invoices', inv.id, await templateId('ru_act'));
    const q = await print(admin, 'quotes', quote.id, await templateId('ru_quote'));
    const so = await print(admin, 'sales_orders', order.id, await templateId('ru_sales_order'));
    expect([act.status, q.status, so.status]).toEqual([200, 200, 200]);
    if (!hasPoppler) return;
    expectAll(pdfText(act.bytes), [`Акт № ${inv.number}`, 'Исполнитель', 'Заказчик', 'Всего оказано услуг 2', 'претензий', 'ИСПОЛНИТЕЛЬ', 'ЗАКАЗЧИК']);
    expectAll(pdfText(q.bytes), [`Коммерческое предложение № ${quote.number}`, 'ООО Современные технологии', 'Предложение действительно до 31 декабря 2026 г.', 'Оплата в течение 5 банковских дней', '603 444,00']);
    expectAll(pdfText(so.bytes), [`Заказ покупателя № ${order.number}`, 'Поставщик', 'Покупатель', 'Шестьсот три тысячи']);
  });

  it('a quote with an undecided alternative group prints every alternative and the range of its total; a chosen one is marked', async () => {
    const tvs = (chosen: number | null) => [0, 1].map((i) => ({ description: i ? 'Телевизор 65"' : 'Телевизор 55"', quantity: 1, list_price: i ? '80000' : '50000', alternative_group: 'ТВ', is_selected: chosen === i }));
    const open = await document('quotes', { group_taxes: [], lines: [{ item_module: 'services', item_id: service, quantity: 2 }, ...tvs(null)] });
    expect(open.grand_total).toBe('3000.00'); // the undecided televisions count in no total
    const early = await admin.post(`/api/v1/records/quotes/${open.id}/actions/convert`, { to: 'sales_orders' });
    expect(early.status).toBe(400);
    expect(early.body.error.fields.lines).toContain('ТВ');
    const r = await print(admin, 'quotes', open.id, await templateId('ru_quote'));
    expect(r.status).toBe(200);
    if (!hasPoppler) return;
    expectAll(pdfText(r.bytes), ['Альтернативы (из каждой группы берётся одна позиция)', 'Телевизор 55"', 'Телевизор 65"', 'В зависимости от выбора', '53 000,00 –', '83 000,00']);
    const chosen = await document('quotes', { group_taxes: [], lines: [{ item_module: 'services', item_id: service, quantity: 2 }, ...tvs(1)] });
    expect(chosen.grand_total).toBe('83000.00');
    const text = pdfText((await print(admin, 'quotes', chosen.id, await templateId('ru_quote'))).bytes);
    expectAll(text, ['выбрано', '83 000,00']);
    expect(text).not.toContain('В зависимости от выбора');
    // Converted, only the chosen television goes to the order, as an ordinary line.
    const order = await admin.post(`/api/v1/records/quotes/${chosen.id}/actions/convert`, { to: 'sales_orders' });
    expect(order.body.data.lines.map((l: any) => [l.description, l.is_alternative, l.alternative_group])).toEqual([['Настройка оборудования', false, null], ['Телевизор 65"', false, null]]);
  });

  it('Ukrainian «Рахунок на оплату» and «Комерційна пропозиція»: ЄДРПОУ, IBAN, ПДВ, сума прописом', async () => {
    const inv = await document('invoices', { currency: 'UAH', invoice_date: '2026-12-03', group_taxes: [{ name: 'ПДВ 20%', percent: 20 }] });
    const quote = await document('quotes', { currency: 'UAH' });
    const r = await print(admin, 'invoices', inv.id, await templateId('uk_invoice'));
    const q = await print(admin, 'quotes', quote.id, await templateId('uk_quote'));
    expect([r.status, q.status]).toEqual([200, 200]);
    if (!hasPoppler) return;
    expectAll(pdfText(r.bytes), [`Рахунок на оплату № ${inv.number} від 3 грудня 2026 р.`, 'Код за ЄДРПОУ 12345678', 'IBAN UA213223130000026007233566001', 'Код за ЄДРПОУ 87654321',
      'ПДВ 20%', '100 574,00', 'Всього найменувань 2, на суму 603 444,00 грн', 'Шістсот три тисячі чотириста сорок чотири гривні 00 копійок']);
    expectAll(pdfText(q.bytes), [`Комерційна пропозиція № ${quote.number}`, 'Сума прописом']);
  });

  it('Chinese 报价单 and 形式发票: 统一社会信用代码, 开户银行, 账号 and 大写金额', async () => {
    const inv = await document('invoices', { currency: 'CNY', invoice_date: '2026-12-03', group_taxes: [] });
    const quote = await document('quotes', { currency: 'CNY', group_taxes: [] });
    const r = await print(admin, 'invoices', inv.id, await templateId('zh_proforma'));
    const q = await print(admin, 'quotes', quote.id, await templateId('zh_quote'));
    expect([r.status, q.status]).toEqual([200, 200]);
    if (!hasPoppler) return;
    expectAll(pdfText(r.bytes), ['形式发票', '统一社会信用代码', '91310000MA1FL0AB2X', '开户银行', '账号', '40702810000000000001', '91110108MA00ABCD1E',
      '2026年12月3日', '件', '小时', '人民币伍拾万贰仟捌佰柒拾元整', '502,870.00', '免税']);
    expectAll(pdfText(q.bytes), ['报价单', '人民币伍拾万贰仟捌佰柒拾元整']);
  });

  it('English quote, pro-forma invoice and purchase order', async () => {
    const quote = await document('quotes', { currency: 'USD' });
    const inv = await document('invoices', { currency: 'USD', invoice_date: '2026-12-03' });
    const po = await document('purchase_orders', { currency: 'USD' });
    const [q, i, p] = await Promise.all([
      print(admin, 'quotes', quote.id, await templateId('en_quote')), print(admin, 'invoices', inv.id, await templateId('en_proforma')), print(admin, 'purchase_orders', po.id),
    ]);
    expect([q.status, i.status, p.status]).toEqual([200, 200, 200]);
    if (!hasPoppler) return;
    expectAll(pdfText(q.bytes), [`Quote No. ${quote.number}`, 'pcs', '603,444.00', 'Six hundred three thousand four hundred forty-four US dollars and 00 cents']);
    expectAll(pdfText(i.bytes), [`Pro-forma invoice No. ${inv.number}`, 'December 3, 2026']);
    expectAll(pdfText(p.bytes), [`Purchase order No. ${po.number}`, 'Поставщик Альфа', 'Ship to']);
  });

  it('a document in a language without its own form prints in the plain layout of the reader\'s language', async () => {
    const po = await document('purchase_orders');
    expect([403, 404]).toContain((await sales1.request('GET', `/api/v1/records/purchase_orders/${po.id}/pdf`)).status);
    const me = (await admin.get('/api/v1/auth/me')).body.user.id;
    await admin.patch(`/api/v1/users/${me}`, { language: 'ru' });
    const r = await admin.request('GET', `/api/v1/records/purchase_orders/${po.id}/pdf`);
    await admin.patch(`/api/v1/users/${me}`, { language: 'en' });
    expect(r.status).toBe(200);
    if (hasPoppler) expectAll(pdfText(r.bytes), [`Заказ поставщику № ${po.number}`, 'Поставщик Альфа', 'Сумма прописью', 'Шестьсот три тысячи']);
  });
});

describe('what every print shares', () => {
  it("{{today}} is the printing user's date, not the UTC one", async () => {
    const { printCommon } = await import('./print-scope.js');
    const { formatDate } = await import('./formats.js');
    const { contextFor } = await import('../../engine/system-context.js');
    const base = await contextFor(t.app, t.users.admin);
    const at = (zone: string) => ({ ...base, user: { ...base.user, timeZone: zone } });
    const evening = Date.UTC(2026, 2, 1, 20, 0); // 1 March 20:00 UTC: already 2 March in Kiritimati (UTC+14)
    expect((await printCommon(at('Pacific/Kiritimati'), 'en', evening)).today).toBe(formatDate('2026-03-02', 'en'));
    expect((await printCommon(at('America/Los_Angeles'), 'en', evening)).today).toBe(formatDate('2026-03-01', 'en'));
    expect((await printCommon(at('Pacific/Kiritimati'), 'en', Date.UTC(2026, 2, 1, 9, 0))).today).toBe(formatDate('2026-03-01', 'en'));
  });
});

describe('print templates', () => {
  it('an admin edits a template; the change prints; a preview renders an unsaved body; users may not preview', async () => {
    const id = await templateId('ru_invoice');
    const current = (await admin.get(`/api/v1/records/print_templates/${id}`)).body.data;
    const edited = current.body_html + '<p>Спасибо за покупку! Сумма: {{ totals.raw_grand_total | money }} — {{ totals.raw_grand_total | in_words }}</p>';
    expect((await admin.patch(`/api/v1/records/print_templates/${id}`, { body_html: edited })).status).toBe(200);
    const inv = await document('invoices');
    const r = await print(sales1, 'invoices', inv.id);
    expect(r.status).toBe(404); // admin's invoice, sales1 does not see it
    const mine = (await sales1.post('/api/v1/records/invoices', { subject: 'Мой', account_id: account, currency: 'RUB', lines: [{ description: 'Работа', quantity: 1, list_price: '100.50' }] })).body.data;
    const printed = await print(sales1, 'invoices', mine.id);
    expect(printed.status).toBe(200);
    const preview = await admin.post('/api/v1/print_templates/preview', { template: { module: 'invoices', language: 'en', body_html: '<h1>Draft {{ number }}</h1><p>{{ totals.in_words }}</p>' }, record_id: mine.id });
    expect(preview.status).toBe(200);
    expect((await sales1.post('/api/v1/print_templates/preview', { template: { module: 'invoices', body_html: 'x' }, record_id: mine.id })).status).toBe(403);
    expect((await sales1.patch(`/api/v1/records/print_templates/${id}`, { name: 'x' })).status).toBe(403);
    if (!hasPoppler) return;
    expectAll(pdfText(printed.bytes), ['Спасибо за покупку! Сумма: 100,50 — Сто рублей 50 копеек']);
    expectAll(pdfText(preview.bytes), [`Draft ${mine.number}`, 'One hundred Russian roubles and 50 kopecks']);
  });

  it('refuses scripts and bad Liquid on save; a file read fails; images only from data URLs; HTML in values is text', async () => {
    const base = { name: 'T', module: 'accounts', language: 'en' };
    const script = await admin.post('/api/v1/records/print_templates', { ...base, body_html: '<p>x</p><script>alert(1)</script>' });
    expect(script.status).toBe(400);
    expect(script.body.error.fields.body_html).toMatch(/script/);
    expect((await admin.post('/api/v1/records/print_templates', { ...base, body_html: '{% if %}' })).body.error.fields.body_html).toMatch(/Liquid/);
    const include = (await admin.post('/api/v1/records/print_templates', { ...base, body_html: "{% include '/etc/passwd' %}" })).body.data;
    const r = await print(admin, 'accounts', account, include.id);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/cannot be rendered/);
    const acc = (await admin.post('/api/v1/records/accounts', { name: '<b>Bold & Co</b> <img src="/etc/hostname">' })).body.data.id;
    const img = (await admin.post('/api/v1/records/print_templates', { ...base, body_html: '<img src="/etc/hostname"><img src="file:///etc/passwd"><img src="http://127.0.0.1/x.png"><p>{{ name }}</p>' })).body.data;
    const out = await print(admin, 'accounts', acc, img.id);
    expect(out.status).toBe(200);
    if (hasPoppler) expect(pdfText(out.bytes)).toContain('<b>Bold & Co</b> <img src="/etc/hostname">');
  });

  it('visibility: no print of a record one cannot see, nor of another module\'s record through ?template=', async () => {
    const q = (await sales1.post('/api/v1/records/quotes', { subject: 'Секрет', account_id: account, lines: [] })).body.data;
    expect((await print(sales2, 'quotes', q.id)).status).toBe(404);
    const quoteTemplate = await templateId('ru_quote');
    const r = await print(sales1, 'accounts', account, quoteTemplate);
    expect(r.status).toBe(400);
    expect((await print(sales1, 'accounts', account)).status).toBe(200); // the shipped letter
    expect((await print(sales1, 'tasks', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('mail merge: one PDF, a page per record; records the caller cannot see are refused', async () => {
    const a2 = (await sales1.post('/api/v1/records/accounts', { name: 'ЗАО Второй клиент', billing_city: 'Казань' })).body.data.id;
    const letter = await templateId('ru_letter_accounts');
    const r = await sales1.request('POST', `/api/v1/print_templates/${letter}/merge`, { ids: [account, a2] });
    expect(r.status).toBe(200);
    if (hasPoppler) {
      const text = pdfText(r.bytes);
      expectAll(text, ['ООО Современные технологии', 'ЗАО Второй клиент', 'Казань', 'Уважаемые коллеги!']);
      expect(text.split('\f').filter((p) => p.trim()).length).toBe(2);
    }
    const hidden = (await sales2.post('/api/v1/records/accounts', { name: 'Чужой' })).body.data.id;
    expect((await sales1.request('POST', `/api/v1/print_templates/${letter}/merge`, { ids: [account, hidden] })).status).toBe(404);
    expect((await sales1.request('POST', `/api/v1/print_templates/${letter}/merge`, { ids: [] })).status).toBe(400);
    expect((await sales1.request('POST', `/api/v1/print_templates/${letter}/merge`, { ids: ['x'] })).status).toBe(400);
  });

  it('a runaway template is stopped with a clear error, not a blocked server', async () => {
    const body = '{% for i in (1..100000) %}<p>{{ i }}</p>{% endfor %}';
    const tpl = (await admin.post('/api/v1/records/print_templates', { name: 'Loop', module: 'accounts', body_html: body })).body.data;
    const r = await print(admin, 'accounts', account, tpl.id);
    expect(r.status).toBe(400);
    // Within Liquid's limits but past the layout budget: refused by the PDF worker with a clear message.
    const wide = (await admin.post('/api/v1/records/print_templates', { name: 'Wide', module: 'accounts', body_html: '{% for i in (1..25000) %}<p>{{ i }}</p><p>.</p>{% endfor %}' })).body.data;
    const big = await print(admin, 'accounts', account, wide.id);
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/too large to print/);
    // The worker keeps serving after refusing.
    expect((await print(admin, 'accounts', account)).status).toBe(200);
    // Nested past the depth limit: refused the same way, not a crashed worker.
    const deep = (await admin.post('/api/v1/records/print_templates', { name: 'Deep', module: 'accounts', body_html: '{% for i in (1..5000) %}<b>{% endfor %}x' })).body.data;
    const nested = await print(admin, 'accounts', account, deep.id);
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(/too large to print/);
    expect((await print(admin, 'accounts', account)).status).toBe(200);
    // Declared columns cost their place too: 70,000 <col> in a colgroup over 1,000 rows is refused, not laid out.
    const cols = (await admin.post('/api/v1/records/print_templates', { name: 'Cols', module: 'accounts', body_html: '<table><colgroup>{% for i in (1..70000) %}<col>{% endfor %}</colgroup>{% for i in (1..1000) %}<tr><td>x</td></tr>{% endfor %}</table>' })).body.data;
    const columns = await print(admin, 'accounts', account, cols.id);
    expect(columns.status).toBe(400);
    expect(columns.body.error.message).toMatch(/too large to print/);
    // So do the empty cells that pad narrow rows out to the widest: one row of 1,000 cells over 100 rows of one.
    const padded = (await admin.post('/api/v1/records/print_templates', { name: 'Padded', module: 'accounts', body_html: '<table><tr>{% for i in (1..1000) %}<td>x</td>{% endfor %}</tr>{% for i in (1..100) %}<tr><td>y</td></tr>{% endfor %}</table>' })).body.data;
    const pad = await print(admin, 'accounts', account, padded.id);
    expect(pad.status).toBe(400);
    expect(pad.body.error.message).toMatch(/too large to print/);
    // Slow but under two seconds a page, merged for 80 records: the print's ten seconds run out, it is refused.
    const slow = (await admin.post('/api/v1/records/print_templates', { name: 'Slow', module: 'accounts', body_html: '{% for i in (1..2000000) %}{% endfor %}{{ name }}' })).body.data;
    const many = await Promise.all(Array.from({ length: 80 }, async (_, i) => (await admin.post('/api/v1/records/accounts', { name: `Медленный ${i}` })).body.data.id));
    const merged = await admin.request('POST', `/api/v1/print_templates/${slow.id}/merge`, { ids: many });
    expect(merged.status).toBe(400);
    expect(JSON.parse(merged.raw).error.message).toMatch(/limit exceeded/);
  });

  it('pictures must be real PNG or JPEG bytes: a fake one is refused in settings and left out of a print', async () => {
    const fake = 'data:image/png;base64,AAAAAAAAAAAAAAAA';
    expect((await admin.put('/api/v1/settings/company', { stamp: fake })).status).toBe(400);
    const tpl = (await admin.post('/api/v1/records/print_templates', { name: 'Fake picture', module: 'accounts', body_html: `<img src="${fake}"><p>{{ name }}</p>` })).body.data;
    expect((await print(admin, 'accounts', account, tpl.id)).status).toBe(200);
  });

  it('the stamp and signature are read by administrators only; every default role may read print templates', async () => {
    const SIG = LOGO_PNG;
    expect((await admin.put('/api/v1/settings/company', { stamp: SIG, signature: SIG })).status).toBe(200);
    expect((await admin.get('/api/v1/settings/company')).body.data.stamp).toBe(SIG);
    const mine = (await sales1.get('/api/v1/settings/company')).body.data;
    expect(mine.stamp).toBeUndefined();
    expect(mine.signature).toBeUndefined();
    expect(mine.logo).toBe(LOGO_PNG);
    for (const role of DEFAULT_ROLES) expect(role.permissions.print_templates, role.key).toEqual(['view']);
  });
});
