import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../engine/system-context.js';
import { createTestApp, type Client, type TestApp } from '../testing/test-app.js';
import { loadDemoRecords } from './demo-records.js';
import { PACKS } from './generator/lang/index.js';
import { DEMO_COUNTS, generateRecords, type GeneratedCounts } from './generate-records.js';

let t: TestApp;
let admin: Client;
let counts: GeneratedCounts;

const one = async (module: string, query: string) => {
  const r = await admin.get(`/api/v1/records/${module}?${query}`);
  expect(r.status).toBe(200);
  expect(r.body.data).toHaveLength(1);
  return { record: r.body.data[0], refs: r.body.refs ?? {} };
};
const total = async (module: string, query = '') => (await admin.get(`/api/v1/records/${module}?count=1&limit=1&${query}`)).body.total as number;

beforeAll(async () => {
  t = await createTestApp();
  const ctx = await contextFor(t.app, t.users.admin, 'ru');
  counts = await loadDemoRecords(ctx, { users: t.users, groups: t.groups }, { scale: 0.05 });
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('demo data: the seed records', () => {
  it('LEA12 Игорь Морозов', async () => {
    const { record } = await one('leads', 'filter[number]=LEA12');
    expect(record).toMatchObject({
      first_name: 'Игорь', last_name: 'Морозов', company: 'АО СвязьИнвестБанк', title: 'помощник фин. директора',
      phone: '(812) 745-45-12', mobile: '(921) 946-73-11', email: 'moroz@svazinvestbank.ru',
      lead_source: 'web_site', lead_status: 'contacted', assigned_to: t.groups['Отдел маркетинга'],
    });
  });

  it('CAM1 «Реклама в журнале Мир ПК» with its figures and product', async () => {
    const { record, refs } = await one('campaigns', 'filter[number]=CAM1');
    expect(record).toMatchObject({
      name: 'Реклама в журнале Мир ПК', status: 'active', campaign_type: 'advertisement',
      target_audience: 'Домашние пользователи компьютеров', target_size: 14000, budget_cost: '23000.00', actual_cost: '20000.00',
      expected_revenue: '400000.00', expected_sales_count: 40, actual_sales_count: 10,
      expected_response_count: 1000, actual_response_count: 486,
    });
    expect(refs[record.product_id]?.label).toBe('Ноутбук Satellite A200');
  });

  it('PRO3 QOSMIO from the vendor ООО КомпТорг, SER1', async () => {
    const { record, refs } = await one('products', 'filter[number]=PRO3');
    expect(record).toMatchObject({ name: 'Ноутбук QOSMIO X500-12Z', manufacturer: 'Toshiba', batch: '65', unit_price: '49987.00' });
    expect(Number(record.qty_in_stock)).toBe(6);
    expect(Number(record.reorder_level)).toBe(2);
    expect(refs[record.vendor_id]?.label).toBe('ООО КомпТорг');
    expect((await one('services', 'filter[number]=SER1')).record).toMatchObject({ name: 'Постгарантийное обслуживание', unit_price: '1000.00' });
  });

  it('the account, Жданов linked to it, the deal and quotes QUO2/QUO3', async () => {
    const { record: acc } = await one('accounts', 'filter[name]=ООО Современные технологии');
    expect(acc).toMatchObject({ phone: '(812) 338-75-92', employees: 23, email: 'zgdanov@sovtech.ru', other_email: 'info@sovtech.ru', legal_form: 'ООО', rating: 'active', billing_city: 'Москва' });
    const { record: con } = await one('contacts', 'filter[last_name]=Жданов');
    expect(con).toMatchObject({ first_name: 'Василий', title: 'тех. директор', account_id: acc.id });
    const { record: deal } = await one('deals', 'filter[name]=Ноутбуки для ООО Современные технологии');
    expect(deal.account_id).toBe(acc.id);
    const q2 = (await one('quotes', 'filter[number]=QUO2')).record;
    expect(q2).toMatchObject({ subject: 'Предложение 1 по партии ноутбуков с обслуживанием', account_id: acc.id, contact_id: con.id, deal_id: deal.id });
    expect(q2.lines.map((l: any) => [l.quantity, l.list_price])).toEqual([['10', '49987.00'], ['10', '1000.00']]);
    expect(q2.grand_total).toBe('509870.00');
    const q3 = (await one('quotes', 'filter[number]=QUO3')).record;
    expect(q3.lines).toHaveLength(1);
    expect(q3.grand_total).toBe('499870.00');
  });

  it('TT1 from Дмитрий Менделеев, FAQ1–FAQ4, the company requisites', async () => {
    const { record, refs } = await one('tickets', 'filter[number]=TT1');
    expect(record).toMatchObject({
      title: 'Возможно ли интегрировать CRM с интернет-магазином на Joomla?', priority: 'normal', status: 'in_progress',
      severity: 'major', category: 'small_problem',
    });
    expect(refs[record.contact_id]?.label).toMatch(/Менделеев/);
    expect((await one('faqs', 'filter[number]=FAQ1')).record.question).toBe('Как с помощью CRM управлять заказами интернет-магазина?');
    expect((await one('faqs', 'filter[number]=FAQ4')).record.question).toBe('Какие услуги оказывает SalesPlatform.ru?');
    const company = await t.app.database.db.selectFrom('settings').select('value').where('key', '=', 'company').executeTakeFirstOrThrow();
    expect(company.value).toMatchObject({ name: 'Демо-организация', inn: '7897658534', kpp: '783432324', bik: '044092039' });
  });
});

describe('demo data: pricing', () => {
  it("the dealers' terms were submitted by the manager and approved by the director", async () => {
    const offer = (await admin.post('/api/v1/records/offers/query', { where: { field: 'name', op: 'eq', value: 'Дилерские условия' } })).body.data[0];
    expect(offer).toMatchObject({ status: 'approved', assigned_to: t.users.manager });
    const [approval] = (await admin.get(`/api/v1/approvals?module=offers&record_id=${offer.id}`)).body.data;
    expect(approval).toMatchObject({ state: 'approved', submitted_by: t.users.manager });
  });
});

describe('demo data: generated records', () => {
  it('has people in all four languages, found by search', async () => {
    const people = [
      ...(await admin.get('/api/v1/records/contacts?limit=500&fields=first_name,last_name')).body.data,
      ...(await admin.get('/api/v1/records/leads?limit=500&fields=first_name,last_name')).body.data,
    ] as { last_name: string }[];
    for (const pack of Object.values(PACKS)) {
      const surnames = new Set([...pack.surnames, ...pack.surnames.map(pack.feminine)]);
      const person = people.find((p) => surnames.has(p.last_name));
      expect(person, pack.lang).toBeTruthy();
      const hits = [
        ...(await admin.get(`/api/v1/records/contacts?q=${encodeURIComponent(person!.last_name)}`)).body.data,
        ...(await admin.get(`/api/v1/records/leads?q=${encodeURIComponent(person!.last_name)}`)).body.data,
      ];
      expect(hits.some((h: any) => h.last_name === person!.last_name), pack.lang).toBe(true);
    }
  });

  it('has the counts of its scale, spread over owners, statuses and currencies', async () => {
    expect(await total('accounts')).toBe(counts.accounts + 1);
    expect(await total('contacts')).toBe(counts.contacts + 2);
    expect(await total('leads')).toBe(counts.leads + 1);
    expect(await total('deals')).toBe(counts.deals + 1);
    expect(await total('tickets')).toBe(counts.tickets + 1);
    expect(await total('faqs')).toBe(counts.faqs + 4);
    expect(await total('events')).toBe(counts.events);
    expect(await total('tasks')).toBe(counts.tasks);
    expect(await total('campaigns')).toBe(counts.campaigns + 1);
    expect(await total('products')).toBe(counts.products + 3);
    expect(await total('services')).toBe(counts.services + 1);
    expect(await total('vendors')).toBe(counts.vendors + 1);
    expect(await total('quotes')).toBe(2);
    for (const k of ['accounts', 'contacts', 'leads', 'deals', 'tickets', 'events', 'tasks'] as const) {
      expect(counts[k], k).toBe(Math.round(DEMO_COUNTS[k] * 0.05));
    }
    expect(counts.deal_contacts).toBeGreaterThan(0);
    const contacts = (await admin.get('/api/v1/records/contacts?limit=500&fields=account_id')).body.data as any[];
    expect(contacts.filter((c) => c.account_id).length / contacts.length).toBeGreaterThan(0.7);
    const events = (await admin.get('/api/v1/records/events?limit=500&fields=related_to')).body.data as any[];
    expect(events.every((e) => e.related_to)).toBe(true);
    const deals = (await admin.get('/api/v1/records/deals?limit=500')).body.data as any[];
    expect(new Set(deals.map((d) => d.status)).size).toBe(3);
    expect(new Set(deals.map((d) => d.currency)).size).toBeGreaterThanOrEqual(3);
    for (const d of deals.filter((x) => x.status === 'lost')) expect(d.loss_reason).toBeTruthy();
    const owners = new Set(deals.map((d) => d.assigned_to));
    expect(owners.size).toBeGreaterThanOrEqual(3);
  });

  it('deals of three kinds with stage histories across the year, so the funnel has numbers', async () => {
    const kinds = (await admin.get('/api/v1/records/deal_kinds?fields=name,mode')).body.data as any[];
    expect(kinds.map((k) => k.mode).sort()).toEqual(['manual', 'none', 'process']);
    const deals = (await admin.get('/api/v1/records/deals?limit=500&fields=deal_kind_id,status,stage')).body.data as any[];
    const closed = deals.find((d) => d.status !== 'open' && kinds.find((k) => k.id === d.deal_kind_id)?.mode !== 'none')!;
    const history = (await admin.get(`/api/v1/records/deals/${closed.id}/stage_history`)).body.data as any[];
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(history.at(-1).status).toBe(closed.status);
    for (let i = 1; i < history.length; i++) expect(history[i].entered_at).toBe(history[i - 1].left_at);
    const f = (await admin.get('/api/v1/analytics/funnel')).body;
    expect(f.stages[0].entered).toBeGreaterThan(0);
    expect(f.won.count + f.lost.count).toBe(deals.filter((d) => d.status !== 'open').length);
  });

  it('orders and invoices of won deals took products out of stock; received purchase orders put them in', async () => {
    expect(await total('sales_orders')).toBe(counts.sales_orders);
    expect(await total('invoices')).toBe(counts.invoices);
    const invoice = (await admin.get('/api/v1/records/invoices?limit=1&fields=lines,deal_id')).body.data[0];
    expect(invoice.deal_id).toBeTruthy();
    const line = invoice.lines.find((l: any) => l.item_module === 'products');
    const moves = (await admin.get(`/api/v1/records/products/${line.item_id}/stock_movements`)).body.data as any[];
    expect(moves.some((m) => m.document_id === invoice.id && Number(m.delta) < 0)).toBe(true);
  });

  // Last: it adds records. A second, smaller run makes the same first accounts and leads again — each step
  // has its own PRNG, so a step's records do not depend on the other steps' counts.
  it('is the same every time (seeded)', async () => {
    const numbered = async (module: string, fields: string[]) => {
      const rows = (await admin.get(`/api/v1/records/${module}?limit=500&fields=${fields.join(',')}`)).body.data as any[];
      rows.sort((a, b) => Number(a.number.replace(/\D/g, '')) - Number(b.number.replace(/\D/g, '')));
      return rows.map((x) => fields.map((f) => x[f]).join('|'));
    };
    const before = { accounts: await numbered('accounts', ['name', 'phone', 'email']), leads: await numbered('leads', ['last_name', 'company', 'email']) };
    const ctx = await contextFor(t.app, t.users.admin, 'ru');
    const again = await generateRecords(ctx, { users: t.users, groups: t.groups }, { scale: 0.02 });
    const after = { accounts: await numbered('accounts', ['name', 'phone', 'email']), leads: await numbered('leads', ['last_name', 'company', 'email']) };
    // Skip the seed's record (the first); the new records come after all the earlier ones.
    expect(after.accounts.slice(before.accounts.length)).toEqual(before.accounts.slice(1, 1 + again.accounts));
    expect(after.leads.slice(before.leads.length)).toEqual(before.leads.slice(1, 1 + again.leads));
  });
});
